/*
 * kvmlab lab page: the guest's graphical console in noVNC. Like the serial console, it asks for a one-minute
 * ticket, connects through the platform's WebSocket bridge, and reconnects when the display goes away
 * (a power cycle), for as long as the page is open.
 */
(function () {
  "use strict";

  function start(el) {
    if (el.dataset.ready === "1") {
      return;
    }
    el.dataset.ready = "1";
    var screen = el.querySelector(".vnc-screen");
    var say = kvmlabConsole.status(el, el.querySelector(".vnc-status"));
    var retries = kvmlabConsole.backoff(connect, 2000, 6);

    function connect() {
      say("connecting", "connecting…");
      Promise.all([kvmlabConsole.ticket(el, "vnc"), import(el.dataset.novnc)])
        .then(function (got) {
          var RFB = got[1].default;
          screen.textContent = "";
          var rfb = new RFB(screen, kvmlabConsole.socketUrl(el, got[0]), { wsProtocols: ["binary"] });
          rfb.scaleViewport = true;
          rfb.addEventListener("connect", function () {
            retries.reset();
            say("connected", "connected");
          });
          rfb.addEventListener("credentialsrequired", function () {
            say("password", "this display asks for its VNC password");
            rfb.sendCredentials({ password: window.prompt("VNC password of " + el.dataset.guest) || "" });
          });
          rfb.addEventListener("disconnect", function () {
            say("closed", "The display closed. Reconnecting…");
            retries.later();
          });
        })
        .catch(function (err) {
          say("error", err.message + " Retrying…");
          retries.later();
        });
    }

    connect();
  }

  document.addEventListener("DOMContentLoaded", function () {
    document.querySelectorAll(".vnc-console").forEach(start);
  });
}());
