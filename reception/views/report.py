"""The reporter's form, the confirmation step, the receipt and the read view."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from core.access import (
    get_for_user,
    get_municipality_for_user,
    reporting_municipalities,
    signed_in_role_required,
)
from core.forms import apply_service_errors
from core.pagecache import cached_page, municipality_in_url

from .. import services, workflow
from ..audit import report_audit
from ..capacity import active_categories, received_for_year, targets_for_year
from ..forms import ReportForm, SubmitForm
from ..models import FollowUpReport, ReportingPeriod
from ..services import SPLIT_PARTS, snapshot, snapshot_changes
from .common import absolute, may_edit, report_for_reporter, report_queryset


def _context_rows(form: ReportForm, report, municipality, period) -> list[dict]:
    """Per category: the inputs and, beside them, target / so far / with this entry."""
    ids = [municipality.pk]
    targets = targets_for_year(ids, period.year, period.end)
    so_far = received_for_year(ids, period.year, exclude_report_id=report.pk if report else None)
    rows = []
    for category in form.categories:
        name = f"received_{category.code}"
        value = None
        if form.is_bound:
            value = form.cleaned_data.get(name) if hasattr(form, "cleaned_data") else None
        else:
            value = form.initial.get(name)
        before = sum(so_far.get((municipality.pk, category.pk), {}).values())
        previous_name = f"previous_year_{category.code}"
        previous = None
        if previous_name in form.fields:
            previous = (
                (form.cleaned_data.get(previous_name) if hasattr(form, "cleaned_data") else None)
                if form.is_bound
                else form.initial.get(previous_name)
            )
        rows.append(
            {
                "category": category,
                "received": form[name],
                "previous": form[previous_name] if previous_name in form.fields else None,
                "parts": [form[f"{p}_{category.code}"] for p in SPLIT_PARTS]
                if category.asks_for_split
                else [],
                "target": targets.get((municipality.pk, category.pk)),
                "so_far": before,
                "after": before + value - (previous if isinstance(previous, int) else 0)
                if isinstance(value, int)
                else None,
            }
        )
    return rows


def _initial(report: FollowUpReport | None) -> dict:
    if report is None:
        return {"version": 0}
    initial = {
        "version": report.version,
        "self_settled": report.self_settled,
        "comment": report.comment,
    }
    for figure in report.figures.select_related("category"):
        code = figure.category.code
        initial[f"received_{code}"] = figure.received
        for part in SPLIT_PARTS:
            initial[f"{part}_{code}"] = getattr(figure, part)
        if figure.previous_year:
            initial[f"previous_year_{code}"] = figure.previous_year
    return initial


@signed_in_role_required
@cached_page(scopes=municipality_in_url)
def report_edit(request, code: str, period_pk: int):
    municipality = get_municipality_for_user(request.user, code)
    if not reporting_municipalities(request.user).filter(pk=municipality.pk).exists():
        raise PermissionDenied
    period = get_object_or_404(ReportingPeriod, pk=period_pk, county_id=municipality.county_id)
    today = timezone.localdate()
    report = FollowUpReport.objects.filter(municipality=municipality, period=period).first()
    if report is not None and not report.is_editable:
        messages.info(request, _("Rapporten är inskickad eller godkänd och kan inte ändras."))
        return redirect("reception:report_detail", pk=report.pk)
    if period.is_future(today):
        messages.error(
            request,
            _("Perioden %(period)s har inte börjat än. Du kan rapportera från %(start)s.")
            % {"period": period.label, "start": period.start.isoformat()},
        )
        return redirect("reception:inbox")
    categories = active_categories()
    posted = request.method == "POST"
    form = ReportForm(
        request.POST if posted else None,
        # A posted form shows what was posted; only a new form needs the saved values.
        initial=None if posted else _initial(report),
        categories=categories,
        previous_year=period.year - 1 if services.asks_previous_year(period) else None,
    )
    if request.method == "POST" and form.is_valid():
        try:
            report = services.report_save_draft(
                municipality=municipality,
                period=period,
                user=request.user,
                figures=form.figures(),
                self_settled=form.cleaned_data["self_settled"],
                comment=form.cleaned_data["comment"],
                version=form.cleaned_data["version"],
                today=today,
            )
        except ValidationError as error:
            apply_service_errors(form, error)
        else:
            if request.POST.get("action") == "submit" and period.has_ended(today):
                return redirect("reception:report_submit", pk=report.pk)
            messages.success(request, _("Utkastet är sparat. Det är inte inskickat än."))
            return redirect("reception:report_edit", code=municipality.code, period_pk=period.pk)
    return render(
        request,
        "reception/report_form.html",
        {
            "form": form,
            "report": report,
            "municipality": municipality,
            "period": period,
            "rows": _context_rows(form, report, municipality, period),
            "overdue": period.is_overdue(today),
            "running": None if period.has_ended(today) else workflow.running_message(period),
        },
    )


def _figure_rows(report: FollowUpReport) -> list[dict]:
    ids = [report.municipality_id]
    targets = targets_for_year(ids, report.period.year, report.period.end)
    so_far = received_for_year(ids, report.period.year, exclude_report_id=report.pk)
    rows = []
    for figure in report.figures.select_related("category"):
        key = (report.municipality_id, figure.category_id)
        before = sum(so_far.get(key, {}).values())
        rows.append(
            {
                "figure": figure,
                "target": targets.get(key),
                "so_far": before,
                "after": before + figure.received - figure.previous_year,
            }
        )
    return rows


@signed_in_role_required
def report_submit_view(request, pk: int):
    report = report_for_reporter(request, pk)
    if not report.is_editable:
        messages.info(request, _("Rapporten är redan inskickad."))
        return redirect("reception:report_detail", pk=report.pk)
    if not report.period.has_ended(timezone.localdate()):
        messages.info(request, workflow.running_message(report.period))
        return redirect(
            "reception:report_edit", code=report.municipality.code, period_pk=report.period_id
        )
    warnings = services.report_warnings(report)
    form = SubmitForm(
        request.POST if request.method == "POST" else None, initial={"version": report.version}
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.report_submit(
                report=report,
                user=request.user,
                version=form.cleaned_data["version"],
                confirmed=form.cleaned_data["confirm"],
                link=absolute(request, "reception:report_receipt", pk=report.pk),
            )
        except ValidationError as error:
            if getattr(error, "code", None) == "unconfirmed":
                form.add_error("confirm", error.messages[0])
            else:
                apply_service_errors(form, error)
        else:
            return redirect("reception:report_receipt", pk=report.pk)
    changes = []
    if report.submitted_figures:
        changes = snapshot_changes(report.submitted_figures, snapshot(report))
    return render(
        request,
        "reception/report_submit.html",
        {
            "report": report,
            "form": form,
            "warnings": warnings,
            "rows": _figure_rows(report),
            "changes": changes,
        },
    )


@signed_in_role_required
def report_receipt(request, pk: int):
    report = get_for_user(report_queryset().select_related("submitted_by"), request.user, pk=pk)
    return render(
        request,
        "reception/report_receipt.html",
        {"report": report, "rows": _figure_rows(report)},
    )


@signed_in_role_required
def report_detail(request, pk: int):
    report = get_for_user(
        report_queryset().select_related("submitted_by", "reviewed_by"), request.user, pk=pk
    )
    return render(
        request,
        "reception/report_detail.html",
        {
            "report": report,
            "rows": _figure_rows(report),
            "audit": report_audit(report),
            "can_edit": may_edit(request, report),
        },
    )
