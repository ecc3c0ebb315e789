"""County staff: the review queue per period, follow-up and activity reports in one list."""

from __future__ import annotations

from django.db.models import Count, IntegerField, OuterRef, Q, Subquery
from django.db.models.functions import Coalesce
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from activities.models import ActivityReport
from core.access import staff_required
from core.counties import staff_county
from core.models import Municipality
from core.years import is_valid_year, year_from_query
from reception.models import HANDED_IN, FollowUpReport, ReportingPeriod, ReportStatus

#: Order of the queue: what staff must act on first.
QUEUE_ORDER = {
    ReportStatus.SUBMITTED: 0,
    ReportStatus.RETURNED: 1,
    ReportStatus.REOPENED: 1,
    ReportStatus.DRAFT: 2,
    ReportStatus.NOT_STARTED: 3,
    ReportStatus.APPROVED: 4,
}


#: The queue's filters (``?status=``): what the dashboard links to.
FILTERS = {
    "submitted": _("Väntar på granskning"),
    "returned": _("Skickade tillbaka, inte inskickade igen"),
    "overdue": _("Försenade"),
}


def _first_period_with(county, status: str) -> ReportingPeriod | None:
    """The earliest period of the county with a report in ``status`` (of either kind)."""
    return (
        ReportingPeriod.objects.filter(county=county)
        .filter(Q(reports__status=status) | Q(activity_reports__status=status))
        .order_by("start")
        .first()
    )


def _waiting(model) -> Coalesce:
    """How many of the period's reports of ``model`` wait for review.

    A subquery per kind: counting both over joins made a row for every pair of the
    period's follow-up and activity reports (~13 000 per period in a large county).
    """
    waiting = (
        model.objects.filter(period=OuterRef("pk"), status=ReportStatus.SUBMITTED)
        .order_by()
        .values("period")
        .annotate(n=Count("pk"))
        .values("n")
    )
    return Coalesce(Subquery(waiting, output_field=IntegerField()), 0)


def _matches(row: dict, status: str) -> bool:
    if status == "overdue":
        return row["overdue"]
    return row["status"] == status


@staff_required
def review_queue(request):
    today = timezone.localdate()
    county = staff_county(request)
    status_filter = request.GET.get("status", "")
    if status_filter not in FILTERS:
        status_filter = ""
    year = year_from_query(request, today.year)
    wanted = request.GET.get("period")
    first = None
    if status_filter in ("submitted", "returned") and not wanted:
        # From the dashboard: the oldest such report, whichever year it belongs to.
        first = _first_period_with(county, status_filter)
        if first is not None:
            year = first.year
    periods = list(
        ReportingPeriod.objects.filter(county=county, year=year)
        .annotate(waiting=_waiting(FollowUpReport) + _waiting(ActivityReport))
        .order_by("start")
    )
    if not periods:
        # No periods for the year yet: they are made when the year's reporting begins
        # (the settings are saved or the daily reminder run), never by this page.
        return render(
            request,
            "overview/review_queue.html",
            {
                "county": county,
                "year": year,
                "periods": [],
                "period": None,
                "is_admin": request.user.is_superuser,
                "prev_year": year - 1 if is_valid_year(year - 1, today) else None,
                "next_year": year + 1 if year < today.year else None,
            },
        )
    chosen = None
    if first is not None:
        chosen = next((p for p in periods if p.pk == first.pk), None)
    elif wanted and wanted.isdecimal():
        chosen = next((p for p in periods if p.pk == int(wanted)), None)
    if chosen is None:
        waiting = [p for p in periods if p.waiting]
        started = [p for p in periods if p.start <= today] or periods
        chosen = waiting[-1] if waiting else started[-1]
    # Only what the rows show: the models' default orderings join periods and
    # municipalities, and a report's figures and texts are not needed here.
    reports = {
        r.municipality_id: r
        for r in FollowUpReport.objects.filter(period=chosen)
        .order_by()
        .only("pk", "municipality_id", "status", "submitted_at")
    }
    overdue = chosen.deadline < today
    labels = {status.value: status.label for status in ReportStatus}

    def row(municipality, report, activity=None) -> dict:
        status = report.status if report else ReportStatus.NOT_STARTED
        return {
            "municipality": municipality,
            "report": report,
            "activity": activity,
            "status": status,
            "status_label": labels[status],
            "overdue": overdue and status not in HANDED_IN,
        }

    municipalities = list(
        Municipality.objects.in_county(county).order_by("name").only("name", "code")
    )
    rows = [row(m, reports.get(m.pk)) for m in municipalities]
    # Activity reports of the period beside them: what waits for review comes first.
    # Their municipalities are the county's, already read (a row per report, ~270 in a
    # large county, would otherwise make a municipality instance each).
    by_pk = {m.pk: m for m in municipalities}
    rows += [
        row(by_pk.get(r.municipality_id) or r.municipality, r, r.activity)
        for r in ActivityReport.objects.filter(period=chosen)
        .select_related("activity")
        .order_by()
        .only("pk", "status", "submitted_at", "municipality_id", "activity__title")
    ]
    rows.sort(
        key=lambda r: (
            QUEUE_ORDER[r["status"]],
            r["municipality"].name,
            r["activity"] is not None,
            r["activity"].title if r["activity"] else "",
        )
    )
    waiting_here = [r for r in rows if r["status"] == ReportStatus.SUBMITTED and r["report"]]
    all_rows = len(rows)
    if status_filter:
        rows = [r for r in rows if _matches(r, status_filter)]
    return render(
        request,
        "overview/review_queue.html",
        {
            "status_filter": status_filter,
            "status_filter_label": FILTERS.get(status_filter, ""),
            "filters": FILTERS,
            "all_rows": all_rows,
            "next_waiting": waiting_here[0] if waiting_here else None,
            "period_waiting_follow_up": any(not r["activity"] for r in waiting_here),
            "county": county,
            "year": year,
            "periods": periods,
            "period": chosen,
            "rows": rows,
            "waiting_elsewhere": sum(p.waiting for p in periods if p.pk != chosen.pk),
            "is_admin": request.user.is_superuser,
            "prev_year": year - 1 if is_valid_year(year - 1, today) else None,
            # Not next year: showing it would make its periods now, before the county has
            # settled how it reports that year (a year keeps the interval it was made with).
            "next_year": year + 1 if year < today.year else None,
        },
    )
