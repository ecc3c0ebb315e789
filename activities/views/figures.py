"""County staff: SFI and civic-orientation figures per municipality and year."""

from __future__ import annotations

from django.http import Http404
from django.shortcuts import render

from activities.figures import county_figures
from core import clock, years
from core.access import staff_required
from core.counties import staff_county


@staff_required
def activity_figures(request, year: int):
    today = clock.today()
    if not years.is_valid_year(year, today):
        raise Http404
    county = staff_county(request)
    return render(
        request,
        "activities/figures.html",
        {
            "county": county,
            "year": year,
            "prev_year": year - 1 if years.is_valid_year(year - 1, today) else None,
            "next_year": year + 1 if years.is_valid_year(year + 1, today) else None,
            **county_figures(county, year),
        },
    )
