from django.conf import settings
from django.http import HttpRequest

from agreements.access import is_county_staff, is_reporter


def portal(request: HttpRequest) -> dict:
    user = getattr(request, "user", None)
    return {
        "portal_organisation": settings.PORTAL_ORGANISATION,
        "user_is_county_staff": bool(user and is_county_staff(user)),
        "user_is_reporter": bool(user and is_reporter(user)),
    }
