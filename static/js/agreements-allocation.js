// Kommuntal: live sum of the municipal figures and the difference from the county quota.
// The page works without this file (the server shows the sum and the warning after saving).
(function () {
  "use strict";
  function parse(value) {
    var text = (value || "").replace(/[\s\u00a0\u202f\u2009]/g, "");
    if (!/^\d+$/.test(text)) {
      return text === "" ? 0 : NaN;
    }
    return parseInt(text, 10);
  }
  function format(n) {
    return String(n).replace(/\B(?=(\d{3})+(?!\d))/g, "\u00a0");
  }
  document.addEventListener("DOMContentLoaded", function () {
    var table = document.querySelector(".allocation-table");
    var total = document.getElementById("allocation-total");
    var live = document.getElementById("allocation-live");
    if (!table || !total || !live) {
      return;
    }
    var inputs = table.querySelectorAll(".allocation-input");
    var quota = table.getAttribute("data-quota");
    var timer = null;
    function update() {
      var sum = 0;
      var valid = true;
      inputs.forEach(function (input) {
        var n = parse(input.value);
        if (isNaN(n)) {
          valid = false;
        } else {
          sum += n;
        }
      });
      if (!valid) {
        return;
      }
      total.textContent = format(sum);
      var message = live.getAttribute("data-total").replace("{n}", format(sum));
      if (quota !== "") {
        var diff = sum - parseInt(quota, 10);
        if (diff > 0) {
          message += " " + live.getAttribute("data-more").replace("{n}", format(diff));
        } else if (diff < 0) {
          message += " " + live.getAttribute("data-less").replace("{n}", format(-diff));
        } else {
          message += " " + live.getAttribute("data-equal");
        }
        live.classList.toggle("allocation-live--warning", diff !== 0);
      }
      // Announce after typing pauses, not on every keystroke.
      clearTimeout(timer);
      timer = setTimeout(function () {
        live.textContent = message;
      }, 400);
    }
    inputs.forEach(function (input) {
      input.addEventListener("input", update);
    });
  });
})();
