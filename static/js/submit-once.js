// Integrationsportalen: a form is sent once. A second click (or Enter) on a form that
// is already on its way is ignored, and its buttons are disabled until the answer
// comes. Progressive: without this file the server still refuses a double create
// (the one-time token and unique constraints); this only spares the second request.
(function () {
  "use strict";
  // A form whose answer is a download leaves the page in place: give it back after a while.
  var RELEASE_AFTER_MS = 8000;

  function buttons(form) {
    return form.querySelectorAll("button[type=submit], button:not([type]), input[type=submit]");
  }

  function release(form) {
    delete form.dataset.submitting;
    buttons(form).forEach(function (button) {
      button.disabled = false;
      button.removeAttribute("aria-disabled");
    });
  }

  document.addEventListener("submit", function (event) {
    var form = event.target;
    if (event.defaultPrevented || (form.method || "").toLowerCase() !== "post") {
      return;
    }
    if (form.dataset.submitting) {
      event.preventDefault();
      return;
    }
    form.dataset.submitting = "1";
    // Disabled after this turn, not now: the pressed button's name and value must
    // still go with the form (some pages ask which button was pressed).
    window.setTimeout(function () {
      buttons(form).forEach(function (button) {
        button.disabled = true;
        button.setAttribute("aria-disabled", "true");
      });
    }, 0);
    window.setTimeout(function () {
      release(form);
    }, RELEASE_AFTER_MS);
  });

  // Back to a page kept in the browser's memory: its forms can be sent again.
  window.addEventListener("pageshow", function () {
    document.querySelectorAll("form[data-submitting]").forEach(release);
  });
})();
