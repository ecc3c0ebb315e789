"""What the surveys add to the reporter's inbox (registered in SurveysConfig.ready)."""

from __future__ import annotations

from collections.abc import Sequence

from django.http import HttpRequest
from django.template.loader import render_to_string

from core import clock
from core.models import Municipality

from .tracking import open_campaigns


def reporter_surveys(request: HttpRequest, municipalities: Sequence[Municipality]) -> str:
    entries = open_campaigns(municipalities, clock.today())
    if not entries:
        return ""
    return render_to_string("surveys/_inbox_panel.html", {"entries": entries}, request=request)
