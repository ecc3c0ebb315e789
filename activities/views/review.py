"""Activity reports: the read view (reporters and staff) and staff review moves.

The moves are the follow-up reports' implementation (``reception.views.reviewing``)
with this kind's lookup, page, service and links.
"""

from __future__ import annotations

from django.shortcuts import render

from activities import services
from activities.models import ActivityReport
from activities.views.common import report_for_reader, report_for_staff
from activities.views.reporting import course_rows
from core.access import signed_in_role_required, staff_municipalities
from reception.views.common import absolute, may_edit
from reception.views.reviewing import ReportKind, move_views, review_forms

from ..audit import activity_report_audit


def _detail_page(request, report: ActivityReport, *, forms: dict | None = None):
    is_staff = staff_municipalities(request.user).filter(pk=report.municipality_id).exists()
    return render(
        request,
        "activities/report_detail.html",
        {
            "report": report,
            "activity": report.activity,
            "courses": course_rows(report),
            "audit": activity_report_audit(report),
            "is_staff": is_staff,
            "can_edit": may_edit(request, report),
            "url_names": ACTIVITY.url_names,
            **review_forms(report, forms),
        },
    )


def _link(request, report: ActivityReport, action: str) -> str:
    if action == "approve":
        return absolute(request, "activities:activity_report_detail", pk=report.pk)
    return absolute(
        request,
        "activities:activity_report_edit",
        pk=report.activity_id,
        code=report.municipality.code,
        period_pk=report.period_id,
    )


ACTIVITY = ReportKind(
    fetch=report_for_staff,
    page=_detail_page,
    review=services.activity_report_review,
    link=_link,
    url_prefix="activities:activity_report_",
)


@signed_in_role_required
def activity_report_detail(request, pk: int):
    return _detail_page(request, report_for_reader(request, pk))


activity_report_approve_view, activity_report_return_view, activity_report_reopen_view = move_views(
    ACTIVITY
)
