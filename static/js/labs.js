// iamconsole — labs.js: keeps a lab page (and an instructor's class report)
// up to date while it is open. The page works without it: "Check now" and
// a reload show the same.
//
//   [data-poll-url="URL"]   the status to fetch every few seconds while the
//                           page is visible: JSON {"cells": {KEY: TEXT}}
//   [data-cell="KEY"]       gets TEXT; a badge turns green on "done"
//   [data-cell-value="KEY"] (a <progress>) gets TEXT as its value
(function () {
  "use strict";

  var POLL_MS = 3000;
  var source = document.querySelector("[data-poll-url]");
  if (!source || !window.fetch) return;
  var url = source.getAttribute("data-poll-url");
  var busy = false;

  function apply(cells) {
    document.querySelectorAll("[data-cell]").forEach(function (el) {
      var key = el.getAttribute("data-cell");
      if (!Object.prototype.hasOwnProperty.call(cells, key)) return;
      var text = String(cells[key]);
      if (el.textContent !== text) el.textContent = text;
      if (el.classList.contains("badge") && (text === "done" || text === "todo")) {
        el.classList.toggle("badge-green", text === "done");
        el.classList.toggle("badge-grey", text !== "done");
      }
    });
    document.querySelectorAll("[data-cell-value]").forEach(function (el) {
      var key = el.getAttribute("data-cell-value");
      if (Object.prototype.hasOwnProperty.call(cells, key)) el.value = Number(cells[key]);
    });
  }

  function poll() {
    if (busy || document.visibilityState === "hidden") return;
    busy = true;
    fetch(url, { credentials: "same-origin", headers: { Accept: "application/json" } })
      .then(function (res) {
        if (!res.ok) throw new Error(res.status);
        return res.json();
      })
      .then(function (body) {
        if (body && body.cells) apply(body.cells);
      })
      .catch(function () {
        // Signed out or the sandbox ended: the next page load says so.
      })
      .finally(function () {
        busy = false;
      });
  }

  setInterval(poll, POLL_MS);
  document.addEventListener("visibilitychange", poll);
})();
