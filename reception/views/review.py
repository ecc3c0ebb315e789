"""County staff: the follow-up reports' review page with approve, return with a message,
reopen. (The review queue of every kind of report is the overview's.)"""

from __future__ import annotations

from django.shortcuts import render
from django.utils import timezone

from core.access import get_for_staff, signed_in_role_required

from .. import services
from ..audit import report_audit
from ..capacity import municipality_capacity
from ..models import FollowUpReport
from ..official import reconcile, return_message
from .common import absolute, report_queryset
from .report import _figure_rows
from .reviewing import ReportKind, move_views, review_form, review_forms


def _review_page(request, report: FollowUpReport, *, forms: dict | None = None):
    reconciliation = reconcile(report)
    prepared = return_message(reconciliation, report.period.label)
    context = review_forms(report, forms)
    if prepared and not (forms and "return" in forms):
        # The prepared message fills the return form; staff may edit it before sending.
        context["return_form"] = review_form(
            "return", initial={"version": report.version, "message": prepared}
        )
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
            "reconciliation": reconciliation,
            "prepared_message": prepared,
            **context,
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


report_approve_view, report_return_view, report_reopen_view = move_views(FOLLOW_UP)
