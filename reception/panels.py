"""What reporting adds to pages of the floors below it (registered in ReceptionConfig.ready)."""

from __future__ import annotations

import datetime

from django.http import HttpRequest
from django.template.loader import render_to_string
from django.utils import timezone

from agreements.models import Agreement

from .capacity import municipality_capacity


def agreement_capacity(request: HttpRequest, agreement: Agreement) -> str:
    """Received vs. target for the agreement's municipality and year, as of today (or the
    year's last day for a past year, its first day for a year not begun)."""
    today = timezone.localdate()
    on_date = min(today, datetime.date(agreement.year, 12, 31))
    on_date = max(on_date, datetime.date(agreement.year, 1, 1))
    return render_to_string(
        "reception/_agreement_panel.html",
        {
            "agreement": agreement,
            "capacity": municipality_capacity(agreement.municipality, agreement.year, on_date),
        },
        request=request,
    )
