/*
 * kvmlab lab page: what the serial and the graphical console share. Each asks the platform for a one-minute
 * console ticket, opens its socket with it, shows its state, and reconnects with growing pauses.
 */
window.kvmlabConsole = (function () {
  "use strict";

  /** A fresh ticket for the console in el (data-session, data-guest, data-ticket-url); kind "vnc" or none. */
  function ticket(el, kind) {
    var params = { s: el.dataset.session, g: el.dataset.guest };
    if (kind) {
      params.kind = kind;
    }
    return fetch(el.dataset.ticketUrl, { method: "POST", body: new URLSearchParams(params), credentials: "same-origin" })
      .then(function (r) {
        return r.text().then(function (text) {
          if (!r.ok) {
            throw new Error(text || ("the platform answered " + r.status));
          }
          return text;
        });
      });
  }

  /** The socket address for a ticket, under el's data-socket-path. */
  function socketUrl(el, ticketText) {
    var scheme = location.protocol === "https:" ? "wss://" : "ws://";
    return scheme + location.host + el.dataset.socketPath + encodeURIComponent(ticketText);
  }

  /** Shows a state on el (data-state, for styles and tests) and a sentence in its status line. */
  function status(el, line) {
    return function (state, text) {
      el.dataset.state = state;
      line.textContent = text;
    };
  }

  /** Calls connect again after 1, 2, … up to max pauses of unitMs; reset() after a good connection. */
  function backoff(connect, unitMs, max) {
    var retry = 0;
    return {
      later: function () {
        retry = Math.min(retry + 1, max);
        setTimeout(connect, unitMs * retry);
      },
      reset: function () {
        retry = 0;
      }
    };
  }

  return { ticket: ticket, socketUrl: socketUrl, status: status, backoff: backoff };
}());
