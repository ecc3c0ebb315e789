"""National demo follow-up: monthly periods and reports for every municipality, in bulk.

Ten years of monthly periods per county; a report for every municipality and
ended period (a few missing: overdue), the latest ones in every state, and a
draft for the current month for a third of the municipalities. Four figures
per report. Rows are made with ``bulk_create`` (no audit history for them).
(municipality, period) pairs that already have a report are left alone.
"""

from __future__ import annotations

import datetime
import random

from django.utils import timezone

from agreements.models import TargetCategory
from core.models import County, Municipality

from .demo_time import REVIEWED_STATES, handed_in_at, reviewed_at
from .models import FollowUpReport, Frequency, ReportFigure, ReportingPeriod, ReportStatus
from .periods import period_bounds

BATCH = 5000
#: Status of the latest ended period, by municipality (cycled).
LATEST = [
    ReportStatus.SUBMITTED,
    ReportStatus.RETURNED,
    ReportStatus.DRAFT,
    None,  # never came in: overdue
    ReportStatus.APPROVED,
    ReportStatus.REOPENED,
]
DEADLINE_DAYS = 15


def seed_periods(*, counties: list[County], years: range) -> list[ReportingPeriod]:
    """Monthly periods for every county and year that has none yet."""
    have = set(ReportingPeriod.objects.filter(county__in=counties).values_list("county_id", "year"))
    periods = [
        ReportingPeriod(
            county=county,
            frequency=Frequency.MONTHLY,
            year=year,
            number=number,
            start=start,
            end=end,
            deadline=end + datetime.timedelta(days=DEADLINE_DAYS),
        )
        for county in counties
        for year in years
        if (county.pk, year) not in have
        for number, start, end in period_bounds(Frequency.MONTHLY, year)
    ]
    ReportingPeriod.objects.bulk_create(periods, batch_size=BATCH)
    return list(
        ReportingPeriod.objects.filter(county__in=counties, year__in=list(years)).order_by("start")
    )


def _state(index: int, position: int, count: int) -> ReportStatus | None:
    """The report's status from the municipality's index and the period's position."""
    if position == count - 1:
        return LATEST[index % len(LATEST)]
    if position == count - 2:
        return ReportStatus.APPROVED if index % 2 == 0 else ReportStatus.SUBMITTED
    if (index + position) % 97 == 0:
        return None  # an older report that never came in
    return ReportStatus.APPROVED


def _figures(rng: random.Random, monthly: int) -> tuple[tuple[str, int, int | None, ...], ...]:
    received = max(0, monthly + rng.randint(-2, 3))
    children = rng.randint(0, received // 2)
    women = rng.randint(0, received - children)
    return (
        ("anvisade", received, women, received - women, children),  # children within w + m
        ("kvotflyktingar", rng.randint(0, received // 3), None, None, None),
        ("ensamkommande", rng.randint(0, 1), None, None, None),
        ("massflykt", rng.randint(0, 3), None, None, None),
    )


def seed_reports(*, out, years: range, counties=None, today: datetime.date | None = None) -> None:
    now = timezone.now()
    today = today or timezone.localdate(now)
    counties = list(counties if counties is not None else County.objects.all())
    periods = seed_periods(counties=counties, years=years)
    by_county: dict[int, list[ReportingPeriod]] = {}
    for period in periods:
        by_county.setdefault(period.county_id, []).append(period)
    categories = {c.code: c for c in TargetCategory.objects.filter(active=True)}
    existing = set(
        FollowUpReport.objects.filter(municipality__county__in=counties).values_list(
            "municipality_id", "period_id"
        )
    )
    reports: list[FollowUpReport] = []
    figures: list[tuple] = []
    municipalities = Municipality.objects.filter(county__in=counties).order_by("code")
    for index, municipality in enumerate(municipalities):
        rng = random.Random(f"national-reports-{municipality.code}")
        monthly = rng.choice([0, 1, 2, 3, 5, 8])
        timeline = by_county.get(municipality.county_id, [])
        ended = [p for p in timeline if p.end < today]
        plan = [(p, _state(index, i, len(ended))) for i, p in enumerate(ended)]
        current = next((p for p in timeline if p.start <= today <= p.end), None)
        if current is not None and index % 3 == 0:
            plan.append((current, ReportStatus.DRAFT))
        for period, state in plan:
            if state is None or (municipality.pk, period.pk) in existing:
                continue
            submitted_at = handed_in_at(period, rng.randint(0, 10), datetime.time(10, 0), now)
            handed_in = state != ReportStatus.DRAFT
            report = FollowUpReport(
                municipality=municipality,
                period=period,
                status=state,
                self_settled=rng.randint(0, 4),
                submitted_at=submitted_at if handed_in else None,
                reviewed_at=(reviewed_at(submitted_at, now) if state in REVIEWED_STATES else None),
                review_message=(
                    "Kvinnor + män stämmer inte med de mottagna. Rätta och skicka igen."
                    if state in (ReportStatus.RETURNED, ReportStatus.REOPENED)
                    else ""
                ),
            )
            reports.append(report)
            figures.append(_figures(rng, monthly))
    FollowUpReport.objects.bulk_create(reports, batch_size=BATCH)
    rows = [
        ReportFigure(
            report=report,
            category=categories[code],
            received=received,
            women=women,
            men=men,
            children=children,
        )
        for report, values in zip(reports, figures, strict=True)
        for code, received, women, men, children in values
        if code in categories
    ]
    ReportFigure.objects.bulk_create(rows, batch_size=BATCH)
    out.write(
        f"  reception (national): {len(periods)} periods, {len(reports)} reports, "
        f"{len(rows)} figures; {FollowUpReport.objects.count()} reports in total"
    )
