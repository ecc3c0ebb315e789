"""Which county a staff page is about: one answer for every staff page.

County staff work with their own county. The system administrator (who may act as
staff everywhere) chooses one with ``?lan=<code>``; without it they see the county
the public pages speak for (``PORTAL_COUNTY_CODE``). A county the user may not act
for, or a code that is not a county, is not found (404).
"""

from __future__ import annotations

from django.conf import settings
from django.http import Http404, HttpRequest

from .access import staff_counties
from .models import County


def staff_county(request: HttpRequest) -> County:
    asked = request.GET.get("lan", "")
    if asked and not (asked.isascii() and asked.isdecimal() and len(asked) == 2):
        raise Http404
    own = getattr(getattr(request.user, "county", None), "code", None)
    code = asked or own or settings.PORTAL_COUNTY_CODE
    county = staff_counties(request.user).filter(code=code).first()
    if county is None:
        raise Http404
    return county
