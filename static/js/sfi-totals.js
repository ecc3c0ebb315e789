// SFI activity report: show the totals (participants, completed, dropped) as the reporter
// types the course cells. Progressive only: the server derives and stores the same sums
// when the report is saved (activities.services.sfi_totals), with or without this file.
(function () {
  "use strict";
  function parse(text) {
    var cleaned = String(text).replace(/[\s\u00a0\u202f\u2009]/g, "");
    return /^\d+$/.test(cleaned) ? parseInt(cleaned, 10) : 0;
  }
  function recount(cells, outputs) {
    var sums = { women: 0, men: 0, completed: 0, dropped: 0 };
    Array.prototype.forEach.call(cells, function (cell) {
      // names are <outcome>_<sex>_<course>, e.g. completed_women_1A
      var parts = cell.getAttribute("data-sfi-cell").split("_");
      var value = parse(cell.value);
      sums[parts[1]] += value;
      if (parts[0] === "completed" || parts[0] === "dropped") { sums[parts[0]] += value; }
    });
    Array.prototype.forEach.call(outputs, function (out) {
      out.textContent = String(sums[out.getAttribute("data-sfi-total")]);
    });
  }
  document.addEventListener("DOMContentLoaded", function () {
    var cells = document.querySelectorAll("[data-sfi-cell]");
    var outputs = document.querySelectorAll("[data-sfi-total]");
    if (!cells.length || !outputs.length) { return; }
    Array.prototype.forEach.call(cells, function (cell) {
      cell.addEventListener("input", function () { recount(cells, outputs); });
    });
  });
})();
