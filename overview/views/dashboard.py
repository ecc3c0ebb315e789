"""The page staff and the system administrator land on after signing in: what waits."""

from __future__ import annotations

from django.shortcuts import render

from core import clock
from core.access import staff_counties, staff_required
from core.counties import staff_county

from ..dashboard import county_work


@staff_required
def dashboard(request):
    today = clock.today()
    if request.user.is_superuser and not request.GET.get("lan"):
        # The system administrator: every county at a glance, each a way into its own.
        return render(
            request,
            "overview/dashboard_admin.html",
            {"rows": county_work(staff_counties(request.user), today), "today": today},
        )
    county = staff_county(request)
    # Pages only read periods: a year's periods are made when its reporting begins.
    [work] = county_work([county], today)
    return render(
        request,
        "overview/dashboard.html",
        {
            "county": county,
            "work": work,
            "today": today,
            "oldest_days": work.oldest_age_days(today),
            "next_year": today.year + 1,
            "lan_query": f"lan={county.code}&" if request.user.is_superuser else "",
        },
    )
