// Fills every answer cell of the demo page (td[data-src]) with the text the status URL returns.
// The text is set with textContent, never parsed as HTML.
"use strict";
document.querySelectorAll("td[data-src]").forEach(function (cell) {
  var target = cell.querySelector("pre") || cell;
  fetch(cell.getAttribute("data-src"), { credentials: "same-origin" })
    .then(function (response) {
      return response.text().then(function (text) {
        target.textContent = response.ok ? text : "HTTP " + response.status + ": " + text;
        cell.setAttribute("data-status", String(response.status));
      });
    })
    .catch(function (error) {
      target.textContent = "request failed: " + error;
      cell.setAttribute("data-status", "failed");
    });
});
