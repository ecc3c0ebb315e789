"""County staff: the review queue per period, follow-up and activity reports in one list."""

from __future__ import annotations

from django.db.models import Count, Q
from django.shortcuts import render
from django.utils import timezone

from activities.models import ActivityReport
from core.access import staff_required
from core.counties import staff_county
from core.models import Municipality
from core.years import is_valid_year, year_from_query
from reception.models import FollowUpReport, ReportingPeriod, ReportStatus
from reception.periods import periods_ensure

#: Order of the queue: what staff must act on first.
QUEUE_ORDER = {
    ReportStatus.SUBMITTED: 0,
    ReportStatus.RETURNED: 1,
    ReportStatus.REOPENED: 1,
    ReportStatus.DRAFT: 2,
    ReportStatus.NOT_STARTED: 3,
    ReportStatus.APPROVED: 4,
}


@staff_required
def review_queue(request):
    today = timezone.localdate()
    county = staff_county(request)
    year = year_from_query(request, today.year)
    periods_ensure(county=county, year=year)
    periods = list(
        ReportingPeriod.objects.filter(county=county, year=year)
        .annotate(
            waiting=Count(
                "reports", filter=Q(reports__status=ReportStatus.SUBMITTED), distinct=True
            )
            + Count(
                "activity_reports",
                filter=Q(activity_reports__status=ReportStatus.SUBMITTED),
                distinct=True,
            ),
        )
        .order_by("start")
    )
    chosen = None
    wanted = request.GET.get("period")
    if wanted and wanted.isdecimal():
        chosen = next((p for p in periods if p.pk == int(wanted)), None)
    if chosen is None:
        waiting = [p for p in periods if p.waiting]
        started = [p for p in periods if p.start <= today] or periods
        chosen = waiting[-1] if waiting else started[-1]
    reports = {
        r.municipality_id: r
        for r in FollowUpReport.objects.filter(period=chosen).select_related("submitted_by")
    }
    overdue = chosen.deadline < today

    def row(municipality, report, activity=None) -> dict:
        status = report.status if report else ReportStatus.NOT_STARTED
        return {
            "municipality": municipality,
            "report": report,
            "activity": activity,
            "status": status,
            "status_label": ReportStatus(status).label,
            "overdue": overdue and status not in (ReportStatus.SUBMITTED, ReportStatus.APPROVED),
        }

    rows = [
        row(m, reports.get(m.pk)) for m in Municipality.objects.in_county(county).order_by("name")
    ]
    # Activity reports of the period beside them: what waits for review comes first.
    rows += [
        row(r.municipality, r, r.activity)
        for r in ActivityReport.objects.filter(period=chosen).select_related(
            "activity", "municipality"
        )
    ]
    rows.sort(
        key=lambda r: (
            QUEUE_ORDER[r["status"]],
            r["municipality"].name,
            r["activity"] is not None,
            r["activity"].title if r["activity"] else "",
        )
    )
    return render(
        request,
        "overview/review_queue.html",
        {
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
