"""What reporting adds to pages of the floors below it (registered in ReceptionConfig.ready)."""

from __future__ import annotations

import datetime

from django.http import HttpRequest
from django.template.loader import render_to_string

from agreements.models import Agreement
from core import clock, years

from .capacity import municipality_capacity


def agreement_capacity(request: HttpRequest, agreement: Agreement) -> str:
    """Received vs. target for the agreement's municipality and year, as of today (or the
    year's last day for a past year, its first day for a year not begun). The follow-up
    counts the targets of signed agreements only; only years the follow-up pages answer
    get a link (core/years.py)."""
    today = clock.today()
    on_date = min(today, datetime.date(agreement.year, 12, 31))
    on_date = max(on_date, datetime.date(agreement.year, 1, 1))
    capacity = (
        municipality_capacity(agreement.municipality, agreement.year, on_date)
        if agreement.counts_in_follow_up
        else []
    )
    return render_to_string(
        "reception/_agreement_panel.html",
        {
            "agreement": agreement,
            "capacity": capacity,
            "follow_up_open": years.is_valid_year(agreement.year, today),
            "follow_up_opens": agreement.year - years.YEARS_AHEAD,
        },
        request=request,
    )
