"""``Authorization: Bearer <token>``: the only way into the API.

No session cookie is accepted, so a page open in the browser can never make an API
call for the person signed in (no CSRF surface), and a script needs no CSRF token.
The token acts as its owner, narrowed to its municipality or county and its scopes:
nothing a token does goes beyond what the owner may do in the browser.
"""

from __future__ import annotations

import time
from typing import Any

from django.conf import settings
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from ninja.security import HttpBearer

from accounts.throttle import Limit
from core.access import reporting_municipalities, staff_counties

from . import tokens
from .models import ApiToken
from .services import token_touch


class TokenRefused(Exception):
    """401: no usable token. ``code`` is the RFC 6750 error (or missing_token)."""

    def __init__(self, detail: Any, code: str = "invalid_token") -> None:
        self.detail = detail
        self.code = code
        super().__init__(str(detail))


class ScopeMissing(Exception):
    """403: a valid token without the scope the operation needs."""

    def __init__(self, scope: str) -> None:
        self.scope = scope
        super().__init__(scope)


class RateLimited(Exception):
    def __init__(self, retry_after: int) -> None:
        self.retry_after = retry_after
        super().__init__(retry_after)


def per_token_limit() -> Limit:
    count, seconds = settings.PORTAL_THROTTLES["api_per_token"]
    return Limit("api_per_token", count, seconds)


def _owner_may(token: ApiToken) -> bool:
    """Whether the owner may still do in the browser what the token was made for."""
    user = token.user
    if not user.is_active:
        return False
    if token.municipality_id is not None:
        return reporting_municipalities(user).filter(pk=token.municipality_id).exists()
    return staff_counties(user).filter(pk=token.county_id).exists()


def find_token(value: str) -> ApiToken:
    prefix = tokens.split(value)
    if prefix is None:
        raise TokenRefused(_("API-nyckeln är ogiltig."))
    token = (
        ApiToken.objects.select_related("user", "municipality__county", "county")
        .filter(prefix=prefix)
        .first()
    )
    if token is None or not tokens.matches(value, token.secret_hash):
        raise TokenRefused(_("API-nyckeln är ogiltig."))
    now = timezone.now()
    if token.revoked_at is not None:
        raise TokenRefused(_("API-nyckeln är återkallad."))
    if token.expires_at <= now:
        raise TokenRefused(_("API-nyckeln har gått ut. Skapa en ny i portalen."))
    if not _owner_may(token):
        raise TokenRefused(
            _("Nyckelns ägare har inte längre behörighet till kommunen eller länet.")
        )
    return token


class TokenAuth(HttpBearer):
    """One instance per scope: ``TokenAuth("report:write")``."""

    def __init__(self, scope: str) -> None:
        self.scope = scope
        super().__init__()

    def __call__(self, request: HttpRequest) -> ApiToken:
        header = request.headers.get("Authorization", "")
        scheme, _sep, value = header.partition(" ")
        if not header:
            raise TokenRefused(
                _("Anropet saknar API-nyckel (Authorization: Bearer <nyckel>)."), "missing_token"
            )
        if scheme.lower() != "bearer" or not value.strip():
            raise TokenRefused(_("Ange nyckeln som Authorization: Bearer <nyckel>."))
        return self.authenticate(request, value.strip())

    def authenticate(self, request: HttpRequest, token: str) -> ApiToken:
        found = find_token(token)
        request.api_token = found  # type: ignore[attr-defined]  # the security log names it
        # The token acts as its owner (the history's "who"), never as a session user.
        request.user = found.user
        limit = per_token_limit()
        if limit.hit(str(found.pk)):
            raise RateLimited(int(limit.seconds - time.time() % limit.seconds) + 1)
        if self.scope not in found.scopes:
            raise ScopeMissing(self.scope)
        token_touch(found, timezone.now())
        return found


REPORT_READ = TokenAuth("report:read")
REPORT_WRITE = TokenAuth("report:write")
COUNTY_READ = TokenAuth("county:read")
