"""The reporter's landing page: what is due, by when, what came back and why."""

from __future__ import annotations

from collections import defaultdict

from django.db.models.functions import TruncDate
from django.shortcuts import render
from django.utils import timezone

from core.access import reporter_required, reporting_municipalities
from core.pagecache import cached_page, users_municipalities
from core.years import year_from_query

from .. import inbox_panels
from ..capacity import active_categories, capacity_rows
from ..models import EDITABLE, HANDED_IN, FollowUpReport, ReportingPeriod, ReportStatus

#: Each status's label, looked up once (an entry per period, ~120 for ten years of months).
_LABELS = {status.value: status.label for status in ReportStatus}
_NEEDS_FIXING = frozenset({ReportStatus.RETURNED, ReportStatus.REOPENED})


def _entry(period, report, today) -> dict:
    """``report``: the row read in ``_reports`` (or None when there is none yet)."""
    status = report["status"] if report else ReportStatus.NOT_STARTED
    submitted_on = report["submitted_on"] if report else None
    return {
        "period": period,
        "report": report,
        "status": status,
        "status_label": _LABELS[status],
        "overdue": status not in HANDED_IN and period.deadline < today,
        "late": bool(submitted_on and submitted_on > period.deadline),
        "needs_fixing": status in _NEEDS_FIXING,
        "editable": report is None or status in EDITABLE,
    }


def _reports(municipalities, periods) -> dict:
    """{(municipality id, period id): the report's fields the inbox shows}.

    Rows, not instances: every period since the first year has one (~120 here), and a
    report instance carries its figures' JSON and history fields the page never reads.
    The day it was handed in comes from the database, in the portal's time zone (as the
    county overview's ``_reports`` does).
    """
    rows = (
        # Ids, not instances: Django would check and unpack each of ~120 periods.
        FollowUpReport.objects.filter(
            municipality_id__in=[m.pk for m in municipalities],
            period_id__in=[p.pk for p in periods],
        )
        .order_by()
        .values("pk", "municipality_id", "period_id", "status", "review_message")
        .annotate(submitted_on=TruncDate("submitted_at"))
    )
    return {(r["municipality_id"], r["period_id"]): r for r in rows}


def _next_due(entries: list[dict], today) -> dict | None:
    """The report to hand in next: the nearest deadline not yet passed and not handed in."""
    owed = [
        e
        for e in entries
        if e["status"] not in HANDED_IN and not e["overdue"] and e["period"].deadline >= today
    ]
    return min(owed, key=lambda e: e["period"].deadline) if owed else None


@reporter_required
@cached_page(scopes=users_municipalities, params=("ar",))
def inbox(request):
    today = timezone.localdate()
    year = year_from_query(request, today.year)
    municipalities = list(
        reporting_municipalities(request.user).select_related("county").order_by("name")
    )
    counties = {m.county_id: m.county for m in municipalities}
    periods = list(
        ReportingPeriod.objects.filter(
            county_id__in=counties, year__lte=year, start__lte=today
        ).order_by("-start")
    )
    reports = _reports(municipalities, periods)
    sections = []
    for municipality in municipalities:
        this_year, earlier_overdue, earlier_to_fix = [], [], []
        for period in periods:
            if period.county_id != municipality.county_id:
                continue
            entry = _entry(period, reports.get((municipality.pk, period.pk)), today)
            if period.year == year:
                this_year.append(entry)
            elif entry["overdue"]:
                # Overdue reports from earlier years never drop out of view.
                earlier_overdue.append(entry)
            elif entry["needs_fixing"]:
                # Nor does one the county sent back (December's, returned in January).
                earlier_to_fix.append(entry)
        sections.append(
            {
                "municipality": municipality,
                "entries": this_year,
                "earlier_overdue": earlier_overdue,
                "to_fix": [
                    e for e in this_year + earlier_overdue + earlier_to_fix if e["needs_fixing"]
                ],
                "overdue_count": sum(e["overdue"] for e in this_year + earlier_overdue),
            }
        )
    capacity = defaultdict(list)
    for row in capacity_rows(
        municipalities=municipalities,
        year=year,
        on_date=today,
        categories=active_categories(),
    ):
        capacity[row.municipality.pk].append(row)
    for section in sections:
        section["capacity"] = capacity[section["municipality"].pk]
        section["next_due"] = _next_due(section["entries"], today)
        section["quota"] = next(
            (c for c in section["capacity"] if c.category.is_settlement_quota), None
        )
    return render(
        request,
        "reception/inbox.html",
        {
            "sections": sections,
            "year": year,
            "today": today,
            "years": [year - 1, year + 0],
            "panels": inbox_panels.render(request, municipalities),
        },
    )
