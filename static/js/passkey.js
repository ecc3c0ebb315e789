// Integrationsportalen: passkeys (WebAuthn). Progressive: the forms are ordinary forms
// that the portal checks (accounts/webauthn_views.py); this file only does the browser's
// part of the ceremony and puts its answer in the form's hidden field.
//
//   form[data-passkey-create=URL]  adding a passkey: on submit, options from URL,
//                                  navigator.credentials.create(), answer in "credential".
//   form[data-passkey-get=URL]     using a passkey: options from URL,
//                                  navigator.credentials.get(), answer in "assertion".
//                                  With data-passkey-button the form keeps its own submit
//                                  (a code) and gets a second button for the passkey.
//   [data-passkey-needs-js]        shown only where the browser can use passkeys.
//   [data-passkey-unsupported]     shown where it cannot.
//   [data-passkey-status]          where success/failure is said (role=status).
(function () {
  "use strict";

  function supported() {
    return !!(window.PublicKeyCredential && navigator.credentials && window.fetch);
  }

  function toBytes(value) {
    var text = value.replace(/-/g, "+").replace(/_/g, "/");
    while (text.length % 4) {
      text += "=";
    }
    var raw = window.atob(text);
    var bytes = new Uint8Array(raw.length);
    for (var i = 0; i < raw.length; i++) {
      bytes[i] = raw.charCodeAt(i);
    }
    return bytes.buffer;
  }

  function toText(buffer) {
    if (!buffer) {
      return null;
    }
    var bytes = new Uint8Array(buffer);
    var raw = "";
    for (var i = 0; i < bytes.length; i++) {
      raw += String.fromCharCode(bytes[i]);
    }
    return window.btoa(raw).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");
  }

  function descriptors(list) {
    return (list || []).map(function (item) {
      return Object.assign({}, item, { id: toBytes(item.id) });
    });
  }

  function creationOptions(json) {
    var options = Object.assign({}, json);
    options.challenge = toBytes(json.challenge);
    options.user = Object.assign({}, json.user, { id: toBytes(json.user.id) });
    options.excludeCredentials = descriptors(json.excludeCredentials);
    return options;
  }

  function requestOptions(json) {
    var options = Object.assign({}, json);
    options.challenge = toBytes(json.challenge);
    options.allowCredentials = descriptors(json.allowCredentials);
    return options;
  }

  function answer(credential) {
    var response = credential.response;
    var out = {
      id: credential.id,
      rawId: toText(credential.rawId),
      type: credential.type,
      authenticatorAttachment: credential.authenticatorAttachment || null,
      clientExtensionResults: credential.getClientExtensionResults
        ? credential.getClientExtensionResults()
        : {},
      response: { clientDataJSON: toText(response.clientDataJSON) },
    };
    if (response.attestationObject) {
      out.response.attestationObject = toText(response.attestationObject);
      out.response.transports = response.getTransports ? response.getTransports() : [];
    } else {
      out.response.authenticatorData = toText(response.authenticatorData);
      out.response.signature = toText(response.signature);
      out.response.userHandle = toText(response.userHandle);
    }
    return JSON.stringify(out);
  }

  function csrfToken(form) {
    var input = form.querySelector("input[name=csrfmiddlewaretoken]");
    return input ? input.value : "";
  }

  function options(form, url) {
    return window
      .fetch(url, {
        method: "POST",
        credentials: "same-origin",
        headers: { "X-CSRFToken": csrfToken(form), Accept: "application/json" },
      })
      .then(function (response) {
        if (!response.ok) {
          throw new Error("options " + response.status);
        }
        return response.json();
      });
  }

  function status(form) {
    var scope = form.parentElement;
    while (scope && !scope.querySelector("[data-passkey-status]")) {
      scope = scope.parentElement;
    }
    return scope ? scope.querySelector("[data-passkey-status]") : null;
  }

  function say(form, kind) {
    var box = status(form);
    if (!box) {
      return;
    }
    box.textContent = box.getAttribute("data-passkey-" + kind) || "";
    box.classList.remove("visually-hidden", "alert", "alert-danger", "alert-info");
    box.classList.add("alert", kind === "failed" ? "alert-danger" : "alert-info");
  }

  function busy(form, on) {
    form.querySelectorAll("button, input[type=submit]").forEach(function (button) {
      button.disabled = on;
      if (on) {
        button.setAttribute("aria-disabled", "true");
      } else {
        button.removeAttribute("aria-disabled");
      }
    });
  }

  function send(form, fieldSuffix, value) {
    var field = form.querySelector('input[name$="' + fieldSuffix + '"]');
    field.value = value;
    form.dataset.submitting = "1"; // submit-once.js: this form is on its way
    // The form's own method: its submit button is named "submit" and hides form.submit.
    HTMLFormElement.prototype.submit.call(form);
  }

  function ceremony(form, kind) {
    busy(form, true);
    say(form, "working");
    var url = form.getAttribute(kind === "create" ? "data-passkey-create" : "data-passkey-get");
    return options(form, url)
      .then(function (json) {
        if (kind === "create") {
          return navigator.credentials.create({ publicKey: creationOptions(json) });
        }
        return navigator.credentials.get({ publicKey: requestOptions(json) });
      })
      .then(function (credential) {
        if (!credential) {
          throw new Error("no credential");
        }
        send(form, kind === "create" ? "credential" : "assertion", answer(credential));
      })
      .catch(function (error) {
        // Cancelled, timed out, or no authenticator: the page says so; the console says which.
        if (window.console) {
          window.console.warn("passkey:", error && error.name, error && error.message);
        }
        busy(form, false);
        say(form, "failed");
      });
  }

  function setUpCreate(form) {
    form.addEventListener("submit", function (event) {
      var name = form.querySelector('input[name$="name"]');
      // An empty name: the portal says so on the page (no ceremony wasted).
      if (!supported() || (name && !name.value.trim())) {
        return;
      }
      event.preventDefault();
      ceremony(form, "create");
    });
  }

  function setUpGet(form) {
    var label = form.getAttribute("data-passkey-button");
    if (!label) {
      // The form is the passkey's own (the sign-in step): its submit starts the ceremony.
      form.addEventListener("submit", function (event) {
        event.preventDefault();
        ceremony(form, "get");
      });
      return;
    }
    // A code confirms the change; a passkey may instead, with a button of its own.
    var submit = form.querySelector("input[type=submit], button[type=submit]");
    var button = document.createElement("button");
    button.type = "button";
    button.className = "btn btn-outline-primary ms-sm-2 mt-2 mt-sm-0";
    button.textContent = label;
    button.addEventListener("click", function () {
      var code = form.querySelector('input[name$="code"]');
      if (code) {
        code.value = "";
      }
      ceremony(form, "get");
    });
    if (submit && submit.parentNode) {
      submit.parentNode.insertBefore(button, submit.nextSibling);
    } else {
      form.appendChild(button);
    }
  }

  function start() {
    if (!supported()) {
      document.querySelectorAll("[data-passkey-unsupported]").forEach(function (el) {
        el.hidden = false;
      });
      return;
    }
    document.querySelectorAll("[data-passkey-needs-js]").forEach(function (el) {
      el.hidden = false;
    });
    document.querySelectorAll("form[data-passkey-create]").forEach(setUpCreate);
    document.querySelectorAll("form[data-passkey-get]").forEach(setUpGet);
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
