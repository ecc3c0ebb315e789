"""Sign-in through the agency's identity provider: OpenID Connect for county staff (issue 17).

mozilla-django-oidc does the protocol: the authorization request with ``state``, a
``nonce`` and PKCE (S256), the code exchange, the ID token's RS256 signature against the
provider's published keys (JWKS), the nonce compared, and ``state`` used once (deleted
from the session before the code is exchanged). This module adds what the portal needs
on top:

- **configuration from the environment only** (``OIDC_*`` settings): the endpoints and
  keys come from the issuer's discovery document, fetched at first use and cached;
- **the ID token checked further**: issuer, audience (and ``azp`` when there are several),
  expiry, ``iat`` no older than ``OIDC_MAX_TOKEN_AGE_SECONDS``, a subject, and the
  required ``acr`` when one is set; ``acr``/``amr`` recorded in the session and the
  security log;
- **accounts are never created from claims**: a sign-in finds the account linked to
  the issuer + subject (``ExternalIdentity``); the first time, a *verified* e-mail that
  belongs to an active county staff member or administrator links once (and is logged).
  A reporter is never signed in this way; anyone else gets a page saying so;
- **the provider did the second factor**: the session's factor is "oidc";
- **sign-out at the provider too** (RP-initiated logout) when it publishes an
  ``end_session_endpoint``.
"""

from __future__ import annotations

import time
from urllib.parse import urlencode, urlsplit

import jwt
import requests
from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.cache import cache
from django.core.exceptions import SuspiciousOperation
from django.db import transaction
from django.http import HttpRequest
from django.urls import reverse
from django.utils import timezone
from mozilla_django_oidc.auth import OIDCAuthenticationBackend
from mozilla_django_oidc.views import OIDCAuthenticationRequestView

from core.access import is_county_staff

from . import mfa
from .models import ExternalIdentity
from .security import log_event

#: The session keys this module keeps (besides mozilla-django-oidc's own).
ID_TOKEN = "portal_oidc_id_token"
CLAIMS = "portal_oidc_claims"
_DISCOVERY_SECONDS = 60 * 60


class ProviderDown(Exception):
    """The identity provider did not answer (or answered nonsense)."""


class Refused(Exception):
    """A sign-in the portal will not complete. ``reason``: "unlinked" (no portal account
    for this identity) or "acr" (the sign-in was not strong enough)."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


def enabled() -> bool:
    return bool(settings.OIDC_ISSUER)


def organisation() -> str:
    """Whose identity provider it is, as the sign-in button names it."""
    return settings.OIDC_ORGANISATION


def issuer() -> str:
    return settings.OIDC_ISSUER.rstrip("/")


def discovery() -> dict:
    """The issuer's ``/.well-known/openid-configuration``, cached for an hour."""
    key = f"oidc-discovery:{issuer()}"
    document = cache.get(key)
    if document is None:
        try:
            answer = requests.get(
                issuer() + "/.well-known/openid-configuration",
                timeout=settings.OIDC_TIMEOUT_SECONDS,
            )
            answer.raise_for_status()
            document = answer.json()
        except (requests.RequestException, ValueError) as error:
            raise ProviderDown(str(error)) from error
        needed = ("issuer", "authorization_endpoint", "token_endpoint", "jwks_uri")
        if not isinstance(document, dict) or any(not document.get(k) for k in needed):
            raise ProviderDown("the discovery document lacks endpoints")
        if document["issuer"].rstrip("/") != issuer():
            raise ProviderDown("the discovery document names another issuer")
        cache.set(key, document, _DISCOVERY_SECONDS)
    return document


