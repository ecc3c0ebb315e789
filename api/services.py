"""Writes of API tokens: make one (shown once), revoke one, note its use."""

from __future__ import annotations

import datetime
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from core.access import reporting_municipalities, staff_counties
from core.models import County, Municipality

from . import tokens
from .models import COUNTY_SCOPES, REPORTING_SCOPES, ApiToken

#: How long a token may live at most, and what the form offers by default.
MAX_DAYS = 365
DEFAULT_DAYS = 90
#: "Last used" is written at most this often (one UPDATE a minute, not one per call).
TOUCH_EVERY = datetime.timedelta(minutes=1)


@transaction.atomic
def token_create(
    *,
    user: Any,
    name: str,
    scopes: list[str],
    days: int,
    municipality: Municipality | None = None,
    county: County | None = None,
) -> tuple[ApiToken, str]:
    """A new token and its secret (returned once; only its hash is stored).

    A reporting token (report:read / report:write) belongs to a municipality the user
    reports for; a reading token (county:read) to a county the user is staff of. Nothing
    a token does can go beyond what its owner may do in the browser.
    """
    name = (name or "").strip()
    errors: dict[str, list[str]] = {}
    if not name:
        errors["name"] = [_("Ge nyckeln ett namn, till exempel ärendesystemets namn.")]
    elif ApiToken.objects.filter(user=user, name=name, revoked_at__isnull=True).exists():
        errors["name"] = [_("Du har redan en giltig nyckel med det namnet.")]
    wanted = set(scopes)
    if not wanted:
        errors["scopes"] = [_("Välj minst en behörighet.")]
    elif municipality is not None and county is None:
        if not wanted <= REPORTING_SCOPES:
            errors["scopes"] = [_("En kommuns nyckel kan bara läsa och lämna kommunens rapporter.")]
        if not reporting_municipalities(user).filter(pk=municipality.pk).exists():
            errors["municipality"] = [_("Du rapporterar inte för den kommunen.")]
    elif county is not None and municipality is None:
        if not wanted <= COUNTY_SCOPES:
            errors["scopes"] = [_("En läns nyckel kan bara läsa länets uppgifter.")]
        if not staff_counties(user).filter(pk=county.pk).exists():
            errors["county"] = [_("Du är inte handläggare i det länet.")]
    else:
        errors["scopes"] = [_("En nyckel hör till en kommun eller ett län.")]
    if not 1 <= days <= MAX_DAYS:
        errors["days"] = [_("En nyckel kan gälla från 1 till %(n)s dagar.") % {"n": MAX_DAYS}]
    if errors:
        raise ValidationError(errors)
    secret, prefix, digest = tokens.new_token()
    token = ApiToken.objects.create(
        name=name,
        user=user,
        municipality=municipality,
        county=county,
        scopes=sorted(wanted),
        prefix=prefix,
        secret_hash=digest,
        expires_at=timezone.now() + datetime.timedelta(days=days),
    )
    return token, secret


@transaction.atomic
def token_revoke(*, token: ApiToken, user: Any) -> ApiToken:
    """Revoked at once; a revoked token answers 401 from the next call on."""
    locked = ApiToken.objects.select_for_update().get(pk=token.pk, user=user)
    if locked.revoked_at is None:
        locked.revoked_at = timezone.now()
        locked.save(update_fields=["revoked_at"])
    return locked


def token_touch(token: ApiToken, now: datetime.datetime) -> None:
    """Note the call as the token's last use (at most once a minute, one UPDATE)."""
    if token.last_used_at is None or now - token.last_used_at >= TOUCH_EVERY:
        ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
        token.last_used_at = now
