"""The years the portal works with: one rule for every page, form and service.

From 2000 (before the Settlement Act the same figures were voluntary agreements)
up to two years ahead: the county quota for next year is set in the autumn, and
agreements for the year after may already be negotiated.
"""

from __future__ import annotations

import datetime

from django.core.exceptions import ValidationError
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _

FIRST_YEAR = 2000
YEARS_AHEAD = 2


def last_year(today: datetime.date | None = None) -> int:
    return (today or timezone.localdate()).year + YEARS_AHEAD


def is_valid_year(year: int, today: datetime.date | None = None) -> bool:
    return FIRST_YEAR <= year <= last_year(today)


def validate_year(year: int, today: datetime.date | None = None) -> None:
    """For services and forms: a clear message naming the range."""
    if not is_valid_year(year, today):
        raise ValidationError(
            _("Året ska vara mellan %(first)s och %(last)s.")
            % {"first": FIRST_YEAR, "last": last_year(today)},
            code="year",
        )


def year_or_404(year: int, today: datetime.date | None = None) -> int:
    """For pages with the year in the path or query: outside the range is not found."""
    if not is_valid_year(year, today):
        raise Http404
    return year


def year_from_query(request, default: int, name: str = "ar") -> int:
    """The year asked for in ``?ar=`` (404 if it is not a year the portal knows)."""
    text = request.GET.get(name, "")
    if not text:
        return default
    if not (text.isascii() and text.isdecimal() and len(text) == 4):
        raise Http404
    return year_or_404(int(text))
