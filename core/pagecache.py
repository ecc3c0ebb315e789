"""Whole-page cache for read pages, keyed by the data versions they depend on: never stale.

``@cached_page(scopes=..., params=...)`` keeps a GET view's answer (body and headers)
in Django's cache under a key made of the view, the path, the query parameters the
view reads (``params``; any other parameter is removed from the request before the
view sees it, so junk query strings are neither stored apart nor echoed), the
language, the signed-in user, today's date and the versions of the scopes the page
shows (``scopes(request, **kwargs)``: its county and the reference data, see
:mod:`core.dataversion`; without ``scopes``: everything). Any write to those scopes —
in any worker or app server, by any code path — changes a version in the same
transaction, so the next request misses and renders afresh: a submitted figure shows
on the county overview at once, while other counties' pages stay cached.

What the key does not cover is never put in the cache:

- the CSRF token: pages are rendered with a placeholder that each answer gets the
  visitor's own token in place of (the ``csrf_placeholder`` context processor);
- messages waiting for the visitor: such a request is rendered and not cached;
- anything but a 200 answer to GET or HEAD (redirects, errors, POSTs, streams).

Access checks run before the view body, so decorate *inside* the access
decorators (``@staff_required`` above ``@cached_page``): a cached page is only
ever served to a user the checks let through, and the key holds the user, so
one user's page is never served to another.
"""

from __future__ import annotations

import hashlib
from functools import wraps

from django.conf import settings
from django.contrib.messages import get_messages
from django.core.cache import cache
from django.http import HttpResponse, QueryDict
from django.middleware.csrf import get_token
from django.utils import timezone
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language

from core import dataversion

#: Stands in for the CSRF token in a cached page (never a valid token).
CSRF_PLACEHOLDER = "csrf-placeholder-for-a-cached-page"
_PLACEHOLDER_BYTES = CSRF_PLACEHOLDER.encode()
#: Entries age out anyway; the version makes them stale long before.
TIMEOUT = 10 * 60
_SKIPPED_HEADERS = {"set-cookie", "content-length"}


def _has_messages(request) -> bool:
    # len() looks without marking the messages as read.
    return len(get_messages(request)) > 0


def _query(request, params: tuple[str, ...]) -> QueryDict:
    """Only the parameters the view reads, in the order ``params`` names them."""
    query = QueryDict(mutable=True)
    for name in params:
        if name in request.GET:
            query.setlist(name, request.GET.getlist(name))
    return query


def _keep_only(request, params: tuple[str, ...]) -> str:
    """Drop every other query parameter from the request; the canonical query string."""
    query = _query(request, params)
    canonical = query.urlencode()
    if canonical != request.META.get("QUERY_STRING", ""):
        query._mutable = False
        request.GET = query
        request.META["QUERY_STRING"] = canonical
    return canonical


def _key(request, view, versions: str, query: str) -> str:
    user = request.user.pk if request.user.is_authenticated else "-"
    path = hashlib.sha256(f"{request.path}?{query}".encode()).hexdigest()[:32]
    parts = (
        "page",
        f"{view.__module__}.{view.__qualname__}",
        versions,
        get_language() or "sv",
        str(user),
        timezone.localdate().isoformat(),
        path,
    )
    return ":".join(parts)


def user_scopes(user) -> tuple[str, ...]:
    """The scopes a user's own pages show: their county (or their municipalities')."""
    if not user.is_authenticated:
        return (dataversion.GLOBAL,)
    scopes = getattr(user, "portal_scopes", None)
    if scopes is None:
        from .access import readable_counties
        from .models import Municipality

        if user.is_superuser:
            scopes = (dataversion.ALL,)
        elif user.is_county_staff and user.county_id:
            scopes = (dataversion.GLOBAL, dataversion.county_scope(user.county.code))
        elif user.is_reporter:
            # Their municipalities' own scopes too, so the pages about those alone
            # (``users_municipalities``) are read in the sign-in step's one version query.
            pairs = sorted(
                Municipality.objects.filter(reporters=user)
                .order_by()
                .values_list("county__code", "code")
            )
            scopes = (
                dataversion.GLOBAL,
                *dict.fromkeys(dataversion.county_scope(c) for c, _m in pairs),
                *(dataversion.municipality_scope(m) for _c, m in pairs),
            )
        else:
            codes = sorted(readable_counties(user).order_by().values_list("code", flat=True))
            scopes = (dataversion.GLOBAL, *(dataversion.county_scope(c) for c in codes))
        user.portal_scopes = scopes
    return scopes


def _municipality_counties() -> dict[str, str]:
    """Municipality codes → county codes (reference data: cached under ``g``)."""
    from .models import Municipality

    key = f"dv-municipalities:{dataversion.token(dataversion.GLOBAL)}"
    value = cache.get(key)
    if value is None:
        value = dict(Municipality.objects.values_list("code", "county__code"))
        cache.set(key, value, TIMEOUT)
    return value


def county_of_code(code: str | None) -> tuple[str, ...]:
    """The scopes of the county with this code (reference data only if it is no code)."""
    if not (code and code.isascii() and code.isdecimal() and len(code) == 2):
        return (dataversion.GLOBAL,)
    return (dataversion.GLOBAL, dataversion.county_scope(code))


def county_of_municipality(code: str | None) -> tuple[str, ...]:
    """The scopes of the county of the municipality with this code."""
    return county_of_code(_municipality_counties().get(code or ""))


