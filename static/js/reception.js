// Reception report form: update "with this report" beside each count as the reporter types.
// The page works without this file (the server shows the same figure after saving).
(function () {
  "use strict";
  function parse(text) {
    var cleaned = String(text).replace(/[\s\u00a0\u202f\u2009]/g, "");
    return /^\d+$/.test(cleaned) ? parseInt(cleaned, 10) : null;
  }
  function format(n) {
    return String(n).replace(/\B(?=(\d{3})+(?!\d))/g, "\u00a0");
  }
  document.addEventListener("DOMContentLoaded", function () {
    var inputs = document.querySelectorAll("[data-count-for]");
    Array.prototype.forEach.call(inputs, function (input) {
      var out = document.querySelector('[data-after-for="' + input.id + '"]');
      if (!out) { return; }
      var soFarEl = out.parentNode.querySelector("[data-so-far]");
      var soFar = soFarEl ? parseInt(soFarEl.getAttribute("data-so-far"), 10) : 0;
      input.addEventListener("input", function () {
        var value = parse(input.value);
        out.textContent = value === null ? "–" : format(soFar + value);
      });
    });
  });
})();
