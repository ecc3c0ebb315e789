"""Whole-page cache for read pages, keyed by the data version: never stale.

``@cached_page`` keeps a GET view's answer (body and headers) in Django's cache
under a key made of the view, the full path with its query string, the language,
the signed-in user, today's date and the data version
(:mod:`core.dataversion`). Any write to the portal's data — in any worker,
by any code path — changes the version in the same transaction, so the next
request misses and renders afresh: a submitted figure shows on the county
overview at once, with several workers and a per-process cache alike.

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

from django.contrib.messages import get_messages
from django.core.cache import cache
from django.http import HttpResponse
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


def _key(request, view) -> str:
    user = request.user.pk if request.user.is_authenticated else "-"
    path = hashlib.sha256(request.get_full_path().encode()).hexdigest()[:32]
    parts = (
        "page",
        f"{view.__module__}.{view.__qualname__}",
        str(dataversion.for_this_request()),
        get_language() or "sv",
        str(user),
        timezone.localdate().isoformat(),
        path,
    )
    return ":".join(parts)


def _with_token(request, response: HttpResponse) -> HttpResponse:
    if _PLACEHOLDER_BYTES in response.content:
        response.content = response.content.replace(_PLACEHOLDER_BYTES, get_token(request).encode())
    return response


def cached_page(view):
    """Serve the view's GET answer from the cache while the data is unchanged."""

    @wraps(view)
    def wrapped(request, *args, **kwargs):
        if request.method not in ("GET", "HEAD") or _has_messages(request):
            return view(request, *args, **kwargs)
        key = _key(request, view)
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

    return wrapped


class FragmentCache:
    """Parts of a page that are the same for every visitor, cached under the data version.

    The same guarantee as the page cache: any write to the portal's data (a service,
    the admin, ``QuerySet.update()``, SQL by hand) changes the version, so a fragment
    is never served stale. ``name`` and ``parts`` must be short, validated strings;
    what ``compute`` returns must not depend on the user.
    """

    def __init__(self, namespace: str) -> None:
        self.namespace = namespace
        self.version = str(dataversion.for_this_request())
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