def of_municipality(code: str | None) -> tuple[str, ...]:
    """The scopes of a page about the municipality with this code alone: reference data,
    its county's shared rows and its own (``dataversion.municipality_scopes``)."""
    county = _municipality_counties().get(code or "")
    if county is None or not code:
        return (dataversion.GLOBAL,)
    return dataversion.municipality_scopes(county, [code])


def portal_county_contacts(request, *args, **kwargs) -> tuple[str, ...]:
    """The public pages that show only the contacts app's rows of the portal's county
    (contacts, page texts) and reference data: a report saved in the county leaves them
    cached (``dataversion.group_scope``)."""
    return tuple(
        dataversion.group_scope(s, "contacts") if s != dataversion.GLOBAL else s
        for s in county_of_code(settings.PORTAL_COUNTY_CODE)
    )


def users_county(request, *args, **kwargs) -> tuple[str, ...]:
    """Staff and reporter pages about the user's own county or municipalities."""
    return user_scopes(request.user)


def users_county_group(app_label: str):
    """Like ``users_county``, for a page that shows only one app's rows of the county
    (and reference data): it follows ``c<code>.<app>`` instead of the whole county."""

    assert app_label in dataversion.PAGE_GROUPS, app_label  # read with the user's scopes

    def scopes(request, *args, **kwargs) -> tuple[str, ...]:
        return tuple(
            dataversion.group_scope(s, app_label) if s.startswith("c") else s
            for s in user_scopes(request.user)
        )

    scopes.__name__ = f"users_county_{app_label}"
    return scopes


def municipality_in_url(request, *args, code: str = "", **kwargs) -> tuple[str, ...]:
    """Pages about the municipality in the URL (``<code>``) alone: a report saved by
    another municipality of the county leaves them cached."""
    return of_municipality(code)


def users_municipalities(request, *args, **kwargs) -> tuple[str, ...]:
    """A reporter's pages about their own municipalities alone (the inbox): reference
    data, their counties' shared rows and their municipalities' own. Anyone else: as
    ``users_county``."""
    scopes = user_scopes(request.user)
    if not request.user.is_authenticated or not request.user.is_reporter:
        return scopes
    return tuple(
        dataversion.group_scope(s, dataversion.SHARED) if s.startswith("c") else s for s in scopes
    )


def everything(request, *args, **kwargs) -> tuple[str, ...]:
    return (dataversion.ALL,)


def _with_token(request, response: HttpResponse) -> HttpResponse:
    if _PLACEHOLDER_BYTES in response.content:
        response.content = response.content.replace(_PLACEHOLDER_BYTES, get_token(request).encode())
    return response


def cached_page(view=None, *, scopes=everything, params: tuple[str, ...] = ()):
    """Serve the view's GET answer from the cache while the data it shows is unchanged.

    ``scopes(request, *args, **kwargs)``: the data-version scopes the page shows
    (default: everything). ``params``: the query parameters the view reads; the
    others are removed from the request (never keyed, never echoed).
    """
    if view is None:
        return lambda v: cached_page(v, scopes=scopes, params=params)

    @wraps(view)
    def wrapped(request, *args, **kwargs):
        if request.method not in ("GET", "HEAD"):
            return view(request, *args, **kwargs)
        query = _keep_only(request, params)
        if _has_messages(request):
            return view(request, *args, **kwargs)
        versions = dataversion.token(*scopes(request, *args, **kwargs))
        key = _key(request, view, versions, query)
        hit = cache.get(key)
        if hit is not None:
            content, headers = hit
            response = HttpResponse(content)
            for name, value in headers:
                response.headers[name] = value
            response["X-Portal-Cache"] = "hit"
            return _with_token(request, response)
        request.portal_csrf_placeholder = True
        try:
            response = view(request, *args, **kwargs)
        finally:
            request.portal_csrf_placeholder = False
        if response.status_code == 200 and not response.streaming and not response.cookies:
            headers = [
                (name, value)
                for name, value in response.headers.items()
                if name.lower() not in _SKIPPED_HEADERS
            ]
            cache.set(key, (response.content, headers), TIMEOUT)
            response["X-Portal-Cache"] = "miss"
        return _with_token(request, response)

    wrapped.cache_params = params  # type: ignore[attr-defined]
    return wrapped


class FragmentCache:
    """Parts of a page that are the same for every visitor, cached under the data version.

    The same guarantee as the page cache: any write to the data of ``scopes`` (a
    service, the admin, ``QuerySet.update()``, SQL by hand) changes a version, so a
    fragment is never served stale. ``name`` and ``parts`` must be short, validated
    strings; what ``compute`` returns must not depend on the user.
    """

    def __init__(self, namespace: str, scopes: tuple[str, ...] = (dataversion.ALL,)) -> None:
        self.namespace = namespace
        self.version = dataversion.token(*scopes)
        self.language = get_language() or "sv"

    def get(self, name: str, *parts: str, compute):
        key = ":".join(["fragment", self.namespace, name, self.version, self.language, *parts])
        value = cache.get(key)
        if value is None:
            value = compute()
            cache.set(key, value, TIMEOUT)
        return value

    def fragment(self, name: str, *parts: str, render) -> SafeString:
        """Rendered HTML; ``render`` must return autoescaped template output."""
        html = self.get(name, *parts, compute=lambda: str(render()))
        # Safe: the fragment is our own autoescaped template output.
        return mark_safe(html)
