"""Reporting periods. A year's periods are made by writes only — saving the county's
reporting settings, the daily ``send_reminders`` run and the demo data — never by a
page that is read (GETs never write): pages show the periods that exist."""

from __future__ import annotations

import calendar
import datetime

from django.db import IntegrityError, transaction

from core.models import County

from .models import Frequency, ReportingPeriod, ReportingSettings


def period_bounds(frequency: str, year: int) -> list[tuple[int, datetime.date, datetime.date]]:
    """(number, first day, last day) of each period of the year."""
    step = 3 if frequency == Frequency.QUARTERLY else 1
    bounds = []
    for number, first_month in enumerate(range(1, 13, step), start=1):
        last_month = first_month + step - 1
        last_day = calendar.monthrange(year, last_month)[1]
        bounds.append(
            (
                number,
                datetime.date(year, first_month, 1),
                datetime.date(year, last_month, last_day),
            )
        )
    return bounds


def periods_ensure(*, county: County, year: int) -> list[ReportingPeriod]:
    """The county's periods of a year, created with its current settings if missing.

    A year keeps the frequency it was created with, so changing a county to
    quarterly reporting never splits a year that has already started.
    """
    existing = list(ReportingPeriod.objects.filter(county=county, year=year).order_by("start"))
    if existing:
        return existing
    config = ReportingSettings.for_county(county)
    periods = [
        ReportingPeriod(
            county=county,
            frequency=config.frequency,
            year=year,
            number=number,
            start=start,
            end=end,
            deadline=end + datetime.timedelta(days=config.deadline_days),
        )
        for number, start, end in period_bounds(config.frequency, year)
    ]
    try:
        with transaction.atomic():
            ReportingPeriod.objects.bulk_create(periods)
    except IntegrityError:
        # Another request created them at the same moment; use theirs.
        pass
    return list(ReportingPeriod.objects.filter(county=county, year=year).order_by("start"))


def periods_stored(*, county: County, year: int) -> list[ReportingPeriod]:
    """The county's periods of a year as they are (none yet: an empty list). For pages."""
    return list(ReportingPeriod.objects.filter(county=county, year=year).order_by("start"))


def previous_period(period: ReportingPeriod) -> ReportingPeriod | None:
    return (
        ReportingPeriod.objects.filter(county_id=period.county_id, start__lt=period.start)
        .order_by("-start")
        .first()
    )