def setting(name: str, *default):
    """What mozilla-django-oidc asks for, from the portal's settings and the discovery."""
    fixed = {
        "OIDC_RP_CLIENT_ID": lambda: settings.OIDC_CLIENT_ID,
        "OIDC_RP_CLIENT_SECRET": lambda: settings.OIDC_CLIENT_SECRET,
        "OIDC_RP_SCOPES": lambda: settings.OIDC_SCOPES,
        "OIDC_RP_SIGN_ALGO": lambda: "RS256",
        "OIDC_USE_PKCE": lambda: True,
        "OIDC_PKCE_CODE_CHALLENGE_METHOD": lambda: "S256",
        "OIDC_USE_NONCE": lambda: True,
        "OIDC_CREATE_USER": lambda: False,
        "OIDC_STORE_ID_TOKEN": lambda: False,
        "OIDC_ALLOW_UNSECURED_JWT": lambda: False,
        "OIDC_VERIFY_KID": lambda: True,
        "OIDC_TIMEOUT": lambda: settings.OIDC_TIMEOUT_SECONDS,
        "OIDC_AUTHENTICATION_CALLBACK_URL": lambda: "accounts:oidc_callback",
        "OIDC_OP_AUTHORIZATION_ENDPOINT": lambda: discovery()["authorization_endpoint"],
        "OIDC_OP_TOKEN_ENDPOINT": lambda: discovery()["token_endpoint"],
        "OIDC_OP_JWKS_ENDPOINT": lambda: discovery()["jwks_uri"],
    }
    if name in fixed:
        return fixed[name]()
    if default:
        return default[0]
    return getattr(settings, name)


class StartView(OIDCAuthenticationRequestView):
    """The redirect to the provider (state, nonce and PKCE kept in the session)."""

    def get_settings(self, attr, *args):  # type: ignore[override]
        return setting(attr, *args)


class StaffOIDCBackend(OIDCAuthenticationBackend):
    """The code exchange and the ID token's checks; the account linked to the identity."""

    def __init__(self, *args, **kwargs) -> None:
        # mozilla-django-oidc reads its endpoints here; they come from the discovery,
        # only when a callback is handled (see authenticate).
        self.UserModel = get_user_model()
        self.OIDC_RP_SIGN_ALGO = "RS256"
        self.OIDC_RP_IDP_SIGN_KEY = None

    def get_settings(self, attr, *args):  # type: ignore[override]
        return setting(attr, *args)

    def authenticate(self, request, **kwargs):
        # Only the portal's callback view calls this backend with a code; a password
        # sign-in passes through (no request.GET code).
        if not enabled() or request is None or "code_verifier" not in kwargs:
            return None
        document = discovery()
        self.OIDC_OP_TOKEN_ENDPOINT = document["token_endpoint"]
        self.OIDC_OP_JWKS_ENDPOINT = document["jwks_uri"]
        self.OIDC_OP_USER_ENDPOINT = document.get("userinfo_endpoint", "")
        self.OIDC_RP_CLIENT_ID = settings.OIDC_CLIENT_ID
        self.OIDC_RP_CLIENT_SECRET = settings.OIDC_CLIENT_SECRET
        self.id_token = ""
        try:
            return super().authenticate(request, **kwargs)
        except requests.RequestException as error:
            raise ProviderDown(str(error)) from error

    def verify_token(self, token, **kwargs):
        """The library checks the signature (RS256, the provider's key) and the nonce;
        here the rest of OpenID Connect Core 3.1.3.7."""
        if not token:
            raise SuspiciousOperation("no ID token")
        try:
            payload = super().verify_token(token, **kwargs)
        except jwt.InvalidTokenError as error:  # expired, not yet valid, malformed
            raise SuspiciousOperation(f"ID token refused: {error}") from error
        now = time.time()
        if str(payload.get("iss", "")).rstrip("/") != issuer():
            raise SuspiciousOperation("ID token from another issuer")
        audience = payload.get("aud")
        audiences = [audience] if isinstance(audience, str) else list(audience or [])
        if settings.OIDC_CLIENT_ID not in audiences:
            raise SuspiciousOperation("ID token for another client")
        if len(audiences) > 1 and payload.get("azp") != settings.OIDC_CLIENT_ID:
            raise SuspiciousOperation("ID token for several clients, authorised for another")
        expires, issued = payload.get("exp"), payload.get("iat")
        if not isinstance(expires, int | float) or expires <= now:
            raise SuspiciousOperation("ID token expired")
        if not isinstance(issued, int | float) or issued > now + 60:
            raise SuspiciousOperation("ID token issued in the future")
        if issued < now - settings.OIDC_MAX_TOKEN_AGE_SECONDS:
            raise SuspiciousOperation("ID token issued too long ago")
        if not payload.get("sub"):
            raise SuspiciousOperation("ID token without a subject")
        if settings.OIDC_REQUIRED_ACR and payload.get("acr") != settings.OIDC_REQUIRED_ACR:
            raise Refused("acr")
        self.id_token = token
        return payload

    def get_userinfo(self, access_token, id_token, payload):
        # The ID token's claims (verified above) are the ones the portal uses.
        return payload

    def verify_claims(self, claims) -> bool:
        return bool(claims.get("sub"))

    def get_or_create_user(self, access_token, id_token, payload):
        """The portal account linked to issuer + subject; else, once, the active staff
        account of a verified e-mail. Never a new account; never a reporter."""
        claims = self.get_userinfo(access_token, id_token, payload)
        subject = str(claims["sub"])
        with transaction.atomic():
            link = (
                ExternalIdentity.objects.select_for_update()
                .select_related("user")
                .filter(issuer=issuer(), subject=subject)
                .first()
            )
            if link is None:
                link = _link_by_verified_email(self.request, claims, subject)
            if link is None or not link.user.is_active or not _may_use(link.user):
                log_event(
                    "oidc_refused",
                    self.request,
                    str(claims.get(settings.OIDC_EMAIL_CLAIM) or "-"),
                    sub=subject,
                )
                raise Refused("unlinked")
            link.last_used_at = timezone.now()
            link.save(update_fields=["last_used_at"])
        self.request.session[CLAIMS] = {
            "acr": str(claims.get("acr", "")),
            "amr": [str(m) for m in claims.get("amr", []) or []],
        }
        self.request.session[ID_TOKEN] = self.id_token
        return link.user


