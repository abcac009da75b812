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
    var status = el.querySelector(".vnc-status");
    var screen = el.querySelector(".vnc-screen");
    var retry = 0;

    function say(state, text) {
      el.dataset.state = state;
      status.textContent = text;
    }

    function later() {
      retry = Math.min(retry + 1, 6);
      setTimeout(connect, 2000 * retry);
    }

    function ticket() {
      var body = new URLSearchParams({ s: el.dataset.session, g: el.dataset.guest, kind: "vnc" });
      return fetch(el.dataset.ticketUrl, { method: "POST", body: body, credentials: "same-origin" })
        .then(function (r) {
          return r.text().then(function (text) {
            if (!r.ok) {
              throw new Error(text || ("the platform answered " + r.status));
            }
            return text;
          });
        });
    }

    function connect() {
      say("connecting", "connecting…");
      Promise.all([ticket(), import(el.dataset.novnc)])
        .then(function (got) {
          var RFB = got[1].default;
          var scheme = location.protocol === "https:" ? "wss://" : "ws://";
          screen.textContent = "";
          var rfb = new RFB(screen, scheme + location.host + el.dataset.socketPath + encodeURIComponent(got[0]),
            { wsProtocols: ["binary"] });
          rfb.scaleViewport = true;
          rfb.addEventListener("connect", function () {
            retry = 0;
            say("connected", "connected");
          });
          rfb.addEventListener("credentialsrequired", function () {
            say("password", "this display asks for its VNC password");
            rfb.sendCredentials({ password: window.prompt("VNC password of " + el.dataset.guest) || "" });
          });
          rfb.addEventListener("disconnect", function () {
            say("closed", "The display closed. Reconnecting…");
            later();
          });
        })
        .catch(function (err) {
          say("error", err.message + " Retrying…");
          later();
        });
    }

    connect();
  }

  document.addEventListener("DOMContentLoaded", function () {
    document.querySelectorAll(".vnc-console").forEach(start);
  });
}());
