"""Writes of the follow-up workflow. Each function validates first, then saves all or nothing.

Transitions: (new) → draft → submitted → returned → submitted → approved → reopened → ...
Every change bumps ``version``; a caller passing an older version gets a
ValidationError with code "stale" and nothing is saved.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal
from typing import Any, cast

from django.core.exceptions import ValidationError
from django.db import IntegrityError, models, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import User
from core.history import record_change
from core.lang import data_label
from core.locking import StaleVersion, check_version
from core.models import County, Municipality

from . import notify, workflow
from .capacity import active_categories, received_for_year, targets_for_year
from .models import (
    EDITABLE,
    FollowUpReport,
    MunicipalityNameMapping,
    OfficialColumnMapping,
    OfficialFigure,
    OfficialPublication,
    ReportFigure,
    ReportingPeriod,
    ReportingSettings,
    ReportStatus,
)
from .periods import periods_ensure, previous_period
from .templatetags.reception_format import sv_int

SPLIT_PARTS = ("women", "men", "children")
FigureInput = dict[str, int | None]


_stale = workflow.stale


def _locked(report: FollowUpReport) -> ValidationError:
    if report.status == ReportStatus.APPROVED:
        return ValidationError(
            _(
                "Rapporten är godkänd och låst. Kontakta Länsstyrelsen om något behöver "
                "ändras; de kan öppna den igen."
            ),
            code="locked",
        )
    return ValidationError(
        _("Rapporten är inskickad och kan inte ändras medan den granskas."), code="locked"
    )


def split_errors(code: str, received: int, entry: FigureInput) -> dict[str, list[str]]:
    """The split by sex and age, checked the way the form explains it.

    Women and men divide *everyone* received by sex, children included (girls among the
    women, boys among the men), so together they make the total; "of which children" is
    the same people counted by age (under 18), so never more than the total. Either part
    may be left out, but women and men come as a pair.
    """
    errors: dict[str, list[str]] = {}
    women, men, children = (entry.get(p) for p in SPLIT_PARTS)
    valid = [v for v in (women, men, children) if v is None or (isinstance(v, int) and v >= 0)]
    if len(valid) < 3:
        return errors  # not whole numbers: reported on the field already
    if (women is None) != (men is None):
        missing = "men" if men is None else "women"
        errors[f"{missing}_{code}"] = [
            _(
                "Fyll i både kvinnor och män, eller lämna båda tomma. Tillsammans ska de bli "
                "de mottagna (%(n)s)."
            )
            % {"n": sv_int(received)}
        ]
    elif women is not None and men is not None and women + men != received:
        errors[f"women_{code}"] = [
            _(
                "Kvinnor och män ska tillsammans bli lika många som de mottagna (%(n)s), "
                "men blir %(sum)s. Barnen räknas in bland kvinnor och män."
            )
            % {"n": sv_int(received), "sum": sv_int(cast(int, women) + cast(int, men))}
        ]
    if children is not None and children > received:
        errors[f"children_{code}"] = [
            _("Barnen kan inte vara fler än de mottagna (%(n)s): de är en del av dem.")
            % {"n": sv_int(received)}
        ]
    return errors


def asks_previous_year(period: ReportingPeriod) -> bool:
    """Whether a report for the period asks how many of the received count against last
    year's kommuntal (its first months; the county's ``overlap_months``)."""
    months = (
        ReportingSettings.objects.filter(county_id=period.county_id)
        .values_list("overlap_months", flat=True)
        .first()
    )
    default = ReportingSettings._meta.get_field("overlap_months").default
    return period.in_overlap(default if months is None else months)


def figure_errors(categories, figures: dict[str, FigureInput]) -> dict[str, list[str]]:
    """Errors keyed by form field name (``received_<code>``, ``women_<code>``...)."""
    errors: dict[str, list[str]] = {}
    for category in categories:
        entry = figures.get(category.code)
        if entry is None or entry.get("received") is None:
            errors[f"received_{category.code}"] = [
                _("Fyll i antalet mottagna. Skriv 0 om ni inte tog emot någon.")
            ]
            continue
        received = cast(int, entry["received"])  # not None: checked just above
        for key in ("received", *SPLIT_PARTS):
            value = entry.get(key)
            if value is not None and (not isinstance(value, int) or value < 0):
                errors[f"{key}_{category.code}"] = [_("Ange ett heltal som är 0 eller större.")]
        previous = entry.get("previous_year")
        if previous is not None:
            if not isinstance(previous, int) or previous < 0:
                errors[f"previous_year_{category.code}"] = [
                    _("Ange ett heltal som är 0 eller större.")
                ]
            elif previous > received:
                errors[f"previous_year_{category.code}"] = [
                    _(
                        "Kan inte vara fler än de mottagna (%(n)s): de som räknas mot förra "
                        "årets kommuntal är en del av de mottagna."
                    )
                    % {"n": received}
                ]
        if category.asks_for_split:
            errors.update(split_errors(category.code, received, entry))
        if category.parent_id:
            parent = next((c for c in categories if c.pk == category.parent_id), None)
            parent_entry = figures.get(parent.code) if parent is not None else None
            if (
                parent is not None
                and parent_entry
                and (parent_entry.get("received") or 0) < received
            ):
                errors[f"received_{category.code}"] = [
                    _("”%(part)s” kan inte vara fler än ”%(whole)s” (%(n)s).")
                    % {
                        "part": data_label(category),
                        "whole": data_label(parent),
                        "n": parent_entry["received"],
                    }
                ]
    return errors


def snapshot(report: FollowUpReport) -> dict[str, Any]:
    figures = {
        f.category.code: {
            "name": f.category.name,
            "received": f.received,
            **{p: getattr(f, p) for p in SPLIT_PARTS},
            "previous_year": f.previous_year,
        }
        for f in report.figures.select_related("category")
    }
    return {"figures": figures, "self_settled": report.self_settled, "comment": report.comment}


def snapshot_changes(old: dict[str, Any], new: dict[str, Any]) -> list[dict[str, Any]]:
    """[{"category", "field", "old", "new"}] between two snapshots; empty if nothing changed."""
    if not old:
        return []
    changes = []
    for code, figure in new.get("figures", {}).items():
        before = old.get("figures", {}).get(code, {})
        for field in ("received", *SPLIT_PARTS, "previous_year"):
            if before.get(field, 0 if field == "previous_year" else None) != figure.get(field):
                changes.append(
                    {
                        "category": figure["name"],
                        "field": field,
                        "old": before.get(field),
                        "new": figure.get(field),
                    }
                )
    for field in ("self_settled", "comment"):
        if old.get(field) != new.get(field):
            changes.append(
                {"category": "", "field": field, "old": old.get(field), "new": new.get(field)}
            )
    return changes


@transaction.atomic
def report_save_draft(
    *,
    municipality: Municipality,
    period: ReportingPeriod,
    user: User,
    figures: dict[str, FigureInput],
    self_settled: int | None,
    comment: str,
    version: int,
    today: datetime.date | None = None,
    via: str = "",
) -> FollowUpReport:
    """Create or update the municipality's report for the period as a draft.

    ``via`` names what made the change when it is not the form (``"API-nyckel
    Ärendesystem"``); the history's reason then says so."""
    today = today or timezone.localdate()
    if period.county_id != municipality.county_id:
        raise ValidationError(_("Perioden hör inte till kommunens län."), code="scope")
    if period.is_future(today):
        raise ValidationError(
            _("Perioden %(period)s har inte börjat än. Du kan rapportera från %(start)s.")
            % {"period": period.label, "start": period.start.isoformat()},
            code="future",
        )
    categories = active_categories()
    errors = figure_errors(categories, figures)
    if self_settled is not None and self_settled < 0:
        errors["self_settled"] = [_("Ange ett heltal som är 0 eller större.")]
    if errors:
        raise ValidationError(errors)

    report = (
        FollowUpReport.objects.select_for_update(of=("self",))
        .filter(municipality=municipality, period=period)
        .first()
    )
    if report is None:
        if version != 0:
            raise _stale()
        report = FollowUpReport(municipality=municipality, period=period, version=0)
        reason = _("Utkast påbörjat")
    else:
        if version == 0:
            raise ValidationError(
                _(
                    "Det finns redan en rapport för %(period)s. Inget har sparats. "
                    "Öppna rapporten från listan och fortsätt där."
                )
                % {"period": period.label},
                code="duplicate",
            )
        if report.version != version:
            raise _stale()
        if report.status not in EDITABLE:
            raise _locked(report)
        reason = _("Utkast sparat")
    reason = with_channel(reason, via)

    report.self_settled = self_settled
    report.comment = comment
    if report.status not in EDITABLE:
        report.status = ReportStatus.DRAFT
    report.version += 1
    record_change(report, reason, user)
    try:
        if report.pk is None:
            # A first draft: another request may create the same report at the same moment.
            with transaction.atomic():
                report.save()
        else:  # locked above: no savepoint needed (two round trips less per save)
            report.save()
    except IntegrityError:
        raise ValidationError(
            _("Det finns redan en rapport för %(period)s. Inget har sparats.")
            % {"period": period.label},
            code="duplicate",
        ) from None

    existing = {f.category_id: f for f in report.figures.all()}
    asks_previous = asks_previous_year(period)
    for category in categories:
        entry = figures[category.code]
        values = {
            "received": entry["received"],
            **{p: (entry.get(p) if category.asks_for_split else None) for p in SPLIT_PARTS},
            # Only asked in the overlap window, and only against the kommuntal.
            "previous_year": (entry.get("previous_year") or 0)
            if asks_previous and category.is_settlement_quota
            else 0,
        }
        figure = existing.get(category.pk)
        if figure is None:
            figure = ReportFigure(report=report, category=category, **values)
        elif all(getattr(figure, k) == v for k, v in values.items()):
            continue
        else:
            for key, value in values.items():
                setattr(figure, key, value)
        record_change(figure, reason, user)
        figure.save()
    return report


def with_channel(reason: str, via: str) -> str:
    """The history's reason, naming the channel when it is not the form (the API)."""
    return f"{reason} ({via})" if via else str(reason)


def _lock(report: FollowUpReport, version: int) -> FollowUpReport:
    return workflow.lock(
        FollowUpReport.objects.select_related("municipality", "period"), report.pk, version
    )


def report_warnings(report: FollowUpReport) -> list[str]:
    """Plausibility checks that are not errors; the reporter must confirm them to submit."""
    return reports_warnings([report])[report.pk]


def reports_warnings(reports: list[FollowUpReport]) -> dict[int, list[str]]:
    """{report id: warnings} for reports of one period, in a fixed number of queries
    (the review queue's bulk approval checks a whole county at once)."""
    found: dict[int, list[str]] = {r.pk: [] for r in reports}
    if not reports:
        return found
    period = reports[0].period
    if any(r.period_id != period.pk for r in reports):
        raise ValueError("reports_warnings takes the reports of one period")
    figures_of: dict[int, list[ReportFigure]] = {r.pk: [] for r in reports}
    for figure in ReportFigure.objects.filter(report__in=[r.pk for r in reports]).select_related(
        "category"
    ):
        figures_of[figure.report_id].append(figure)
    counted = {ReportStatus.APPROVED, ReportStatus.SUBMITTED}
    ids = [r.municipality_id for r in reports]
    year = period.year
    targets = targets_for_year(ids, year, period.end)
    received = received_for_year(ids, year)
    previous = previous_period(period)
    factor = factor_text = None
    earlier: dict[tuple[int, int], int] = {}
    if previous is not None:
        factor = Decimal(ReportingSettings.for_county(period.county).jump_factor)
        factor_text = str(factor.normalize()).replace(".", ",")
        earlier = {
            (municipality_id, category_id): n
            for municipality_id, category_id, n in ReportFigure.objects.filter(
                report__municipality_id__in=ids, report__period=previous
            ).values_list("report__municipality_id", "category_id", "received")
        }
    for report in reports:
        warnings = found[report.pk]
        figures = figures_of[report.pk]
        for figure in figures:
            key = (report.municipality_id, figure.category_id)
            target = targets.get(key)
            # What the year has so far without this report (as if it were not handed in).
            so_far = sum(received.get(key, {}).values())
            # What counts against this year's kommuntal: not what it credits to last year's.
            this_year = figure.received - figure.previous_year
            if report.status in counted:
                so_far -= this_year
            if target is not None and so_far + this_year > target:
                warnings.append(
                    _(
                        "%(category)s: med den här rapporten blir det %(total)s mottagna i år, "
                        "fler än målet %(target)s."
                    )
                    % {
                        "category": figure.category.name,
                        "total": sv_int(so_far + this_year),
                        "target": sv_int(target),
                    }
                )
        if factor is None:
            continue
        for figure in figures:
            before = earlier.get((report.municipality_id, figure.category_id))
            if before is not None and figure.received > max(before, 1) * factor:
                warnings.append(
                    _(
                        "%(category)s: %(now)s är mer än %(factor)s gånger så många som "
                        "förra perioden (%(before)s)."
                    )
                    % {
                        "category": figure.category.name,
                        "now": sv_int(figure.received),
                        "factor": factor_text,
                        "before": sv_int(before),
                    }
                )
    return found


@transaction.atomic
def report_submit(
    *,
    report: FollowUpReport,
    user: User,
    version: int,
    confirmed: bool,
    today: datetime.date | None = None,
    link: str = "",
    via: str = "",
) -> FollowUpReport:
    """Hand the report in (``confirmed``: the reporter has seen the warnings); ``via`` as
    in :func:`report_save_draft`."""
    today = today or timezone.localdate()
    report = _lock(report, version)
    if report.status not in EDITABLE:
        raise _locked(report)
    workflow.check_period_ended(report.period, today)
    if not report.figures.exists():
        raise ValidationError(_("Rapporten saknar uppgifter. Fyll i och spara först."))
    if report_warnings(report) and not confirmed:
        raise ValidationError(
            _("Bekräfta att du har kontrollerat varningarna innan du skickar in."),
            code="unconfirmed",
        )
    was = report.status
    current = snapshot(report)
    report.resubmission_changes = (
        snapshot_changes(report.submitted_figures, current) if was != ReportStatus.DRAFT else []
    )
    report.submitted_figures = current
    reason = with_channel(
        str(
            workflow.SUBMIT_REASONS.get(
                ReportStatus(report.status), workflow.MOVES["submit"].reason
            )
        ),
        via,
    )
    workflow.transition(report, action="submit", user=user, reason=reason)
    record_change(report, reason, user)
    report.save()
    notify.receipt(report=report, user=user, link=link)
    notify.arrived(report=report)
    return report


#: Approve, return (message) or reopen (reason); the municipality is e-mailed.
report_review = workflow.reviewer(FollowUpReport.objects.select_related("municipality", "period"))


def report_approve(
    *, report: FollowUpReport, user: User, version: int, link: str = ""
) -> FollowUpReport:
    return report_review(report=report, action="approve", user=user, version=version, link=link)


def report_return(
    *, report: FollowUpReport, user: User, version: int, message: str, link: str = ""
) -> FollowUpReport:
    return report_review(
        report=report, action="return", user=user, version=version, message=message, link=link
    )


def report_reopen(
    *, report: FollowUpReport, user: User, version: int, reason: str, link: str = ""
) -> FollowUpReport:
    return report_review(
        report=report, action="reopen", user=user, version=version, message=reason, link=link
    )


def reports_approvable(period: ReportingPeriod) -> tuple[list[FollowUpReport], list]:
    """The period's submitted follow-up reports: (without warnings, [(report, warnings)])."""
    submitted = list(
        FollowUpReport.objects.filter(period=period, status=ReportStatus.SUBMITTED)
        .select_related("municipality", "period", "period__county", "submitted_by")
        .order_by("municipality__name")
    )
    warnings = reports_warnings(submitted)
    clean = [r for r in submitted if not warnings[r.pk]]
    flagged = [(r, warnings[r.pk]) for r in submitted if warnings[r.pk]]
    return clean, flagged


def reports_approve_bulk(
    *,
    period: ReportingPeriod,
    versions: dict[int, int],
    user: User,
    link: Callable[[FollowUpReport], str],
) -> list[FollowUpReport]:
    """Approve several submitted reports of one period at once, all or none.

    ``versions`` is {report id: the version the reviewer saw on the confirmation page}.
    Each row is locked and its version checked (someone else may have returned it, or the
    municipality resubmitted); a report that has warnings now is refused, as it must be
    reviewed on its own. The municipalities are e-mailed once everything is saved.
    """
    if not versions:
        raise ValidationError(_("Välj minst en rapport att godkänna."), code="required")
    with transaction.atomic():
        queryset = FollowUpReport.objects.select_related("municipality", "period").filter(
            period=period
        )
        try:
            # In id order, so two bulk approvals at once never wait on each other's rows.
            locked = [
                workflow.lock(queryset, pk, version) for pk, version in sorted(versions.items())
            ]
        except FollowUpReport.DoesNotExist:
            raise ValidationError(
                _("En av rapporterna hör inte till perioden."), code="invalid"
            ) from None
        for report in locked:
            workflow.check(report, "approve")
        warned = [r for r, w in reports_warnings(locked).items() if w]
        if warned:
            names = ", ".join(r.municipality.name for r in locked if r.pk in warned)
            raise ValidationError(
                _(
                    "Rapporterna från %(names)s har varningar och måste granskas var för sig. "
                    "Inget har godkänts."
                )
                % {"names": names},
                code="warnings",
            )
        for report in locked:
            workflow.transition(
                report, action="approve", user=user, reason=str(_("Godkänd (flera på en gång)"))
            )
            report.save()
    # After the commit: a mail server that refuses does not undo the approvals.
    for report in locked:
        notify.reviewed(report=report, kind="approved", message="", link=link(report))
    return locked


@transaction.atomic
def reporting_settings_update(
    *,
    county: County,
    user: User,
    version: int,
    frequency: str,
    deadline_days: int,
    reminder_days: int,
    jump_factor,
    overlap_months: int | None = None,
) -> ReportingSettings:
    config = ReportingSettings.objects.select_for_update(of=("self",)).filter(county=county).first()
    if config is None:
        config = ReportingSettings.for_county(county)
    check_version(config, version)
    config.frequency = frequency
    config.deadline_days = deadline_days
    config.reminder_days = reminder_days
    config.jump_factor = jump_factor
    if overlap_months is not None:
        config.overlap_months = overlap_months
    config.version += 1
    record_change(config, _("Inställningar ändrade"))
    try:
        with transaction.atomic():
            config.save()
    except IntegrityError:  # two first saves at once: the other one won
        raise StaleVersion(config) from None
    # Deadlines of periods not yet past follow the new setting.
    today = timezone.localdate()
    for period in ReportingPeriod.objects.filter(county=county, deadline__gte=today):
        new_deadline = period.end + datetime.timedelta(days=deadline_days)
        if period.deadline != new_deadline:
            period.deadline = new_deadline
            period.save(update_fields=["deadline"])
    # The year's reporting begins with its settings (pages only read periods).
    periods_ensure(county=county, year=today.year)
    return config


# --- Migrationsverket's monthly publication -------------------------------------------


class OfficialImportError(ValidationError):
    """The publication was not imported; ``problems`` are row-level (line, name, message)."""

    def __init__(self, message: str, problems: list | None = None) -> None:
        self.problems = problems or []
        super().__init__(message, code="official_import")


@dataclass
class OfficialImportResult:
    publication: OfficialPublication
    created: bool
    rows: int


@transaction.atomic
def official_import(
    *,
    county: County,
    year: int,
    through_month: int,
    published_on: datetime.date,
    rows: list,
    user: User,
    file_name: str = "",
) -> OfficialImportResult:
    """Store one publication for the county's municipalities: every row valid, or nothing.

    The same publication imported again changes nothing; a publication older than the
    latest one imported for the year is refused.
    """
    from .official import check_rows

    if not 1 <= through_month <= 12:
        raise OfficialImportError(_("Ange en månad mellan 1 och 12."))
    if published_on.year < year:
        raise OfficialImportError(
            _("Publiceringsdatumet %(date)s ligger före %(year)s.")
            % {"date": published_on.isoformat(), "year": year}
        )
    # One import at a time per county: the row lock serialises them.
    County.objects.select_for_update().get(pk=county.pk)
    same = OfficialPublication.objects.filter(
        county=county, year=year, through_month=through_month, published_on=published_on
    ).first()
    if same is not None:
        return OfficialImportResult(same, created=False, rows=same.figures.count())
    newer = (
        OfficialPublication.objects.filter(county=county, year=year)
        .filter(models.Q(published_on__gt=published_on) | models.Q(through_month__gt=through_month))
        .order_by("-published_on")
        .first()
    )
    if newer is not None:
        raise OfficialImportError(
            _(
                "En senare publicering (%(date)s, till och med månad %(month)s) är redan "
                "inläst. En äldre kan inte läsas in efter den."
            )
            % {"date": newer.published_on.isoformat(), "month": newer.through_month}
        )
    checked = check_rows(rows, county=county, year=year, through_month=through_month)
    if checked.problems:
        raise OfficialImportError(
            _("Inget är inläst: %(n)s rader har fel.") % {"n": len(checked.problems)},
            checked.problems,
        )
    if not checked.rows:
        raise OfficialImportError(_("Filen har inga rader för länets kommuner."))
    publication = OfficialPublication.objects.create(
        county=county,
        year=year,
        through_month=through_month,
        published_on=published_on,
        file_name=file_name[:200],
        imported_by=user,
    )
    OfficialFigure.objects.bulk_create(
        OfficialFigure(
            publication=publication,
            municipality=row.municipality,
            received=row.received,
            received_masked=row.received_masked,
            self_settled=row.self_settled,
            self_settled_masked=row.self_settled_masked,
            kommuntal=row.kommuntal,
        )
        for row in checked.rows
    )
    return OfficialImportResult(publication, created=True, rows=len(checked.rows))


@transaction.atomic
def name_mappings_save(*, mappings: dict[str, Municipality], user: User) -> int:
    """Keep what staff said a spelling in the file means, for the next month's file too."""
    from .official import normalise

    for name, municipality in mappings.items():
        MunicipalityNameMapping.objects.update_or_create(
            name=normalise(name), defaults={"municipality": municipality, "created_by": user}
        )
    return len(mappings)


@transaction.atomic
def official_columns_save(
    *, county: County, header: list[str], choices: dict[str, str], user: User
) -> OfficialColumnMapping:
    """Keep the columns staff confirmed for the county's next file, by their header text.

    Raises ValidationError (one message per role) when a choice cannot be read.
    """
    from .official import columns_problems, remembered_form

    problems = columns_problems(header, choices)
    if problems:
        raise ValidationError(problems)
    mapping, _created = OfficialColumnMapping.objects.update_or_create(
        county=county,
        defaults={"columns": remembered_form(header, choices), "updated_by": user},
    )
    return mapping