def _may_use(user) -> bool:
    """County staff and administrators; never a municipality reporter."""
    if user.is_reporter and not user.is_superuser:
        return False
    return is_county_staff(user) or user.is_superuser


def _link_by_verified_email(request: HttpRequest, claims: dict, subject: str):
    email = claims.get(settings.OIDC_EMAIL_CLAIM)
    verified = settings.OIDC_EMAIL_VERIFIED_CLAIM
    if not isinstance(email, str) or (verified and claims.get(verified) is not True):
        return None
    user = get_user_model().objects.filter(email__iexact=email.strip(), is_active=True).first()
    if user is None or not _may_use(user):
        return None
    if ExternalIdentity.objects.filter(user=user, issuer=issuer()).exists():
        # The account is linked to another identity at this provider already.
        return None
    link = ExternalIdentity.objects.create(issuer=issuer(), subject=subject, user=user)
    log_event("oidc_linked", request, user.email, sub=subject)
    return link


def logout_url(request: HttpRequest) -> str | None:
    """The provider's end-session address for this session's sign-in, or None (call
    before the session is flushed)."""
    if not enabled() or request.session.get(mfa.FACTOR) != "oidc":
        return None
    try:
        endpoint = discovery().get("end_session_endpoint")
    except ProviderDown:
        return None
    if not endpoint:
        return None
    query = {
        "client_id": settings.OIDC_CLIENT_ID,
        "post_logout_redirect_uri": request.build_absolute_uri(reverse("accounts:login")),
    }
    token = request.session.get(ID_TOKEN)
    if token:
        query["id_token_hint"] = token
    return f"{endpoint}?{urlencode(query)}"


class ProviderFormActionMiddleware:
    """The sign-out button is a form; its answer redirects to the provider's end-session
    address, which the page's CSP ``form-action 'self'`` would block. For a session
    signed in through the provider, its origin is allowed as a form target too."""

    def __init__(self, get_response) -> None:
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        session = getattr(request, "session", None)
        if enabled() and session is not None and session.get(mfa.FACTOR) == "oidc":
            parts = urlsplit(issuer())
            update = dict(getattr(response, "_csp_update", None) or {})
            update["form-action"] = [f"{parts.scheme}://{parts.netloc}"]
            response._csp_update = update
        return response
