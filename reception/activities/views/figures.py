"""County staff: SFI and civic-orientation figures per municipality and year."""

from __future__ import annotations

from django.http import Http404
from django.shortcuts import render

from agreements.access import staff_required
from integration_portal import clock

from ...views.common import staff_county
from ..figures import county_figures


@staff_required
def activity_figures(request, year: int):
    today = clock.today()
    if not clock.is_follow_up_year(year, today):
        raise Http404
    county = staff_county(request)
    return render(
        request,
        "reception/activities/figures.html",
        {
            "county": county,
            "year": year,
            "prev_year": year - 1 if clock.is_follow_up_year(year - 1, today) else None,
            "next_year": year + 1 if clock.is_follow_up_year(year + 1, today) else None,
            **county_figures(county, year),
        },
    )
