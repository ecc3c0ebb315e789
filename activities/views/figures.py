"""County staff: SFI and civic-orientation figures per municipality and year."""

from __future__ import annotations

from django.shortcuts import render

from activities.figures import county_figures
from core.access import staff_required
from core.counties import staff_county


@staff_required
def activity_figures(request, year: int):
    county = staff_county(request)
    return render(
        request,
        "activities/figures.html",
        {"county": county, "year": year, **county_figures(county, year)},
    )
