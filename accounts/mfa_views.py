"""The second factor's pages: the sign-in step, enrolment, recovery codes, turning off.
Passkeys' own pages are in accounts/webauthn_views.py."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from . import forms, mfa, webauthn
from .models import User


def throttled_page(request: HttpRequest) -> HttpResponse:
    """The account's limit of wrong codes: a page of its own."""
    return render(request, "accounts/mfa_throttled.html", status=429)


def _wait(form) -> None:
    """The device's pause of a few seconds after a wrong code: the same form again."""
    form.add_error(None, _("Vänta några sekunder och skriv sedan koden igen."))


def pending_or_restart(request: HttpRequest) -> mfa.Pending | HttpResponse:
    pending = mfa.pending_get(request)
    if pending is None:
        messages.info(request, _("Inloggningen tog för lång tid eller avbröts. Logga in igen."))
        return redirect("accounts:login")
    return pending


def after_sign_in_url(request: HttpRequest, pending: mfa.Pending) -> str:
    """Where the sign-in was going (checked again: only this site's own pages)."""
    url = pending.next_url
    if url and url_has_allowed_host_and_scheme(
        url, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return url
    return reverse("accounts:home")


def code_page(
    request: HttpRequest,
    user: User,
    form: forms.MfaCodeForm,
    *,
    passkey_form: forms.PasskeySignInForm | None = None,
    status: int = 200,
) -> HttpResponse:
    """The sign-in step's page: the code form and, where the account has a passkey, the
    passkey's (accounts/webauthn_views.py answers it)."""
    has_app = mfa.has_app(user)
    if not has_app:
        form.fields["code"].help_text = _("En av dina reservkoder.")
    context = {
        "form": form,
        "has_app": has_app,
        "has_passkey": mfa.passkeys(user).exists(),
        "passkey_form": passkey_form or forms.PasskeySignInForm(),
    }
    return render(request, "accounts/mfa_sign_in_code.html", context, status=status)


def sign_in_code(request: HttpRequest) -> HttpResponse:
    """Step two of signing in: the code from the app (or a recovery code), or a passkey."""
    if request.user.is_authenticated:
        return redirect("accounts:home")
    pending = pending_or_restart(request)
    if isinstance(pending, HttpResponse):
        return pending
    if not mfa.is_enrolled(pending.user):
        return redirect("accounts:mfa_sign_in_enrol")
    form = forms.MfaCodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            factor = mfa.verify(request, pending.user, form.cleaned_data["code"])
        except mfa.Throttled as exc:
            if not exc.brief:
                return throttled_page(request)
            _wait(form)
            return code_page(request, pending.user, form, status=429)
        if factor:
            mfa.complete_sign_in(request, pending, factor=factor)
            if factor == "recovery":
                left = mfa.recovery_codes_left(pending.user)
                messages.warning(
                    request,
                    _(
                        "Du loggade in med en reservkod. Den går inte att använda igen; "
                        "du har %(left)s kvar. Skapa nya under Tvåstegsverifiering."
                    )
                    % {"left": left},
                )
            return redirect(after_sign_in_url(request, pending))
        form.add_error(
            "code",
            _("Koden stämmer inte. Skriv den kod som appen visar nu, eller en oanvänd reservkod."),
        )
    return code_page(request, pending.user, form)


def _enrol_page(
    request: HttpRequest, user: User, form: forms.MfaEnrolForm, template: str
) -> HttpResponse:
    key = mfa.enrol_key(request)
    return render(
        request,
        template,
        {
            "form": form,
            "qr": mfa.qr_svg(user, key, title=_("QR-kod att skanna med appen")),
            "secret": mfa.secret_text(key),
            "account": user.email,
        },
    )


def _enrol(request: HttpRequest, user: User, template: str) -> HttpResponse | list[str]:
    """The enrolment form; the new recovery codes once the app is confirmed."""
    form = forms.MfaEnrolForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        key = request.session.get(mfa.ENROL_KEY)
        if not isinstance(key, str):
            form.add_error(None, _("Sidan hade blivit för gammal. Skanna den nya QR-koden."))
        else:
            try:
                codes = mfa.totp_enrol(
                    request=request, user=user, key=key, code=form.cleaned_data["code"]
                )
            except mfa.Throttled:
                return throttled_page(request)
            if codes is not None:
                return codes
            form.add_error(
                "code",
                _(
                    "Koden stämmer inte. Kontrollera att klockan i telefonen går rätt "
                    "och skriv den kod som appen visar nu."
                ),
            )
    return _enrol_page(request, user, form, template)


def recovery_codes_page(request: HttpRequest, codes: list[str], *, next_url: str) -> HttpResponse:
    # Shown once, in this answer only (signed-in answers are Cache-Control: no-store).
    return render(
        request, "accounts/mfa_recovery_codes.html", {"codes": codes, "next_url": next_url}
    )


def sign_in_enrol(request: HttpRequest) -> HttpResponse:
    """Step two for an account that must have a second factor and has none yet."""
    if request.user.is_authenticated:
        return redirect("accounts:home")
    pending = pending_or_restart(request)
    if isinstance(pending, HttpResponse):
        return pending
    if mfa.is_enrolled(pending.user):
        return redirect("accounts:mfa_sign_in_code")
    result = _enrol(request, pending.user, "accounts/mfa_sign_in_enrol.html")
    if isinstance(result, HttpResponse):
        return result
    mfa.complete_sign_in(request, pending, factor="totp")
    return recovery_codes_page(request, result, next_url=after_sign_in_url(request, pending))


@login_required
def settings_page(request: HttpRequest) -> HttpResponse:
    """A signed-in person's own second factor: state, recovery codes, turning off."""
    return _settings_with(request)


def passkey_options_url(user: User) -> str:
    """Where a form confirming a change asks for a passkey's options ("" without one)."""
    return reverse("accounts:webauthn_confirm_options") if mfa.passkeys(user).exists() else ""


def _codes_form(user: User, data=None) -> forms.MfaRecoveryCodesForm:
    form = forms.MfaRecoveryCodesForm(
        data,
        prefix="codes",
        action=reverse("accounts:mfa_recovery_codes"),
        passkey_options=passkey_options_url(user),
    )
    if not mfa.has_app(user) and mfa.passkeys(user).exists():
        form.fields["code"].help_text = _("Du har ingen app: bekräfta med din nyckel i stället.")
    return form


def _disable_form(user: User, data=None) -> forms.MfaDisableForm:
    return forms.MfaDisableForm(
        data,
        prefix="off",
        action=reverse("accounts:mfa_disable"),
        passkey_options=passkey_options_url(user),
    )


def confirming_factor(
    request: HttpRequest, user: User, form, *, wrong_code: str, allow_recovery: bool = True
) -> str | HttpResponse:
    """The second factor that confirms a change on the settings pages: the code typed, or
    the passkey's answer the page's script put in ``assertion``. The factor ("totp",
    "recovery", "webauthn"); "" with an error on the form; the throttled page."""
    try:
        if form.cleaned_data.get("assertion"):
            try:
                webauthn.assertion_verify(
                    request, user, form.cleaned_data["assertion"], purpose=webauthn.CONFIRM
                )
            except webauthn.Refused:
                form.add_error(
                    None, _("Nyckeln gick inte att använda. Försök igen eller skriv en kod.")
                )
                return ""
            return "webauthn"
        factor = mfa.verify(request, user, form.cleaned_data["code"], allow_recovery=allow_recovery)
    except mfa.Throttled as exc:
        if not exc.brief:
            return throttled_page(request)
        _wait(form)
        return ""
    if not factor:
        form.add_error("code", wrong_code)
    return factor


def password_and_factor(request: HttpRequest, user: User, form) -> str | HttpResponse:
    """The password and a second factor that confirm turning a factor off or removing
    one: the factor ("totp", "recovery", "webauthn"); "" with an error on the form; the
    throttled page."""
    if mfa.account_throttled(user):
        return throttled_page(request)
    if not user.check_password(form.cleaned_data["password"]):
        mfa.count_failure(request, user)
        form.add_error("password", _("Fel lösenord."))
        return ""
    return confirming_factor(request, user, form, wrong_code=_("Koden stämmer inte."))


@login_required
def enrol(request: HttpRequest) -> HttpResponse:
    """A signed-in person sets up an app (or replaces theirs: the new one replaces it)."""
    result = _enrol(request, request.user, "accounts/mfa_enrol.html")
    if isinstance(result, HttpResponse):
        return result
    request.session[mfa.FACTOR] = "totp"
    return recovery_codes_page(request, result, next_url=reverse("accounts:mfa"))


def _settings_with(request: HttpRequest, **forms_) -> HttpResponse:
    user = request.user
    enrolled = mfa.is_enrolled(user)
    context = {
        "enrolled": enrolled,
        "has_app": mfa.has_app(user),
        "passkeys": list(webauthn.credentials(user)),
        "required": mfa.required_for(user),
        "codes_left": mfa.recovery_codes_left(user) if enrolled else 0,
        "codes_form": forms_.get("codes_form") or _codes_form(user),
        "disable_form": forms_.get("disable_form") or _disable_form(user),
    }
    return render(request, "accounts/mfa_settings.html", context)


@require_POST
@login_required
def recovery_codes(request: HttpRequest) -> HttpResponse:
    """New recovery codes (the old ones stop working), after a code from the app or a
    passkey (not a recovery code)."""
    form = _codes_form(request.user, request.POST)
    if not mfa.is_enrolled(request.user):
        form.is_valid()
        form.add_error(None, _("Du har ingen app för tvåstegsverifiering."))
    elif form.is_valid():
        factor = confirming_factor(
            request,
            request.user,
            form,
            wrong_code=_("Koden stämmer inte. Skriv den kod som appen visar nu."),
            allow_recovery=False,
        )
        if isinstance(factor, HttpResponse):
            return factor
        if factor:
            codes = mfa.recovery_codes_regenerate(request=request, user=request.user)
            return recovery_codes_page(request, codes, next_url=reverse("accounts:mfa"))
    return _settings_with(request, codes_form=form)


@require_POST
@login_required
def disable(request: HttpRequest) -> HttpResponse:
    """Turn the second factor off: only where it is not required, with password and code."""
    user = request.user
    form = _disable_form(user, request.POST)
    if mfa.required_for(user):
        form.is_valid()
        form.add_error(None, _("Tvåstegsverifiering krävs för ditt konto och kan inte stängas av."))
    elif not mfa.is_enrolled(user):
        form.is_valid()
        form.add_error(None, _("Du har ingen app för tvåstegsverifiering."))
    elif form.is_valid():
        factor = password_and_factor(request, user, form)
        if isinstance(factor, HttpResponse):
            return factor
        if factor:
            mfa.mfa_disable(request=request, user=user)
            request.session[mfa.FACTOR] = "password"
            messages.success(
                request,
                _("Tvåstegsverifieringen är avstängd. Nu räcker lösenordet för att logga in."),
            )
            return redirect("accounts:mfa")
    return _settings_with(request, disable_form=form)
