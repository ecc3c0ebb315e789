"""Activity reports: the reporter's list, form and confirmation step.

Same periods, statuses and review moves as the follow-up reports; the read view
and staff review are in ``review.py``.
"""

from __future__ import annotations

import datetime

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from activities import services
from activities.forms import ActivityReportForm
from activities.models import Activity, ActivityReport, activity_for_municipality
from activities.rules import COURSE_CODES, OUTCOMES, SEXES
from activities.views.common import activity_for_reader, report_for_reporter
from core.access import (
    get_municipality_for_user,
    reporter_required,
    reporting_municipalities,
    signed_in_role_required,
)
from core.forms import apply_service_errors
from reception import workflow
from reception.forms import VersionForm
from reception.models import HANDED_IN, ReportingPeriod, ReportStatus
from reception.views.common import absolute


@reporter_required
def activity_inbox(request):
    """Per activity the reporter's municipalities take part in: this year's periods so far,
    and last year's that are not handed in (December's report is due in January)."""
    today = timezone.localdate()
    years = (today.year - 1, today.year)
    municipalities = list(reporting_municipalities(request.user).select_related("county"))
    activities = list(
        Activity.objects.for_user(request.user)
        .filter(start__lte=today, end__gte=datetime.date(years[0], 1, 1))
        .select_related("organisation")
        .prefetch_related("municipalities")
        .order_by("start", "title")
    )
    periods_by_county = {}
    # Only the periods that exist: a page never makes them (GETs never write).
    for period in ReportingPeriod.objects.filter(
        county__in={m.county_id for m in municipalities}, year__in=years, start__lte=today
    ).order_by("start"):
        periods_by_county.setdefault(period.county_id, []).append(period)
    reports = {
        (r.activity_id, r.municipality_id, r.period_id): r
        for r in ActivityReport.objects.filter(
            activity__in=activities, municipality__in=municipalities, period__year__in=years
        )
    }
    mine = {m.pk for m in municipalities}
    rows = []
    for activity in activities:
        for municipality in activity.municipalities.all():
            if municipality.pk not in mine:
                continue
            cells = []
            for period in periods_by_county.get(municipality.county_id, []):
                if period.end < activity.start or period.start > activity.end:
                    continue
                report = reports.get((activity.pk, municipality.pk, period.pk))
                status = report.status if report else ReportStatus.NOT_STARTED
                if period.year < today.year and status in HANDED_IN:
                    continue
                cells.append(
                    {
                        "period": period,
                        "report": report,
                        "status": status,
                        "status_label": ReportStatus(status).label,
                        "overdue": status not in (ReportStatus.SUBMITTED, ReportStatus.APPROVED)
                        and period.deadline < today,
                    }
                )
            if not cells and activity.end.year < today.year:
                continue  # ended last year, everything handed in
            rows.append(
                {
                    "activity": activity,
                    "municipality": municipality,
                    "label": activity_for_municipality(activity.title, municipality.name),
                    "cells": cells,
                }
            )
    return render(request, "activities/inbox.html", {"rows": rows, "today": today})


def _initial(report: ActivityReport | None) -> dict:
    if report is None:
        return {"version": 0}
    initial = {
        "version": report.version,
        "comment": report.comment,
        **{k: getattr(report, k) for k in ("women", "men", "first_time", "completed", "dropped")},
    }
    for course in report.courses.all():
        for outcome in OUTCOMES:
            for sex in SEXES:
                initial[f"{outcome}_{sex}_{course.course}"] = getattr(course, f"{outcome}_{sex}")
    return initial


@signed_in_role_required
def activity_report_edit(request, pk: int, code: str, period_pk: int):
    activity = activity_for_reader(request, pk)
    municipality = get_municipality_for_user(request.user, code)
    if not activity.municipalities.filter(pk=municipality.pk).exists():
        raise Http404
    if not reporting_municipalities(request.user).filter(pk=municipality.pk).exists():
        raise PermissionDenied
    period = get_object_or_404(ReportingPeriod, pk=period_pk, county_id=municipality.county_id)
    today = timezone.localdate()
    report = ActivityReport.objects.filter(
        activity=activity, municipality=municipality, period=period
    ).first()
    if report is not None and not report.is_editable:
        messages.info(request, _("Rapporten är inskickad eller godkänd och kan inte ändras."))
        return redirect("activities:activity_report_detail", pk=report.pk)
    if period.is_future(today):
        messages.error(
            request,
            _("Perioden %(period)s har inte börjat än. Du kan rapportera från %(start)s.")
            % {"period": period.label, "start": period.start.isoformat()},
        )
        return redirect("activities:activity_inbox")
    form = ActivityReportForm(request.POST or None, initial=_initial(report), activity=activity)
    if request.method == "POST" and form.is_valid():
        try:
            report = services.activity_report_save_draft(
                activity=activity,
                municipality=municipality,
                period=period,
                user=request.user,
                figures=form.figures(),
                courses=form.courses(),
                comment=form.cleaned_data["comment"],
                version=form.cleaned_data["version"],
                today=today,
            )
        except ValidationError as error:
            apply_service_errors(form, error)
        else:
            if request.POST.get("action") == "submit" and period.has_ended(today):
                return redirect("activities:activity_report_submit", pk=report.pk)
            messages.success(request, _("Utkastet är sparat. Det är inte inskickat än."))
            return redirect(
                "activities:activity_report_edit",
                pk=activity.pk,
                code=municipality.code,
                period_pk=period.pk,
            )
    return render(
        request,
        "activities/report_form.html",
        {
            "form": form,
            "activity": activity,
            "municipality": municipality,
            "period": period,
            "report": report,
            "activity_label": activity_for_municipality(activity.title, municipality.name),
            "overdue": period.is_overdue(today),
            "running": None if period.has_ended(today) else workflow.running_message(period),
        },
    )


def course_rows(report: ActivityReport) -> list:
    """The report's SFI course rows in the order of the course codes."""
    courses = {c.course: c for c in report.courses.all()}
    return [courses[c] for c in COURSE_CODES if c in courses]


@signed_in_role_required
def activity_report_submit_view(request, pk: int):
    """The confirmation step: the saved draft summarised; submitting is a POST with its version."""
    report = report_for_reporter(request, pk)
    if not report.is_editable:
        messages.info(request, _("Rapporten är redan inskickad."))
        return redirect("activities:activity_report_detail", pk=report.pk)
    if not report.period.has_ended(timezone.localdate()):
        messages.info(request, workflow.running_message(report.period))
        return redirect(
            "activities:activity_report_edit",
            pk=report.activity_id,
            code=report.municipality.code,
            period_pk=report.period_id,
        )
    form = VersionForm(request.POST or None, initial={"version": report.version})
    if request.method == "POST" and form.is_valid():
        try:
            submitted = services.activity_report_submit(
                report=report,
                user=request.user,
                version=form.cleaned_data["version"],
                link=absolute(request, "activities:activity_report_detail", pk=report.pk),
            )
        except ValidationError as error:
            apply_service_errors(form, error)
        else:
            messages.success(
                request,
                _(
                    "Tack! Rapporten är inskickad till Länsstyrelsen. Kvittonummer: %(n)s. "
                    "Ett kvitto har skickats till din e-post."
                )
                % {"n": submitted.receipt_number},
            )
            return redirect("activities:activity_report_detail", pk=report.pk)
    return render(
        request,
        "activities/report_submit.html",
        {
            "report": report,
            "activity": report.activity,
            "courses": course_rows(report),
            "form": form,
        },
    )
