"""Writes of the follow-up workflow. Each function validates first, then saves all or nothing.

Transitions: (new) → draft → submitted → returned → submitted → approved → reopened → ...
Every change bumps ``version``; a caller passing an older version gets a
ValidationError with code "stale" and nothing is saved.
"""

from __future__ import annotations

import datetime
from decimal import Decimal
from typing import Any, cast

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import User
from core.history import record_change
from core.locking import StaleVersion, check_version
from core.models import County, Municipality

from . import notify, workflow
from .capacity import active_categories, received_for_year, targets_for_year
from .models import (
    EDITABLE,
    FollowUpReport,
    ReportFigure,
    ReportingPeriod,
    ReportingSettings,
    ReportStatus,
)
from .periods import previous_period
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
        parts = [entry.get(p) or 0 for p in SPLIT_PARTS]
        if category.asks_for_split and sum(parts) > received:
            errors[f"women_{category.code}"] = [
                _("Kvinnor, män och barn kan tillsammans inte vara fler än de mottagna (%(n)s).")
                % {"n": received}
            ]
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
                    % {"part": category.name, "whole": parent.name, "n": parent_entry["received"]}
                ]
    return errors


def snapshot(report: FollowUpReport) -> dict[str, Any]:
    figures = {
        f.category.code: {
            "name": f.category.name,
            "received": f.received,
            **{p: getattr(f, p) for p in SPLIT_PARTS},
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
        for field in ("received", *SPLIT_PARTS):
            if before.get(field) != figure.get(field):
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
) -> FollowUpReport:
    """Create or update the municipality's report for the period as a draft."""
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

    report.self_settled = self_settled
    report.comment = comment
    if report.status not in EDITABLE:
        report.status = ReportStatus.DRAFT
    report.version += 1
    record_change(report, reason)
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
    for category in categories:
        entry = figures[category.code]
        values = {
            "received": entry["received"],
            **{p: (entry.get(p) if category.asks_for_split else None) for p in SPLIT_PARTS},
        }
        figure = existing.get(category.pk)
        if figure is None:
            figure = ReportFigure(report=report, category=category, **values)
        elif all(getattr(figure, k) == v for k, v in values.items()):
            continue
        else:
            for key, value in values.items():
                setattr(figure, key, value)
        record_change(figure, reason)
        figure.save()
    return report


def _lock(report: FollowUpReport, version: int) -> FollowUpReport:
    return workflow.lock(
        FollowUpReport.objects.select_related("municipality", "period"), report.pk, version
    )


def report_warnings(report: FollowUpReport) -> list[str]:
    """Plausibility checks that are not errors; the reporter must confirm them to submit."""
    warnings: list[str] = []
    figures = list(report.figures.select_related("category"))
    if not figures:
        return warnings
    year = report.period.year
    ids = [report.municipality_id]
    targets = targets_for_year(ids, year, report.period.end)
    received = received_for_year(ids, year, exclude_report_id=report.pk)
    for figure in figures:
        key = (report.municipality_id, figure.category_id)
        target = targets.get(key)
        so_far = sum(received.get(key, {}).values())
        if target is not None and so_far + figure.received > target:
            warnings.append(
                _(
                    "%(category)s: med den här rapporten blir det %(total)s mottagna i år, "
                    "fler än målet %(target)s."
                )
                % {
                    "category": figure.category.name,
                    "total": sv_int(so_far + figure.received),
                    "target": sv_int(target),
                }
            )
    previous = previous_period(report.period)
    if previous is not None:
        factor = Decimal(ReportingSettings.for_county(report.period.county).jump_factor)
        factor_text = str(factor.normalize()).replace(".", ",")
        earlier = {
            f.category_id: f.received
            for f in ReportFigure.objects.filter(
                report__municipality_id=report.municipality_id, report__period=previous
            )
        }
        for figure in figures:
            before = earlier.get(figure.category_id)
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
    return warnings


@transaction.atomic
def report_submit(
    *,
    report: FollowUpReport,
    user: User,
    version: int,
    confirmed: bool,
    today: datetime.date | None = None,
    link: str = "",
) -> FollowUpReport:
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
    workflow.transition(report, action="submit", user=user)
    report.save()
    notify.receipt(report=report, user=user, link=link)
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
) -> ReportingSettings:
    config = ReportingSettings.objects.select_for_update(of=("self",)).filter(county=county).first()
    if config is None:
        config = ReportingSettings.for_county(county)
    check_version(config, version)
    config.frequency = frequency
    config.deadline_days = deadline_days
    config.reminder_days = reminder_days
    config.jump_factor = jump_factor
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
    return config
