"""Writes of organisations, activities and activity reports. All or nothing.

Activity reports follow the same flow as follow-up reports (``reception.workflow``).
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable, Mapping
from typing import Any, cast

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import User
from activities.models import (
    Activity,
    ActivityCourseFigure,
    ActivityKind,
    ActivityReport,
    Organisation,
)
from activities.rules import (
    COURSE_CODES,
    OUTCOMES,
    SEXES,
    civic_hours_error,
    normalise_org_number,
    org_number_error,
)
from core.history import record_change
from core.locking import check_version, claim_form_token, created_once
from core.models import County, Municipality
from reception import notify, workflow
from reception.models import ReportingPeriod

ORGANISATION_FIELDS = (
    "name",
    "kind",
    "org_number",
    "contact_name",
    "email",
    "phone",
    "website",
    "address",
)
ACTIVITY_FIELDS = (
    "kind",
    "title",
    "description",
    "organisation",
    "mother_tongue",
    "delivery",
    "study_form",
    "start",
    "end",
    "places",
    "hours",
    "location",
    "contact_name",
    "contact_email",
    "contact_phone",
    "published",
)
#: Per course code: {"completed_women": n, ...}
CourseInput = Mapping[str, Mapping[str, int]]


@transaction.atomic
def organisation_save(
    *,
    county: County,
    user: User,
    data: dict[str, Any],
    organisation: Organisation | None = None,
    version: int = 0,
) -> Organisation:
    """Create (``organisation=None``) or change an organisation of the county."""
    data = dict(data)
    data["org_number"] = normalise_org_number(data.get("org_number", ""))
    if data["org_number"]:
        error = org_number_error(data["org_number"])
        if error:
            raise ValidationError({"org_number": [error]})
    if organisation is None:
        organisation = Organisation(county=county, version=0)
        reason = _("Organisation registrerad")
    else:
        organisation = Organisation.objects.select_for_update(of=("self",)).get(pk=organisation.pk)
        check_version(organisation, version)
        reason = _("Organisation ändrad")
    for field in ORGANISATION_FIELDS:
        if field in data:
            setattr(organisation, field, data[field])
    taken = {"name": [_("Det finns redan en organisation med det namnet i länet.")]}
    if (
        Organisation.objects.filter(county=county, name=organisation.name)
        .exclude(pk=organisation.pk)
        .exists()
    ):
        raise ValidationError(taken)
    organisation.version += 1
    record_change(organisation, reason)
    with created_once(taken):  # the same name saved by someone else a moment earlier
        organisation.save()
    return organisation


def activity_errors(data: Mapping[str, Any]) -> dict[str, list[str]]:
    """The activity rules, keyed by field, before anything is saved."""
    errors: dict[str, list[str]] = {}
    start, end = data.get("start"), data.get("end")
    if start and end and end < start:
        errors["end"] = [_("Slutdatum kan inte vara före startdatum.")]
    if data.get("kind") == ActivityKind.CIVIC:
        error = civic_hours_error(data.get("hours"))
        if error:
            errors["hours"] = [error]
    for field in ("places", "hours"):
        value = data.get(field)
        if value is not None and value < 0:
            errors[field] = [_("Antalet kan inte vara negativt.")]
    if not data.get("municipalities"):
        errors["municipalities"] = [_("Välj minst en kommun som aktiviteten är till för.")]
    if not data.get("languages"):
        errors["languages"] = [_("Välj minst ett undervisningsspråk.")]
    return errors


@transaction.atomic
def activity_save(
    *,
    county: County,
    user: User,
    data: dict[str, Any],
    municipalities: Iterable[Municipality],
    languages: Iterable,
    activity: Activity | None = None,
    version: int = 0,
    form_token: str | None = None,
) -> Activity:
    """Create (``activity=None``) or change an activity; a create form's ``form_token``
    is claimed first, so the same form posted twice creates one activity."""
    if form_token is not None:
        claim_form_token(form_token)
    municipalities, languages = list(municipalities), list(languages)
    errors = activity_errors({**data, "municipalities": municipalities, "languages": languages})
    if any(m.county_id != county.pk for m in municipalities):
        errors["municipalities"] = [_("Välj bara kommuner i det egna länet.")]
    organisation = data.get("organisation")
    if organisation is not None and organisation.county_id != county.pk:
        errors["organisation"] = [_("Välj en organisation som är registrerad i länet.")]
    if errors:
        raise ValidationError(errors)
    if activity is None:
        activity = Activity(county=county, version=0)
        reason = _("Aktivitet skapad")
    else:
        activity = Activity.objects.select_for_update(of=("self",)).get(pk=activity.pk)
        check_version(activity, version)
        reason = _("Aktivitet ändrad")
    for field in ACTIVITY_FIELDS:
        if field in data:
            setattr(activity, field, data[field])
    if activity.kind != ActivityKind.CIVIC:
        activity.mother_tongue = False
    activity.version += 1
    record_change(activity, reason)
    activity.save()
    activity.municipalities.set(municipalities)
    activity.languages.set(languages)
    return activity


#: The totals an SFI report derives from its course cells (never typed a second time).
SFI_DERIVED = ("women", "men", "completed", "dropped")


def sfi_totals(courses: CourseInput) -> dict[str, int]:
    """Participants and outcomes summed over the course cells: women (men) are everyone
    who completed, dropped or continues a course; completed (dropped) both sexes."""
    totals = {f"{o}_{s}": 0 for o in OUTCOMES for s in SEXES}
    for values in courses.values():
        for key in totals:
            totals[key] += values.get(key) or 0
    return {
        "women": sum(totals[f"{o}_women"] for o in OUTCOMES),
        "men": sum(totals[f"{o}_men"] for o in OUTCOMES),
        "completed": totals["completed_women"] + totals["completed_men"],
        "dropped": totals["dropped_women"] + totals["dropped_men"],
    }


def _course_errors(courses: CourseInput) -> dict[str, list[str]]:
    errors: dict[str, list[str]] = {}
    unknown = sorted(set(courses) - set(COURSE_CODES))
    if unknown:
        errors["__all__"] = [
            _("Okänd kurskod: %(codes)s. SFI har kurserna %(valid)s.")
            % {"codes": ", ".join(unknown), "valid": ", ".join(COURSE_CODES)}
        ]
        return errors
    for code, values in courses.items():
        for key in _course_keys():
            value = values.get(key) or 0
            if not isinstance(value, int) or value < 0:
                errors[f"{key}_{code}"] = [_("Ange ett heltal som är 0 eller större.")]
    return errors


def report_figures(
    *, activity: Activity, figures: Mapping[str, int | None], courses: CourseInput | None
) -> dict[str, int | None]:
    """The report's figures as stored: for SFI the totals come from the course cells
    (whatever else was sent), the rest as given."""
    result = dict(figures)
    if activity.kind == ActivityKind.SFI:
        result.update(sfi_totals(courses or {}))
    return result


def report_errors(
    *, activity: Activity, figures: Mapping[str, int | None], courses: CourseInput | None
) -> dict[str, list[str]]:
    errors: dict[str, list[str]] = {}
    if activity.kind == ActivityKind.SFI:
        errors = _course_errors(courses or {})
        if errors:
            return errors
        figures = report_figures(activity=activity, figures=figures, courses=courses)
    for field in ("women", "men", "first_time", "completed", "dropped"):
        value = figures.get(field)
        if value is None:
            errors[field] = [_("Fyll i antalet. Skriv 0 om det inte var någon.")]
        elif not isinstance(value, int) or value < 0:
            errors[field] = [_("Ange ett heltal som är 0 eller större.")]
    if errors:
        return errors
    # Every figure is a whole number now (checked above).
    counts = {f: cast(int, figures[f]) for f in ("women", "men", "first_time", "completed")}
    counts["dropped"] = cast(int, figures["dropped"])
    participants = counts["women"] + counts["men"]
    if counts["first_time"] > participants:
        errors["first_time"] = [
            _("Fler kan inte ha börjat för första gången än det fanns deltagare (%(n)s).")
            % {"n": participants}
        ]
    # For SFI the course cells make the totals, so this holds by construction; for civic
    # orientation it is the check that the typed figures fit together.
    if counts["completed"] + counts["dropped"] > participants:
        errors["completed"] = [
            _("Slutförda och avbrutna kan tillsammans inte vara fler än deltagarna (%(n)s).")
            % {"n": participants}
        ]
    return errors


@transaction.atomic
def activity_report_save_draft(
    *,
    activity: Activity,
    municipality: Municipality,
    period: ReportingPeriod,
    user: User,
    figures: Mapping[str, int | None],
    courses: CourseInput | None,
    comment: str,
    version: int,
    today: datetime.date | None = None,
) -> ActivityReport:
    today = today or timezone.localdate()
    if not activity.municipalities.filter(pk=municipality.pk).exists():
        raise ValidationError(_("Kommunen deltar inte i aktiviteten."), code="scope")
    if period.county_id != municipality.county_id:
        raise ValidationError(_("Perioden hör inte till kommunens län."), code="scope")
    if period.is_future(today):
        raise ValidationError(
            _("Perioden %(period)s har inte börjat än. Du kan rapportera från %(start)s.")
            % {"period": period.label, "start": period.start.isoformat()},
            code="future",
        )
    errors = report_errors(activity=activity, figures=figures, courses=courses)
    if errors:
        raise ValidationError(errors)
    figures = report_figures(activity=activity, figures=figures, courses=courses)
    report = (
        ActivityReport.objects.select_for_update(of=("self",))
        .filter(activity=activity, municipality=municipality, period=period)
        .first()
    )
    if report is None:
        if version != 0:
            raise workflow.stale()
        report = ActivityReport(
            activity=activity, municipality=municipality, period=period, version=0
        )
        reason = _("Utkast påbörjat")
    else:
        check_version(report, version, message=str(workflow.STALE_REPORT))
        if not report.is_editable:
            raise ValidationError(
                _("Rapporten är inskickad eller godkänd och kan inte ändras."), code="locked"
            )
        reason = _("Utkast sparat")
    for field in ("women", "men", "first_time", "completed", "dropped"):
        setattr(report, field, figures[field])
    report.comment = comment
    report.version += 1
    record_change(report, reason)
    try:
        with transaction.atomic():
            report.save()
    except IntegrityError:
        raise workflow.stale() from None
    if activity.kind == ActivityKind.SFI:
        existing = {c.course: c for c in report.courses.all()}
        for code in COURSE_CODES:
            values = {k: (courses or {}).get(code, {}).get(k) or 0 for k in _course_keys()}
            row = existing.get(code)
            if row is None and not any(values.values()):
                continue
            if row is None:
                row = ActivityCourseFigure(report=report, course=code)
            elif all(getattr(row, k) == v for k, v in values.items()):
                continue
            for key, value in values.items():
                setattr(row, key, value)
            record_change(row, reason)
            row.save()
    return report


def _course_keys() -> list[str]:
    return [f"{o}_{s}" for o in OUTCOMES for s in SEXES]


def _review_queryset():
    return ActivityReport.objects.select_related("activity", "municipality", "period")


@transaction.atomic
def activity_report_submit(
    *,
    report: ActivityReport,
    user: User,
    version: int,
    link: str = "",
    today: datetime.date | None = None,
) -> ActivityReport:
    """Hand the report in for review once its period is over; the reporter gets a receipt."""
    today = today or timezone.localdate()
    report = workflow.lock(_review_queryset(), report.pk, version)
    workflow.check(report, "submit")
    workflow.check_period_ended(report.period, today)
    workflow.transition(report, action="submit", user=user)
    report.save()
    notify.activity_receipt(report=report, user=user, link=link)
    notify.activity_arrived(report=report)
    return report


#: Approve, return (message) or reopen (reason); the municipality is e-mailed.
activity_report_review = workflow.reviewer(_review_queryset(), mail_prefix="activity_")


def activity_report_approve(*, report: ActivityReport, user: User, version: int, link: str = ""):
    return activity_report_review(
        report=report, action="approve", user=user, version=version, link=link
    )


def activity_report_return(
    *, report: ActivityReport, user: User, version: int, message: str, link: str = ""
):
    return activity_report_review(
        report=report, action="return", user=user, version=version, message=message, link=link
    )


def activity_report_reopen(
    *, report: ActivityReport, user: User, version: int, reason: str, link: str = ""
):
    return activity_report_review(
        report=report, action="reopen", user=user, version=version, message=reason, link=link
    )
