"""County staff: the review queue per period, approve, return with a message, reopen."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import Count, Q
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from agreements.access import get_for_staff, signed_in_role_required, staff_required
from agreements.models import Municipality

from .. import services
from ..audit import report_audit
from ..capacity import municipality_capacity
from ..forms import ReopenForm, ReturnForm, VersionForm
from ..models import FollowUpReport, ReportingPeriod, ReportStatus
from ..periods import periods_ensure
from .common import absolute, add_service_errors, report_queryset, staff_county, year_from
from .report import _figure_rows

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
            waiting=Count("reports", filter=Q(reports__status=ReportStatus.SUBMITTED)),
            approved=Count("reports", filter=Q(reports__status=ReportStatus.APPROVED)),
        )
        .order_by("start")
    )
    chosen = None
    wanted = request.GET.get("period")
    if wanted and wanted.isdigit():
        chosen = next((p for p in periods if p.pk == int(wanted)), None)
    if chosen is None:
        waiting = [p for p in periods if p.waiting]
        started = [p for p in periods if p.start <= today] or periods
        chosen = waiting[-1] if waiting else started[-1]
    reports = {
        r.municipality_id: r
        for r in FollowUpReport.objects.filter(period=chosen).select_related("submitted_by")
    }
    rows = []
    for municipality in Municipality.objects.in_county(county).order_by("name"):
        report = reports.get(municipality.pk)
        status = report.status if report else ReportStatus.NOT_STARTED
        rows.append(
            {
                "municipality": municipality,
                "report": report,
                "status": status,
                "status_label": ReportStatus(status).label,
                "overdue": status not in (ReportStatus.SUBMITTED, ReportStatus.APPROVED)
                and chosen.deadline < today,
            }
        )
    rows.sort(key=lambda r: (QUEUE_ORDER[r["status"]], r["municipality"].name))
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
        },
    )


def _review_page(request, report: FollowUpReport, *, forms: dict | None = None, status=200):
    forms = forms or {}
    initial = {"version": report.version}
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
            "approve_form": forms.get("approve") or VersionForm(initial=initial),
            "return_form": forms.get("return") or ReturnForm(initial=initial),
            "reopen_form": forms.get("reopen") or ReopenForm(initial=initial),
        },
        status=status,
    )


def _staff_report(request, pk: int) -> FollowUpReport:
    """404 outside the user's scope first, then 403 for readers who are not its staff."""
    return get_for_staff(report_queryset().select_related("submitted_by"), request.user, pk=pk)


@signed_in_role_required
def report_review(request, pk: int):
    return _review_page(request, _staff_report(request, pk))


def _after_review(request, report: FollowUpReport, text: str):
    messages.success(request, text)
    url = reverse("reception:review_queue")
    return redirect(
        f"{url}?lan={report.period.county.code}&ar={report.period.year}&period={report.period_id}"
    )


@require_POST
@signed_in_role_required
def report_approve(request, pk: int):
    report = _staff_report(request, pk)
    form = VersionForm(request.POST)
    if form.is_valid():
        try:
            services.report_approve(
                report=report,
                user=request.user,
                version=form.cleaned_data["version"],
                link=absolute(request, "reception:report_detail", pk=report.pk),
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            return _after_review(
                request,
                report,
                _("Rapporten från %(m)s är godkänd.") % {"m": report.municipality.name},
            )
    return _review_page(request, report, forms={"approve": form})


@require_POST
@signed_in_role_required
def report_return(request, pk: int):
    report = _staff_report(request, pk)
    form = ReturnForm(request.POST)
    if form.is_valid():
        try:
            services.report_return(
                report=report,
                user=request.user,
                version=form.cleaned_data["version"],
                message=form.cleaned_data["message"],
                link=absolute(
                    request,
                    "reception:report_edit",
                    code=report.municipality.code,
                    period_pk=report.period_id,
                ),
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            return _after_review(
                request,
                report,
                _("Rapporten är skickad tillbaka till %(m)s med ditt meddelande.")
                % {"m": report.municipality.name},
            )
    return _review_page(request, report, forms={"return": form})


@require_POST
@signed_in_role_required
def report_reopen(request, pk: int):
    report = _staff_report(request, pk)
    form = ReopenForm(request.POST)
    if form.is_valid():
        try:
            services.report_reopen(
                report=report,
                user=request.user,
                version=form.cleaned_data["version"],
                reason=form.cleaned_data["reason"],
                link=absolute(
                    request,
                    "reception:report_edit",
                    code=report.municipality.code,
                    period_pk=report.period_id,
                ),
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            return _after_review(
                request,
                report,
                _("Rapporten från %(m)s är öppnad igen.") % {"m": report.municipality.name},
            )
    return _review_page(request, report, forms={"reopen": form})
