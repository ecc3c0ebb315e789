"""Passkeys' pages (accounts/webauthn.py): adding one, removing one, and the sign-in step
with one. The browser's part is static/js/passkey.js: it asks an ``*_options`` address
for the ceremony's options (JSON), lets the browser and authenticator answer, puts the
answer in the form's hidden field and sends the form; the portal checks it and answers
with a page, as for every other form. Without JavaScript the pages say so and offer the
code instead."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from . import forms, mfa, webauthn
from .mfa_views import (
    after_sign_in_url,
    code_page,
    password_and_factor,
    pending_or_restart,
    recovery_codes_page,
    throttled_page,
)


def _add_form(data=None) -> forms.PasskeyAddForm:
    return forms.PasskeyAddForm(data, options_url=reverse("accounts:webauthn_register_options"))


@login_required
def passkey_add(request: HttpRequest) -> HttpResponse:
    """A signed-in person adds a passkey (as the app's enrolment, for a signed-in session:
    it went through the account's second factor where it has one)."""
    user = request.user
    form = _add_form(request.POST or None)
    if request.method == "POST" and form.is_valid():
        if not form.cleaned_data["credential"]:
            form.add_error(
                None,
                _(
                    "Webbläsaren skickade ingen nyckel. En nyckel går bara att lägga till "
                    "när JavaScript är påslaget."
                ),
            )
        else:
            try:
                _credential, codes = webauthn.passkey_register(
                    request=request,
                    user=user,
                    data=form.cleaned_data["credential"],
                    name=form.cleaned_data["name"],
                )
            except webauthn.Refused:
                form.add_error(
                    None,
                    _("Det gick inte att lägga till nyckeln. Försök igen, eller välj en annan."),
                )
            else:
                if codes is not None:
                    # The first second factor: from now on this session counts as one.
                    request.session[mfa.FACTOR] = "webauthn"
                    return recovery_codes_page(request, codes, next_url=reverse("accounts:mfa"))
                messages.success(request, _("Nyckeln är tillagd."))
                return redirect("accounts:mfa")
    return render(request, "accounts/webauthn_add.html", {"form": form})


@never_cache
@require_POST
@login_required
def passkey_add_options(request: HttpRequest) -> JsonResponse:
    """The options for the browser's ``navigator.credentials.create()``."""
    return JsonResponse(webauthn.registration_options(request, request.user))


@login_required
def passkey_removal(request: HttpRequest, pk: int) -> HttpResponse:
    """Remove one of one's own passkeys: with the password and a code or a passkey, as
    turning two-step verification off."""
    user = request.user
    credential = webauthn.credential_for(user, pk)
    if credential is None:
        raise Http404
    form = forms.PasskeyRemoveForm(
        request.POST or None,
        action=reverse("accounts:webauthn_remove", kwargs={"pk": credential.pk}),
        passkey_options=reverse("accounts:webauthn_confirm_options"),
    )
    if request.method == "POST" and form.is_valid():
        factor = password_and_factor(request, user, form)
        if isinstance(factor, HttpResponse):
            return factor
        if factor:
            try:
                webauthn.passkey_remove(request=request, user=user, credential=credential)
            except webauthn.LastFactor:
                form.add_error(
                    None,
                    _(
                        "Ditt konto måste ha tvåstegsverifiering, och det här är din enda "
                        "nyckel. Ställ in en app eller lägg till en annan nyckel först."
                    ),
                )
            else:
                messages.success(
                    request, _("Nyckeln ”%(name)s” är borttagen.") % {"name": credential.name}
                )
                return redirect("accounts:mfa")
    return render(
        request, "accounts/webauthn_remove.html", {"form": form, "credential": credential}
    )


@never_cache
@require_POST
@login_required
def passkey_confirm_options(request: HttpRequest) -> JsonResponse:
    """The options for ``navigator.credentials.get()`` confirming a change on the settings
    pages (one of the signed-in person's own passkeys)."""
    if not mfa.passkeys(request.user).exists():
        return JsonResponse({"detail": "no passkey"}, status=404)
    return JsonResponse(webauthn.assertion_options(request, request.user, purpose=webauthn.CONFIRM))


@never_cache
@require_POST
def passkey_sign_in_options(request: HttpRequest) -> JsonResponse:
    """The options for ``navigator.credentials.get()`` at the sign-in step: only for the
    pending sign-in's account, and only its own passkeys."""
    pending = None if request.user.is_authenticated else mfa.pending_get(request)
    if pending is None:
        return JsonResponse({"detail": "no pending sign-in"}, status=400)
    if not mfa.passkeys(pending.user).exists():
        return JsonResponse({"detail": "no passkey"}, status=404)
    return JsonResponse(
        webauthn.assertion_options(
            request, pending.user, purpose=webauthn.SIGN_IN, nonce=pending.nonce
        )
    )


@require_POST
def passkey_sign_in(request: HttpRequest) -> HttpResponse:
    """Step two of signing in with a passkey: the portal signs the pending account in only
    after the library verified an assertion of that account's own passkey."""
    if request.user.is_authenticated:
        return redirect("accounts:home")
    pending = pending_or_restart(request)
    if isinstance(pending, HttpResponse):
        return pending
    passkey_form = forms.PasskeySignInForm(request.POST)
    code_form = forms.MfaCodeForm()
    if passkey_form.is_valid() and passkey_form.cleaned_data["assertion"]:
        try:
            webauthn.assertion_verify(
                request,
                pending.user,
                passkey_form.cleaned_data["assertion"],
                purpose=webauthn.SIGN_IN,
                nonce=pending.nonce,
            )
        except mfa.Throttled:
            return throttled_page(request)
        except webauthn.Refused:
            pass
        else:
            mfa.complete_sign_in(request, pending, factor="webauthn")
            return redirect(after_sign_in_url(request, pending))
    passkey_form.add_error(
        None,
        _(
            "Nyckeln gick inte att använda för ditt konto. Försök igen, eller skriv en kod "
            "i stället."
        ),
    )
    return code_page(request, pending.user, code_form, passkey_form=passkey_form, status=200)
