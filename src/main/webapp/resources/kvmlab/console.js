/*
 * kvmlab lab page: the guest's serial console in xterm.js. The page asks the platform for a one-minute
 * ticket, opens the console socket with it, and reconnects (with a fresh ticket) whenever the console
 * closes: after a power cycle, a network hiccup or a page reload the learner is back at the same console.
 */
(function () {
  "use strict";

  function start(el) {
    if (el.dataset.ready === "1" || typeof Terminal === "undefined") {
      return;
    }
    el.dataset.ready = "1";
    var term = new Terminal({ cursorBlink: true, fontSize: 13, rows: 20, scrollback: 2000 });
    var fit = typeof FitAddon !== "undefined" ? new FitAddon.FitAddon() : null;
    if (fit) {
      term.loadAddon(fit);
    }
    term.open(el.querySelector(".console-screen"));
    if (fit) {
      fit.fit();
      window.addEventListener("resize", function () { fit.fit(); });
    }
    var say = kvmlabConsole.status(el, el.querySelector(".console-status"));
    var socket = null;
    var retries = kvmlabConsole.backoff(connect, 1000, 5);

    term.onData(function (keys) {
      if (socket && socket.readyState === WebSocket.OPEN) {
        socket.send(keys);
      }
    });

    function connect() {
      say("connecting", "connecting…");
      kvmlabConsole.ticket(el)
        .then(function (ticket) {
          socket = new WebSocket(kvmlabConsole.socketUrl(el, ticket));
          socket.binaryType = "arraybuffer";
          socket.onopen = function () {
            retries.reset();
            say("connected", "connected");
            socket.send("\r");
          };
          socket.onmessage = function (e) {
            term.write(typeof e.data === "string" ? e.data : new Uint8Array(e.data));
          };
          socket.onclose = function (e) {
            say("closed", (e.reason || "The console closed.") + " Reconnecting…");
            retries.later();
          };
        })
        .catch(function (err) {
          say("error", err.message + " Retrying…");
          retries.later();
        });
    }

    connect();
  }

  document.addEventListener("DOMContentLoaded", function () {
    document.querySelectorAll(".serial-console").forEach(start);
  });
}());
