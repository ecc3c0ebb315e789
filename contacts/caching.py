"""Caching of the public pages' data-driven parts.

The page shell (header with sign-in state, navigation, messages) is rendered
per request; the parts built from the database — text blocks, the contact list,
the filter's choices — are computed once and kept in Django's cache under keys
that contain the county's :class:`~contacts.models.PublicPageState` token.
Every service that changes what the public pages show calls
:func:`public_pages_changed`, which gives the county a new token: old entries
are never read again and age out of the cache. A cache hit costs one small
query (reading the token).

The token lives in the database so that invalidation is immediate with any
cache backend, including the per-process default (LocMemCache) under several
gunicorn workers.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.core.cache import cache
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language

from core.models import County

from .models import PublicPageState

#: Entries expire anyway after this many seconds, in case data changed
#: outside the services (e.g. a database fix by hand).
TIMEOUT = 15 * 60


def public_token(county_code: str) -> str:
    """The current token of the county's public pages (created on first use)."""
    token = (
        PublicPageState.objects.filter(county__code=county_code)
        .values_list("token", flat=True)
        .first()
    )
    if token is None:
        county = County.objects.get(code=county_code)
        token = PublicPageState.objects.get_or_create(county=county)[0].token
    return token


def public_pages_changed(*, county: County) -> None:
    """Give the county's public pages a new token: every cached entry is stale."""
    state, created = PublicPageState.objects.get_or_create(county=county)
    if not created:
        state.token = PublicPageState._meta.get_field("token").default()
        state.save(update_fields=["token", "changed_at"])


class PublicCache:
    """Cache entries of one county's public pages, for one request (reads the token once)."""

    def __init__(self, county_code: str) -> None:
        self.county_code = county_code
        self.token = public_token(county_code)
        self.language = get_language() or "sv"

    def get(self, name: str, *parts: str, compute: Callable[[], Any]) -> Any:
        """The entry ``name`` for these ``parts`` (short, validated strings); computed on a miss.

        ``compute`` must not depend on the user: the entry is served to everyone.
        """
        key = ":".join(["contacts", name, self.county_code, self.token, self.language, *parts])
        value = cache.get(key)
        if value is None:
            value = compute()
            cache.set(key, value, TIMEOUT)
        return value

    def fragment(self, name: str, *parts: str, render: Callable[[], str]) -> SafeString:
        """Rendered HTML; ``render`` must return autoescaped template output."""
        html = self.get(name, *parts, compute=lambda: str(render()))
        # Safe: the fragment is our own autoescaped template output.
        return mark_safe(html)
