"""County staff: the activity register, its filters and export, create and edit, detail, history."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import Count, Q
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from activities import services
from activities.figures import activity_fill_rates
from activities.forms import ActivityCreateForm, ActivityFilterForm, ActivityForm
from activities.models import Activity, ActivityReport
from activities.views.common import activity_for_staff
from core.access import signed_in_role_required, staff_required
from core.audit import AUDIT_HEADERS, audit_rows
from core.counties import staff_county
from core.exports import ExportTitle, csv_response, form_filters, xlsx_response
from core.forms import apply_service_errors
from reception.models import ReportStatus

from ..audit import activity_audit


def filtered_activities(request, county):
    """The county's activities narrowed by the list's filters; the form for the page."""
    form = ActivityFilterForm(request.GET or None, county=county)
    activities = (
        Activity.objects.for_user(request.user)
        .filter(county=county)
        .with_lists()
        .annotate(
            waiting=Count(
                "reports", filter=Q(reports__status=ReportStatus.SUBMITTED), distinct=True
            )
        )
        .order_by("start", "title")
    )
    if form.is_valid():
        data = form.cleaned_data
        today = timezone.localdate()
        if data["typ"]:
            activities = activities.filter(kind=data["typ"])
        if data["kommun"]:
            activities = activities.filter(municipalities=data["kommun"])
        if data["sprak"]:
            activities = activities.filter(languages=data["sprak"])
        if data["organisation"]:
            activities = activities.filter(organisation=data["organisation"])
        status = data["status"]
        if status == "published":
            activities = activities.filter(published=True)
        elif status == "unpublished":
            activities = activities.filter(published=False)
        elif status == "current":
            activities = activities.filter(end__gte=today)
        elif status == "finished":
            activities = activities.filter(end__lt=today)
        elif status == ReportStatus.SUBMITTED:
            activities = activities.filter(waiting__gt=0)
    return form, activities


@staff_required
def activity_list(request):
    county = staff_county(request)
    form, activities = filtered_activities(request, county)
    return render(
        request,
        "activities/activity_list.html",
        {
            "county": county,
            "form": form,
            "activities": activities,
            "query": request.GET.urlencode(),
            "is_admin": request.user.is_superuser,
        },
    )


EXPORT_HEADERS = [
    "Typ",
    "Rubrik",
    "Organisation",
    "Organisationsnummer",
    "Kommuner",
    "Språk",
    "Modersmål",
    "Genomförande",
    "Studietakt",
    "Startdatum",
    "Slutdatum",
    "Platser",
    "Timmar",
    "Plats",
    "Kontaktperson",
    "E-post",
    "Telefon",
    "Publicerad",
]


def _export_rows(activities):
    for a in activities:
        yield [
            a.get_kind_display(),
            a.title,
            a.organisation.name,
            a.organisation.org_number,
            ", ".join(f"{m.name} ({m.code})" for m in a.municipalities.all()),
            ", ".join(lang.name for lang in a.languages.all()),
            _("Ja") if a.mother_tongue else _("Nej"),
            a.get_delivery_display(),
            a.get_study_form_display(),
            a.start.isoformat(),
            a.end.isoformat(),
            a.places,
            a.hours,
            a.location,
            a.contact_name,
            a.contact_email,
            a.contact_phone,
            _("Ja") if a.published else _("Nej"),
        ]


@staff_required
def activity_export(request, fmt: str):
    if fmt not in ("csv", "xlsx"):
        raise Http404
    county = staff_county(request)
    form, activities = filtered_activities(request, county)
    filename = f"aktiviteter-{county.code}-{timezone.localdate().isoformat()}"
    rows = list(_export_rows(activities))
    if fmt == "xlsx":
        title = ExportTitle(table=_("Aktiviteter"), county=county.name, filters=form_filters(form))
        return xlsx_response(filename, EXPORT_HEADERS, rows, sheet_title="Aktiviteter", title=title)
    return csv_response(filename, EXPORT_HEADERS, rows)


def _save_from_form(request, form: ActivityForm, county, activity=None):
    data = {k: v for k, v in form.cleaned_data.items() if k not in ("municipalities", "languages")}
    form_token = data.pop("form_token", None)
    return services.activity_save(
        form_token=form_token,
        county=county,
        user=request.user,
        data=data,
        municipalities=form.cleaned_data["municipalities"],
        languages=form.cleaned_data["languages"],
        activity=activity,
        version=form.cleaned_data["version"],
    )


@staff_required
def activity_create(request):
    county = staff_county(request)
    form = ActivityCreateForm(request.POST or None, county=county)
    if request.method == "POST" and form.is_valid():
        try:
            activity = _save_from_form(request, form, county)
        except ValidationError as error:
            apply_service_errors(form, error)
        else:
            messages.success(request, _("Aktiviteten är sparad."))
            return redirect("activities:activity_detail", pk=activity.pk)
    return render(
        request,
        "activities/activity_form.html",
        {"form": form, "county": county, "activity": None},
    )


@signed_in_role_required
def activity_edit(request, pk: int):
    activity = activity_for_staff(request, pk)
    form = ActivityForm(
        request.POST or None,
        instance=activity,
        county=activity.county,
        initial={"version": activity.version},
    )
    if request.method == "POST" and form.is_valid():
        try:
            _save_from_form(request, form, activity.county, activity)
        except ValidationError as error:
            apply_service_errors(form, error)
        else:
            messages.success(request, _("Ändringarna är sparade."))
            return redirect("activities:activity_detail", pk=activity.pk)
    return render(
        request,
        "activities/activity_form.html",
        {"form": form, "county": activity.county, "activity": activity},
    )


@signed_in_role_required
def activity_detail(request, pk: int):
    activity = activity_for_staff(request, pk)
    reports = (
        ActivityReport.objects.filter(activity=activity)
        .select_related("municipality", "period")
        .order_by("-period__start", "municipality__name")
    )
    return render(
        request,
        "activities/activity_detail.html",
        {
            "activity": activity,
            "municipalities": activity.municipalities.order_by("name"),
            "languages": activity.languages.all(),
            "fill_rates": activity_fill_rates(activity),
            "reports": reports,
        },
    )


@signed_in_role_required
def activity_history(request, pk: int):
    """Every change of the activity: who, when, which field from what to what, and why."""
    activity = activity_for_staff(request, pk)
    return render(
        request,
        "activities/activity_history.html",
        {"activity": activity, "audit": activity_audit(activity)},
    )


@signed_in_role_required
def activity_history_csv(request, pk: int):
    """The same history as a CSV file (Swedish headers, like the agreements' history)."""
    activity = activity_for_staff(request, pk)
    return csv_response(
        f"historik-aktivitet-{activity.pk}", AUDIT_HEADERS, audit_rows(activity_audit(activity))
    )
