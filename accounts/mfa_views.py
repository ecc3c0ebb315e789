"""The second factor's pages: the sign-in step, enrolment, recovery codes, turning off."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from . import forms, mfa
from .models import User


def _throttled(request: HttpRequest) -> HttpResponse:
    """The account's limit of wrong codes: a page of its own."""
    return render(request, "accounts/mfa_throttled.html", status=429)


def _wait(form) -> None:
    """The device's pause of a few seconds after a wrong code: the same form again."""
    form.add_error(None, _("Vänta några sekunder och skriv sedan koden igen."))


def _pending_or_restart(request: HttpRequest) -> mfa.Pending | HttpResponse:
    pending = mfa.pending_get(request)
    if pending is None:
        messages.info(request, _("Inloggningen tog för lång tid eller avbröts. Logga in igen."))
        return redirect("accounts:login")
    return pending


def _after_sign_in(request: HttpRequest, pending: mfa.Pending) -> str:
    """Where the sign-in was going (checked again: only this site's own pages)."""
    url = pending.next_url
    if url and url_has_allowed_host_and_scheme(
        url, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return url
    return reverse("accounts:home")


def sign_in_code(request: HttpRequest) -> HttpResponse:
    """Step two of signing in: the code from the app (or a recovery code)."""
    if request.user.is_authenticated:
        return redirect("accounts:home")
    pending = _pending_or_restart(request)
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
                return _throttled(request)
            _wait(form)
            return render(request, "accounts/mfa_sign_in_code.html", {"form": form}, status=429)
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
            return redirect(_after_sign_in(request, pending))
        form.add_error(
            "code",
            _("Koden stämmer inte. Skriv den kod som appen visar nu, eller en oanvänd reservkod."),
        )
    return render(request, "accounts/mfa_sign_in_code.html", {"form": form})


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
                return _throttled(request)
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


def _recovery_codes_page(request: HttpRequest, codes: list[str], *, next_url: str) -> HttpResponse:
    # Shown once, in this answer only (signed-in answers are Cache-Control: no-store).
    return render(
        request, "accounts/mfa_recovery_codes.html", {"codes": codes, "next_url": next_url}
    )


def sign_in_enrol(request: HttpRequest) -> HttpResponse:
    """Step two for an account that must have a second factor and has none yet."""
    if request.user.is_authenticated:
        return redirect("accounts:home")
    pending = _pending_or_restart(request)
    if isinstance(pending, HttpResponse):
        return pending
    if mfa.is_enrolled(pending.user):
        return redirect("accounts:mfa_sign_in_code")
    result = _enrol(request, pending.user, "accounts/mfa_sign_in_enrol.html")
    if isinstance(result, HttpResponse):
        return result
    mfa.complete_sign_in(request, pending, factor="totp")
    return _recovery_codes_page(request, result, next_url=_after_sign_in(request, pending))


@login_required
def settings_page(request: HttpRequest) -> HttpResponse:
    """A signed-in person's own second factor: state, recovery codes, turning off."""
    return _settings_with(request)


def _codes_form(data=None) -> forms.MfaRecoveryCodesForm:
    return forms.MfaRecoveryCodesForm(
        data, prefix="codes", action=reverse("accounts:mfa_recovery_codes")
    )


def _disable_form(data=None) -> forms.MfaDisableForm:
    return forms.MfaDisableForm(data, prefix="off", action=reverse("accounts:mfa_disable"))


@login_required
def enrol(request: HttpRequest) -> HttpResponse:
    """A signed-in person sets up an app (or replaces theirs: the new one replaces it)."""
    result = _enrol(request, request.user, "accounts/mfa_enrol.html")
    if isinstance(result, HttpResponse):
        return result
    request.session[mfa.FACTOR] = "totp"
    return _recovery_codes_page(request, result, next_url=reverse("accounts:mfa"))


def _settings_with(request: HttpRequest, **forms_) -> HttpResponse:
    user = request.user
    enrolled = mfa.is_enrolled(user)
    context = {
        "enrolled": enrolled,
        "required": mfa.required_for(user),
        "codes_left": mfa.recovery_codes_left(user) if enrolled else 0,
        "codes_form": forms_.get("codes_form") or _codes_form(),
        "disable_form": forms_.get("disable_form") or _disable_form(),
    }
    return render(request, "accounts/mfa_settings.html", context)


@require_POST
@login_required
def recovery_codes(request: HttpRequest) -> HttpResponse:
    """New recovery codes (the old ones stop working), after a code from the app."""
    form = _codes_form(request.POST)
    if not mfa.is_enrolled(request.user):
        form.is_valid()
        form.add_error(None, _("Du har ingen app för tvåstegsverifiering."))
    elif form.is_valid():
        try:
            factor = mfa.verify(
                request, request.user, form.cleaned_data["code"], allow_recovery=False
            )
        except mfa.Throttled as exc:
            if not exc.brief:
                return _throttled(request)
            _wait(form)
            factor = ""
        else:
            if not factor:
                form.add_error("code", _("Koden stämmer inte. Skriv den kod som appen visar nu."))
        if factor:
            codes = mfa.recovery_codes_regenerate(request=request, user=request.user)
            return _recovery_codes_page(request, codes, next_url=reverse("accounts:mfa"))
    return _settings_with(request, codes_form=form)


@require_POST
@login_required
def disable(request: HttpRequest) -> HttpResponse:
    """Turn the second factor off: only where it is not required, with password and code."""
    user = request.user
    form = _disable_form(request.POST)
    if mfa.required_for(user):
        form.is_valid()
        form.add_error(None, _("Tvåstegsverifiering krävs för ditt konto och kan inte stängas av."))
    elif not mfa.is_enrolled(user):
        form.is_valid()
        form.add_error(None, _("Du har ingen app för tvåstegsverifiering."))
    elif form.is_valid():
        if mfa.account_throttled(user):
            return _throttled(request)
        if not user.check_password(form.cleaned_data["password"]):
            mfa.count_failure(request, user)
            form.add_error("password", _("Fel lösenord."))
        else:
            try:
                factor = mfa.verify(request, user, form.cleaned_data["code"])
            except mfa.Throttled as exc:
                if not exc.brief:
                    return _throttled(request)
                _wait(form)
                return _settings_with(request, disable_form=form)
            if factor:
                mfa.mfa_disable(request=request, user=user)
                request.session[mfa.FACTOR] = "password"
                messages.success(
                    request,
                    _("Tvåstegsverifieringen är avstängd. Nu räcker lösenordet för att logga in."),
                )
                return redirect("accounts:mfa")
            form.add_error("code", _("Koden stämmer inte."))
    return _settings_with(request, disable_form=form)
