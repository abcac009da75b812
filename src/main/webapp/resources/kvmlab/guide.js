/* kvmlab guide page: colours fenced code blocks with CodeMirror's run mode (tokenizers only, no editor). */
(function () {
  "use strict";

  // Fence language (```xml, ```sh, …) → CodeMirror mode loaded by guide.xhtml; other languages stay plain.
  var MODES = { xml: "xml", sh: "shell", bash: "shell", shell: "shell", console: "shell", yaml: "yaml", yml: "yaml" };

  function highlight() {
    if (typeof CodeMirror === "undefined" || typeof CodeMirror.runMode !== "function") {
      return;
    }
    document.querySelectorAll(".guide pre > code[class^='language-']").forEach(function (code) {
      var language = /^language-([\w-]+)/.exec(code.className);
      var mode = language && MODES[language[1].toLowerCase()];
      if (!mode || code.dataset.highlighted === "1") {
        return;
      }
      code.dataset.highlighted = "1";
      // runMode builds text nodes and spans from the text: nothing is parsed as HTML
      CodeMirror.runMode(code.textContent, mode, code);
      code.classList.add("cm-s-default", "highlighted");
    });
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", highlight);
  } else {
    highlight();
  }
}());
