"""County staff: the review queue per period (follow-up and activity reports), and the
follow-up reports' review page with approve, return with a message, reopen."""

from __future__ import annotations

from django.db.models import Count, Q
from django.shortcuts import render
from django.utils import timezone

from agreements.access import get_for_staff, signed_in_role_required, staff_required
from agreements.models import Municipality
from integration_portal.clock import is_follow_up_year

from .. import services
from ..activities.models import ActivityReport
from ..audit import report_audit
from ..capacity import municipality_capacity
from ..models import FollowUpReport, ReportingPeriod, ReportStatus
from ..periods import periods_ensure
from .common import absolute, report_queryset, staff_county, year_from
from .report import _figure_rows
from .reviewing import ReportKind, move_views, review_forms

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
    year = year_from(request, today.year)
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
        "reception/review_queue.html",
        {
            "county": county,
            "year": year,
            "periods": periods,
            "period": chosen,
            "rows": rows,
            "waiting_elsewhere": sum(p.waiting for p in periods if p.pk != chosen.pk),
            "is_admin": request.user.is_superuser,
            "prev_year": year - 1 if is_follow_up_year(year - 1, today) else None,
            # Not next year: showing it would make its periods now, before the county has
            # settled how it reports that year (a year keeps the interval it was made with).
            "next_year": year + 1 if year < today.year else None,
        },
    )


def _review_page(request, report: FollowUpReport, *, forms: dict | None = None):
    return render(
        request,
        "reception/report_review.html",
        {
            "report": report,
            "rows": _figure_rows(report),
            "capacity": municipality_capacity(
                report.municipality, report.period.year, timezone.localdate()
            ),
            "audit": report_audit(report),
            "url_names": FOLLOW_UP.url_names,
            **review_forms(report, forms),
        },
    )


def _staff_report(request, pk: int) -> FollowUpReport:
    """404 outside the user's scope first, then 403 for readers who are not its staff."""
    return get_for_staff(report_queryset().select_related("submitted_by"), request.user, pk=pk)


def _link(request, report: FollowUpReport, action: str) -> str:
    if action == "approve":
        return absolute(request, "reception:report_detail", pk=report.pk)
    return absolute(
        request, "reception:report_edit", code=report.municipality.code, period_pk=report.period_id
    )


FOLLOW_UP = ReportKind(
    fetch=_staff_report,
    page=_review_page,
    review=services.report_review,
    link=_link,
    url_prefix="reception:report_",
)


@signed_in_role_required
def report_review(request, pk: int):
    return _review_page(request, _staff_report(request, pk))


report_approve, report_return, report_reopen = move_views(FOLLOW_UP)
