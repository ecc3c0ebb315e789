from django.conf import settings
from django.http import HttpRequest

from core.access import is_county_staff, is_reporter
from core.pagecache import CSRF_PLACEHOLDER


def portal(request: HttpRequest) -> dict:
    user = getattr(request, "user", None)
    return {
        "portal_organisation": settings.PORTAL_ORGANISATION,
        "user_is_county_staff": bool(user and is_county_staff(user)),
        "user_is_reporter": bool(user and is_reporter(user)),
    }


def csrf_placeholder(request: HttpRequest) -> dict:
    """While a page is rendered for the page cache, its CSRF token is a placeholder.

    ``core.pagecache`` puts each visitor's own token in its place.
    """
    if getattr(request, "portal_csrf_placeholder", False):
        return {"csrf_token": CSRF_PLACEHOLDER}
    return {}
