/* kvmlab lab page: the CodeMirror XML editor, problem-line markers, the session countdown and the shell history. */
(function () {
  "use strict";

  function initEditors() {
    document.querySelectorAll("textarea.xml-editor").forEach(function (area) {
      if (area.dataset.cmReady === "1" || typeof CodeMirror === "undefined") {
        return;
      }
      area.dataset.cmReady = "1";
      var editor = CodeMirror.fromTextArea(area, {
        mode: "xml",
        lineNumbers: true,
        lineWrapping: false,
        matchTags: { bothTags: true },
        foldGutter: true,
        gutters: ["CodeMirror-linenumbers", "CodeMirror-foldgutter"],
        indentUnit: 2,
        tabSize: 2,
        readOnly: area.dataset.readonly === "true"
      });
      editor.on("change", function () { editor.save(); });
      (area.dataset.problemLines || "").split(",").forEach(function (line) {
        var n = parseInt(line, 10);
        if (n > 0) {
          editor.addLineClass(n - 1, "background", "problem-line");
        }
      });
      // a marker under each offending line, with the plain reason
      var problems = [];
      try {
        problems = JSON.parse(area.dataset.problems || "[]");
      } catch (e) {
        problems = [];
      }
      problems.forEach(function (p) {
        if (p.line > 0 && p.line <= editor.lineCount()) {
          var marker = document.createElement("div");
          marker.className = "problem-marker";
          marker.textContent = "\u26a0 " + p.message;
          editor.addLineWidget(p.line - 1, marker, { coverGutter: false, noHScroll: true });
        }
      });
      if (problems.length > 0) {
        editor.scrollIntoView({ line: problems[0].line - 1, ch: 0 }, 80);
      }
    });
  }

  function pad(n) { return n < 10 ? "0" + n : "" + n; }

  function tick() {
    document.querySelectorAll(".countdown[data-expires]").forEach(function (el) {
      var left = Math.floor((Date.parse(el.dataset.expires) - Date.now()) / 1000);
      if (isNaN(left)) {
        return;
      }
      if (left <= 0) {
        el.textContent = "time is up: the guest is being removed";
        el.classList.add("expired");
        return;
      }
      var h = Math.floor(left / 3600), m = Math.floor(left % 3600 / 60), s = left % 60;
      el.textContent = (h > 0 ? h + ":" + pad(m) : m) + ":" + pad(s) + " left";
      el.classList.toggle("soon", left < 300);
      var warning = el.parentNode.querySelector(".countdown-warning");
      if (warning) {
        warning.classList.toggle("shown", left < 300);
      }
    });
  }

  /** Gives the virsh terminal the learner's earlier commands of this session for ↑/↓. */
  function restoreShellHistory(attempt) {
    var holder = document.querySelector(".shell-history[data-history]");
    if (!holder) {
      return;
    }
    if (!window.PrimeFaces || !PrimeFaces.widgets.virsh) {
      // PrimeFaces builds its widgets when the document is ready, which may be after this runs
      if ((attempt || 0) < 50) {
        setTimeout(function () { restoreShellHistory((attempt || 0) + 1); }, 100);
      }
      return;
    }
    try {
      var commands = JSON.parse(holder.dataset.history || "[]");
      var terminal = PrimeFaces.widgets.virsh;
      terminal.commands = commands.concat(terminal.commands || []);
      terminal.commandIndex = terminal.commands.length;
    } catch (e) {
      // a history that cannot be read leaves an empty one
    }
  }

  document.addEventListener("DOMContentLoaded", function () {
    initEditors();
    restoreShellHistory();
    tick();
    setInterval(tick, 1000);
    if (window.jQuery) {
      jQuery(document).on("pfAjaxComplete", function () {
        initEditors();
        tick(); // the poll re-renders the countdown with a new expiry: show it at once
      });
    }
  });
})();
