"""``Cache-Control: private, no-store`` on everything a signed-in person receives.

A signed-in page or export holds someone's data: no shared cache (a proxy, a CDN) may
keep it, and the browser should not keep it on disk after sign-out either (the back
button on a shared computer). Public pages to anonymous visitors keep their own
caching; a response that sets a cookie (the session, the CSRF token) is private too.
"""

from __future__ import annotations

from django.contrib.auth import SESSION_KEY
from django.utils.cache import add_never_cache_headers


class PrivateCacheMiddleware:
    """Just inside SessionMiddleware: sees the cookies every inner middleware set."""

    def __init__(self, get_response) -> None:
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        session = getattr(request, "session", None)
        signed_in = session is not None and SESSION_KEY in session
        if signed_in or response.cookies:
            add_never_cache_headers(response)  # private, no-store, no-cache, max-age=0
        return response
