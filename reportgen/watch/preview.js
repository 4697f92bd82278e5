// Keeps the preview up to date: asks reportgen watch for its status twice a second and, when a
// build has ended since the page was drawn, fetches the new content and puts it in place, so
// the reader keeps their place. Nothing is cached: every request says no-store.
"use strict";
(function () {
  var version = document.body.dataset.version;
  var status = document.getElementById("status");
  var content = document.getElementById("content");
  var gone = "The preview has stopped: reportgen watch is not running. Start it again and reload this page.";

  function tick() {
    fetch("/status.json", {cache: "no-store"})
      .then(function (response) { return response.json(); })
      .then(function (state) {
        if (String(state.version) === version) {
          if (status.textContent !== state.status) { status.textContent = state.status; }
          return null;
        }
        return fetch("/content", {cache: "no-store"}).then(function (response) {
          var next = response.headers.get("X-Preview-Version") || String(state.version);
          return response.text().then(function (html) {
            content.innerHTML = html;
            version = next;
            document.body.dataset.version = next;
            if (status.textContent !== state.status) { status.textContent = state.status; }
          });
        });
      })
      .catch(function () { if (status.textContent !== gone) { status.textContent = gone; } })
      .then(function () { window.setTimeout(tick, 500); });
  }
  window.setTimeout(tick, 500);
})();
