"""The pages of the sign-in through the agency's identity provider (accounts/oidc.py)."""

from __future__ import annotations

import logging

from django.contrib import auth
from django.contrib.auth import views as auth_views
from django.core.exceptions import SuspiciousOperation
from django.http import Http404, HttpResponseRedirect
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_GET

from . import mfa, oidc
from .security import log_event

logger = logging.getLogger(__name__)


def _down(request):
    return render(
        request, "accounts/oidc_down.html", {"organisation": oidc.organisation()}, status=503
    )


def _refused(request, reason: str):
    return render(
        request,
        "accounts/oidc_refused.html",
        {"reason": reason, "organisation": oidc.organisation()},
        status=403,
    )


@require_GET
def oidc_start(request):
    """ "Logga in med <organisation>": to the provider, with state, nonce and PKCE."""
    if not oidc.enabled():
        raise Http404
    try:
        return oidc.StartView.as_view()(request)
    except oidc.ProviderDown as error:
        logger.warning("identity provider unreachable: %s", error)
        return _down(request)


@require_GET
def oidc_callback(request):
    """Back from the provider: the code exchanged, the ID token checked, the linked
    account signed in with the provider as its second factor."""
    if not oidc.enabled():
        raise Http404
    if request.GET.get("error"):
        states = request.session.get("oidc_states") or {}
        if states.pop(request.GET.get("state", ""), None) is not None:
            request.session["oidc_states"] = states
        return _refused(request, "cancelled")
    states = request.session.get("oidc_states") or {}
    state = request.GET.get("state", "")
    if not request.GET.get("code") or state not in states:
        # No sign-in started here, or its state was used already (a replay).
        log_event("oidc_refused", request, "-", reason="state")
        return _refused(request, "state")
    started = states.pop(state)
    request.session["oidc_states"] = states
    request.session.save()  # the state is spent before the code is exchanged
    next_url = request.session.get("oidc_login_next")
    backend = oidc.StaffOIDCBackend()
    try:
        user = backend.authenticate(
            request, nonce=started.get("nonce"), code_verifier=started.get("code_verifier")
        )
    except oidc.ProviderDown as error:
        logger.warning("identity provider unreachable: %s", error)
        return _down(request)
    except oidc.Refused as refusal:
        return _refused(request, refusal.reason)
    except SuspiciousOperation as error:
        log_event("oidc_refused", request, "-", reason=str(error).replace(" ", "_"))
        return _refused(request, "token")
    if user is None or not user.is_active:
        return _refused(request, "token")
    claims = request.session.get(oidc.CLAIMS, {})
    id_token = request.session.get(oidc.ID_TOKEN, "")
    mfa.pending_end(request)
    auth.login(request, user, backend="accounts.oidc.StaffOIDCBackend")
    # login() cycled the session key and kept its data; the provider did the second factor.
    request.session[mfa.FACTOR] = "oidc"
    request.session[oidc.CLAIMS] = claims
    request.session[oidc.ID_TOKEN] = id_token
    log_event(
        "oidc_login",
        request,
        user.email,
        acr=claims.get("acr") or "-",
        amr=",".join(claims.get("amr") or []) or "-",
    )
    if next_url and url_has_allowed_host_and_scheme(
        next_url, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return redirect(next_url)
    return redirect("overview:dashboard")


class SignOutView(auth_views.LogoutView):
    """Sign-out; a session signed in through the provider is ended there too
    (RP-initiated logout, with the ID token as hint) when the provider offers it."""

    def post(self, request, *args, **kwargs):
        at_provider = oidc.logout_url(request)
        response = super().post(request, *args, **kwargs)
        if at_provider:
            return HttpResponseRedirect(at_provider)
        return response
