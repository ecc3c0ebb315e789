"""Writes to agreements, targets and county quotas.

Every function validates first and writes inside one transaction, so bad
input or a conflict leaves nothing half-saved. Optimistic locking: callers
pass the ``version`` they read; when someone else has saved since, a
``StaleVersion`` (core.locking) carries the newer values so the person can see them before
deciding what to do. Who and why end up in the audit trail (simple_history
for agreements and county quotas, ``TargetRevision`` for targets).
"""

from __future__ import annotations

import datetime
from collections.abc import Collection, Mapping
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Count, Prefetch, Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from agreements.imports import AllocationImportError, validate_rows
from agreements.models import (
    MAX_PLACES,
    Agreement,
    CountyQuota,
    MunicipalQuotaDecision,
    PacePlan,
    QuotaDecisionStatus,
    Target,
    TargetCategory,
    TargetRevision,
)
from core import clock, years
from core.audit import display_value
from core.audit import model_field as audit_field
from core.history import record_change
from core.lang import data_label
from core.locking import StaleVersion, check_version, created_once, lock
from core.models import County, Municipality


@dataclass
class AllocationResult:
    created: int = 0
    amended: int = 0
    unchanged: int = 0
    changed_municipalities: list[str] = field(default_factory=list)


# --- validation helpers -----------------------------------------------------


def validate_places(value: Any, *, label: str = "") -> int:
    """A whole number 0–100 000 (0 is a valid quota)."""
    prefix = f"{label}: " if label else ""
    if isinstance(value, bool) or not isinstance(value, int):
        raise ValidationError(prefix + _("Ange antalet platser som ett heltal."))
    if value < 0:
        raise ValidationError(prefix + _("Antalet platser kan inte vara negativt."))
    if value > MAX_PLACES:
        raise ValidationError(
            prefix + _("Antalet platser får vara högst %(max)s.") % {"max": "100 000"}
        )
    return value


def validate_year(year: int) -> None:
    try:
        years.validate_year(year)
    except ValidationError as exc:
        raise ValidationError({"year": exc.messages}) from None


def _validate_period(valid_from: datetime.date, valid_to: datetime.date) -> None:
    if valid_to < valid_from:
        raise ValidationError({"valid_to": _("Slutdatumet kan inte vara före startdatumet.")})


def _validate_places_by_category(places: Mapping[TargetCategory, int]) -> dict[TargetCategory, int]:
    errors = {}
    for category, number in places.items():
        try:
            validate_places(number, label=data_label(category))
        except ValidationError as exc:
            errors[f"places_{category.code}"] = exc.messages
    if errors:
        raise ValidationError(errors)
    return dict(places)


def _agreement_values(agreement: Agreement) -> dict[str, str]:
    """What the conflict message shows: the values now stored."""
    values = {}
    for name in ("case_number", "status", "signed_on", "valid_from", "valid_to", "notes"):
        model_field = audit_field(Agreement, name)
        values[str(model_field.verbose_name).capitalize()] = display_value(
            model_field, getattr(agreement, name)
        )
    for target in current_targets(agreement):
        values[data_label(target.category)] = str(target.places)
    return values


def _lock_agreement(agreement: Agreement, expected_version: int) -> Agreement:
    return lock(
        Agreement.objects.select_related("municipality"),
        agreement.pk,
        expected_version,
        describe=_agreement_values,
    )


def _refuse_read_only(agreement: Agreement) -> None:
    if agreement.is_read_only:
        raise ValidationError(_("Överenskommelsen är avslutad och kan inte längre ändras."))


def current_targets(agreement: Agreement) -> list[Target]:
    return list(
        Target.objects.current()
        .filter(revision__agreement=agreement)
        .select_related("category")
        .order_by("category__order")
    )


def change_reason(text: str) -> str:
    """The reason stored in the audit trail (the full text; history keeps it whole)."""
    return text.strip()


def _save(agreement: Agreement, reason: str, user) -> None:
    agreement.version += 1
    record_change(agreement, change_reason(reason), user)
    agreement.save()


# --- agreements --------------------------------------------------------------


def _duplicate_agreement(municipality: Municipality, year: int) -> ValidationError:
    return ValidationError(
        {
            "year": ValidationError(
                _("%(municipality)s har redan en överenskommelse för %(year)s.")
                % {"municipality": municipality.name, "year": year},
                code="duplicate",
            )
        }
    )


def is_duplicate(error: ValidationError) -> bool:
    """Whether a service's error says "someone created it first" (code ``duplicate``)."""
    return (
        any(e.code == "duplicate" for e in error.error_list)
        if not hasattr(error, "error_dict")
        else any(e.code == "duplicate" for errors in error.error_dict.values() for e in errors)
    )


@transaction.atomic
def agreement_create(
    *,
    municipality: Municipality,
    year: int,
    user,
    places_by_category: Mapping[TargetCategory, int] | None = None,
    case_number: str = "",
    valid_from: datetime.date | None = None,
    valid_to: datetime.date | None = None,
    notes: str = "",
    status: str = Agreement.Status.DRAFT,
    signed_on: datetime.date | None = None,
    decision: MunicipalQuotaDecision | None = None,
) -> Agreement:
    """A new agreement with its first set of targets (effective from the start)."""
    validate_year(year)
    valid_from = valid_from or datetime.date(year, 1, 1)
    valid_to = valid_to or datetime.date(year, 12, 31)
    _validate_period(valid_from, valid_to)
    places = _validate_places_by_category(places_by_category or {})
    if Agreement.objects.filter(municipality=municipality, year=year).exists():
        raise _duplicate_agreement(municipality, year)
    agreement = Agreement(
        municipality=municipality,
        year=year,
        case_number=case_number,
        valid_from=valid_from,
        valid_to=valid_to,
        notes=notes,
        status=status,
        signed_on=signed_on,
        created_by=user,
    )
    record_change(agreement, _("Registrerad"), user)
    # Another request may create the same agreement between the check above and here.
    with created_once(_duplicate_agreement(municipality, year).error_dict):
        agreement.save()
    _add_revision(agreement, valid_from, places, _("Ursprungliga mål"), user, decision)
    return agreement


def _add_revision(
    agreement: Agreement,
    effective_from: datetime.date,
    places: Mapping[TargetCategory, int],
    reason: str,
    user,
    decision: MunicipalQuotaDecision | None = None,
) -> TargetRevision:
    revision = TargetRevision.objects.create(
        agreement=agreement,
        effective_from=effective_from,
        reason=reason,
        created_by=user,
        decision=decision,
    )
    Target.objects.bulk_create(
        Target(revision=revision, category=category, places=number)
        for category, number in places.items()
    )
    return revision


EDITABLE_FIELDS = ("case_number", "valid_from", "valid_to", "notes", "signed_on")


@transaction.atomic
def agreement_update(
    *,
    agreement: Agreement,
    expected_version: int,
    user,
    reason: str = "",
    **values: Any,
) -> Agreement:
    """Change the agreement's own fields (not its targets: use ``agreement_amend``)."""
    unknown = set(values) - set(EDITABLE_FIELDS)
    if unknown:
        raise TypeError(f"agreement_update cannot change {sorted(unknown)}")
    fresh = _lock_agreement(agreement, expected_version)
    _refuse_read_only(fresh)
    for name, value in values.items():
        setattr(fresh, name, value)
    _validate_period(fresh.valid_from, fresh.valid_to)
    _save(fresh, reason or _("Uppgifter ändrade"), user)
    return fresh


@transaction.atomic
def agreement_amend(
    *,
    agreement: Agreement,
    effective_from: datetime.date,
    places_by_category: Mapping[TargetCategory, int],
    reason: str,
    user,
    expected_version: int,
) -> TargetRevision:
    """New figures from a date; earlier figures stay answerable.

    Categories not given keep their current figure, so each revision holds the
    full set.
    """
    if not reason or not reason.strip():
        raise ValidationError({"reason": _("Skriv varför målen ändras.")})
    fresh = _lock_agreement(agreement, expected_version)
    _refuse_read_only(fresh)
    places = _validate_places_by_category(places_by_category)
    latest = _latest_revisions([fresh]).get(fresh.pk)
    return _amend_locked(fresh, effective_from, places, reason.strip(), user, latest)


def _latest_revisions(agreements: list[Agreement]) -> dict[int, TargetRevision]:
    """{agreement id: its latest revision, targets prefetched}: two queries for any number."""
    latest: dict[int, TargetRevision] = {}
    revisions = (
        TargetRevision.objects.filter(agreement__in=agreements)
        .prefetch_related(Prefetch("targets", queryset=Target.objects.select_related("category")))
        .order_by("agreement_id", "effective_from", "id")
    )
    for revision in revisions:
        latest[revision.agreement_id] = revision
    return latest


def _amend_locked(
    fresh: Agreement,
    effective_from: datetime.date,
    places: Mapping[TargetCategory, int],
    reason: str,
    user,
    latest: TargetRevision | None,
    decision: MunicipalQuotaDecision | None = None,
) -> TargetRevision:
    """The amendment itself, on an agreement the caller has locked and checked."""
    if not fresh.valid_from <= effective_from <= fresh.valid_to:
        raise ValidationError(
            {
                "effective_from": _(
                    "Ändringen måste gälla från ett datum mellan %(start)s och %(end)s."
                )
                % {"start": fresh.valid_from.isoformat(), "end": fresh.valid_to.isoformat()}
            }
        )
    if latest is not None and effective_from < latest.effective_from:
        raise ValidationError(
            {
                "effective_from": _(
                    "Den senaste ändringen gäller från %(date)s; en ny ändring kan inte gälla "
                    "från ett tidigare datum."
                )
                % {"date": latest.effective_from.isoformat()}
            }
        )
    merged: dict[TargetCategory, int] = {}
    if latest is not None:
        merged = {t.category: t.places for t in latest.targets.all()}
    merged.update(places)
    revision = _add_revision(fresh, effective_from, merged, reason, user, decision)
    _save(fresh, _("Mål ändrade: %(reason)s") % {"reason": reason}, user)
    return revision


@transaction.atomic
def agreement_change_status(
    *,
    agreement: Agreement,
    status: str,
    user,
    expected_version: int,
    signed_on: datetime.date | None = None,
    reason: str = "",
    without_targets: bool = False,
) -> Agreement:
    """Move along the allowed transitions only; signing records the date.

    Signing an agreement that has no targets needs ``without_targets=True``: an
    agreement without figures is almost always a mistake, so the page asks first.
    """
    fresh = _lock_agreement(agreement, expected_version)
    if status not in Agreement.Status.values:
        raise ValidationError({"status": _("Okänd status.")})
    if not fresh.can_change_to(status):
        raise ValidationError(
            {
                "status": _("En överenskommelse som är %(old)s kan inte bli %(new)s.")
                % {
                    "old": fresh.get_status_display().lower(),
                    "new": Agreement.Status(status).label.lower(),
                }
            }
        )
    if status == Agreement.Status.SIGNED:
        if not without_targets and not current_targets(fresh):
            raise ValidationError(
                {
                    "without_targets": _(
                        "Överenskommelsen har inga mål. Lägg in målen först, eller bekräfta "
                        "att den ska undertecknas utan mål."
                    )
                }
            )
        fresh.signed_on = signed_on or clock.today()
    fresh.status = status
    label = Agreement.Status(status).label
    _save(fresh, f"{label}: {reason.strip()}" if reason.strip() else str(label), user)
    return fresh


# --- county quota and allocation --------------------------------------------


def settlement_category() -> TargetCategory:
    return TargetCategory.objects.get(is_settlement_quota=True)


def municipal_sum(county: County, year: int, on_date: datetime.date) -> int | None:
    """The county's kommuntal for the year added up as in force on a date (every agreement of
    the year, as the allocation page shows them); None when there are none yet."""
    found = (
        Target.objects.settlement()
        .in_force_on(on_date)
        .filter(revision__agreement__year=year, revision__agreement__municipality__county=county)
        .aggregate(total=Sum("places"), n=Count("id"))
    )
    return found["total"] if found["n"] else None


def county_quota_in_force(county: County, year: int, on_date: datetime.date) -> CountyQuota | None:
    """The länstal decision for ``year`` in force on a date (see ``CountyQuota.objects``)."""
    return (
        CountyQuota.objects.settlement()
        .in_force_on(on_date, year=year)
        .filter(county=county)
        .select_related("category")
        .first()
    )


def below_quota_message(total: int, quota: int) -> str:
    return _(
        "Summan av kommuntalen (%(total)s) blir lägre än länstalet (%(quota)s). Enligt "
        "bosättningslagen ska kommuntalen tillsammans vara minst länstalet. Kryssa i att du "
        "bekräftar om det ändå ska sparas."
    ) % {"total": total, "quota": quota}


def _check_not_below(total: int | None, quota: int | None, *, confirmed: bool) -> None:
    if total is None or quota is None or total >= quota or confirmed:
        return
    raise ValidationError({"confirm_below": below_quota_message(total, quota)}, code="below")


@transaction.atomic
def county_quota_set(
    *,
    county: County,
    year: int,
    places: int,
    user,
    category: TargetCategory | None = None,
    decision_reference: str = "",
    decision_date: datetime.date | None = None,
    effective_from: datetime.date | None = None,
    notes: str = "",
    expected_version: int,
    reason: str = "",
    confirm_below: bool = False,
) -> CountyQuota:
    """Record a decision on the county quota (länstal) for a year.

    A decision taking effect on a new date is a revision: a new row, the earlier ones
    kept. A decision on a date that already has one corrects it. ``expected_version`` is
    the version of the year's latest decision the person saw (0: none), so two people
    recording decisions at once never pass each other unseen. A länstal above the
    kommuntal already decided needs ``confirm_below``.
    """
    validate_year(year)
    try:
        validate_places(places)
    except ValidationError as exc:
        raise ValidationError({"places": exc.messages}) from None
    effective_from = effective_from or datetime.date(year, 1, 1)
    if effective_from.year != year:
        raise ValidationError(
            {"effective_from": _("Datumet måste ligga inom %(year)s.") % {"year": year}}
        )
    category = category or settlement_category()
    decisions = list(
        CountyQuota.objects.select_for_update()
        .filter(county=county, year=year, category=category)
        .order_by("effective_from", "id")
    )
    latest = decisions[-1] if decisions else CountyQuota(county=county, year=year, version=0)
    check_version(
        latest,
        expected_version,
        describe=lambda q: {
            _("Länstal"): str(q.places) if q.places is not None else "–",
            _("Gäller från"): q.effective_from.isoformat() if q.effective_from else "–",
            _("Beslut"): q.decision_reference or "–",
            _("Beslutsdatum"): q.decision_date.isoformat() if q.decision_date else "–",
        },
    )
    if category.is_settlement_quota and decisions:
        # Only a change can *make* the sum fall below: the year's first länstal comes
        # before the kommuntal, and a sum already below stays the allocation's business.
        before = county_quota_in_force(county, year, effective_from)
        total = municipal_sum(county, year, effective_from)
        if before is not None and total is not None and total >= before.places:
            _check_not_below(total, places, confirmed=confirm_below)
    quota = next((d for d in decisions if d.effective_from == effective_from), None)
    if quota is None:
        quota = CountyQuota(
            county=county,
            year=year,
            category=category,
            effective_from=effective_from,
            created_by=user,
            version=0,
        )
        default_reason = _("Beslut om länstal") if not decisions else _("Nytt beslut om länstal")
    else:
        default_reason = _("Beslutet rättat")
    quota.places = places
    quota.decision_reference = decision_reference
    quota.decision_date = decision_date
    quota.notes = notes
    quota.version = max(latest.version, quota.version) + 1
    record_change(quota, change_reason(reason or default_reason), user)
    try:
        with created_once():
            quota.save()
    except ValidationError:  # the same decision, saved by someone else a moment earlier
        raise StaleVersion(
            CountyQuota.objects.filter(county=county, year=year, category=category)
            .order_by("effective_from", "id")
            .last()
        ) from None
    return quota


@transaction.atomic
def allocation_save(
    *,
    county: County,
    year: int,
    places_by_municipality: Mapping[Municipality, int],
    effective_from: datetime.date,
    reason: str,
    user,
    expected_versions: Mapping[int, int] | None = None,
    expected_absent: Collection[int] = (),
    decision_reference: str = "",
    decision_date: datetime.date | None = None,
    confirm_below: bool = False,
) -> AllocationResult:
    """Set the municipal settlement quotas (kommuntal) of a county for a year.

    A municipality without an agreement gets a draft one; a changed figure is
    an amendment from ``effective_from`` (other categories keep their figures);
    unchanged figures are left alone. ``expected_versions`` maps agreement id
    to the version the editor saw; ``expected_absent`` holds the municipality ids the
    editor saw without an agreement. Any stale one (an agreement that changed, or one
    that appeared meanwhile) refuses the whole save.

    A save that changes anything is one kommuntal decision (diarienummer, decision
    date, effective date, who decided); the revisions it makes point at it. If the
    county's kommuntal would add up to less than the länstal in force on
    ``effective_from``, the save needs ``confirm_below``.
    """
    validate_year(year)
    errors: dict[str, list[str]] = {}
    for municipality, number in places_by_municipality.items():
        if municipality.county_id != county.pk:
            errors.setdefault(f"m_{municipality.code}", []).append(
                _("%(name)s ligger inte i %(county)s.")
                % {"name": municipality.name, "county": county.name}
            )
            continue
        try:
            validate_places(number)
        except ValidationError as exc:
            errors.setdefault(f"m_{municipality.code}", []).extend(exc.messages)
    if not datetime.date(year, 1, 1) <= effective_from <= datetime.date(year, 12, 31):
        errors["effective_from"] = [_("Datumet måste ligga inom %(year)s.") % {"year": year}]
    if errors:
        raise ValidationError(errors)

    category = settlement_category()
    agreements = {
        a.municipality_id: a
        for a in Agreement.objects.select_for_update()
        .filter(year=year, municipality__in=list(places_by_municipality))
        .select_related("municipality")
    }
    current = {
        t.revision.agreement_id: t.places
        for t in Target.objects.current()
        .filter(revision__agreement__in=list(agreements.values()), category=category)
        .select_related("revision")
    }
    stale = [
        a
        for a in agreements.values()
        if expected_versions and a.pk in expected_versions and expected_versions[a.pk] != a.version
    ]
    appeared = [a for a in agreements.values() if a.municipality_id in expected_absent]
    if appeared:
        raise StaleVersion(
            appeared[0],
            {a.municipality.name: str(current.get(a.pk, "–")) for a in appeared},
        )
    if stale:
        raise StaleVersion(
            stale[0],
            {a.municipality.name: str(current.get(a.pk, "–")) for a in stale},
        )
    changes = any(
        municipality.pk not in agreements or current.get(agreements[municipality.pk].pk) != number
        for municipality, number in places_by_municipality.items()
    )
    if changes:
        others = (
            Target.objects.current()
            .filter(
                category=category,
                revision__agreement__year=year,
                revision__agreement__municipality__county=county,
            )
            .exclude(revision__agreement__municipality__in=list(places_by_municipality))
            .aggregate(total=Sum("places"))["total"]
        )
        quota = county_quota_in_force(county, year, effective_from)
        _check_not_below(
            (others or 0) + sum(places_by_municipality.values()),
            quota.places if quota else None,
            confirmed=confirm_below,
        )
    result = AllocationResult()
    decision = (
        MunicipalQuotaDecision.objects.create(
            county=county,
            year=year,
            reference=decision_reference.strip(),
            decision_date=decision_date or clock.today(),
            effective_from=effective_from,
            reason=reason.strip(),
            decided_by=user,
        )
        if changes
        else None
    )
    latest = _latest_revisions(list(agreements.values()))
    for municipality, number in places_by_municipality.items():
        agreement = agreements.get(municipality.pk)
        if agreement is None:
            try:
                agreement_create(
                    municipality=municipality,
                    year=year,
                    user=user,
                    places_by_category={category: number},
                    decision=decision,
                )
            except ValidationError as exc:
                if not is_duplicate(exc):
                    raise
                # Someone else created it a moment ago (after the rows were read above).
                raise StaleVersion(
                    Agreement.objects.get(municipality=municipality, year=year),
                    {municipality.name: "–"},
                ) from None
            result.created += 1
            result.changed_municipalities.append(municipality.name)
        elif current.get(agreement.pk) == number:
            result.unchanged += 1
        else:
            if agreement.is_read_only:
                raise ValidationError(
                    {
                        f"m_{municipality.code}": _(
                            "Överenskommelsen för %(name)s är avslutad och kan inte ändras."
                        )
                        % {"name": municipality.name}
                    }
                )
            if not reason.strip():
                raise ValidationError({"reason": _("Skriv varför kommuntalen ändras.")})
            when = max(effective_from, agreement.valid_from)
            # Locked above with the others: amend without a query per municipality.
            _amend_locked(
                agreement,
                min(when, agreement.valid_to),
                {category: number},
                reason.strip(),
                user,
                latest.get(agreement.pk),
                decision,
            )
            result.amended += 1
            result.changed_municipalities.append(municipality.name)
    return result


@transaction.atomic
def allocation_import(
    *,
    county: County,
    year: int,
    rows: list[tuple[str, str]],
    effective_from: datetime.date,
    reason: str,
    user,
    confirm_below: bool = False,
) -> AllocationResult:
    """Commit imported (municipality, places) rows: every row valid, or nothing saved."""
    parsed, row_errors = validate_rows(rows, county=county)
    if row_errors:
        raise AllocationImportError(row_errors)
    if not parsed:
        raise AllocationImportError([], _("Filen innehåller inga kommuntal."))
    return allocation_save(
        county=county,
        year=year,
        places_by_municipality={row.municipality: row.places for row in parsed},
        effective_from=effective_from,
        reason=reason,
        user=user,
        confirm_below=confirm_below,
    )


@transaction.atomic
def kommuntal_decision_publish(*, decision: MunicipalQuotaDecision, user) -> MunicipalQuotaDecision:
    """Publish a kommuntal decision to the municipalities (they see it on their agreement)."""
    fresh = MunicipalQuotaDecision.objects.select_for_update().get(pk=decision.pk)
    if fresh.is_published:
        raise ValidationError(_("Beslutet är redan publicerat."))
    fresh.status = QuotaDecisionStatus.PUBLISHED
    fresh.published_at = timezone.now()
    fresh.published_by = user
    fresh.save(update_fields=["status", "published_at", "published_by"])
    return fresh


# --- pace plans -------------------------------------------------------------------


def pace_plan_save(
    *,
    municipality: Municipality,
    year: int,
    months: list[int],
    source: str,
    user,
    expected_version: int,
) -> PacePlan:
    """Save a municipality's planned receptions per month (a new plan: version 0).

    Version-checked under a row lock; two first saves at once: one winner, the other the
    form's message.
    """
    if len(months) != 12 or any(m < 0 for m in months):
        raise ValidationError(_("En plan har tolv månader med 0 eller fler personer var."))
    with transaction.atomic():
        plan = (
            PacePlan.objects.select_for_update()
            .filter(municipality=municipality, year=year)
            .first()
        )
        if plan is None:
            if expected_version != 0:
                raise StaleVersion(None)
            with created_once():
                plan = PacePlan.objects.create(
                    municipality=municipality,
                    year=year,
                    months=list(months),
                    source=source,
                    updated_by=user,
                )
            return plan
        check_version(plan, expected_version)
        plan.months = list(months)
        plan.source = source
        plan.updated_by = user
        plan.version += 1
        plan._change_reason = _("Planerad takt ändrad")  # type: ignore[attr-defined]
        plan.save()
        return plan


def pace_plan_remove(*, municipality: Municipality, year: int, expected_version: int) -> None:
    """Remove the plan (the expected pace goes back to the even line)."""
    with transaction.atomic():
        plan = (
            PacePlan.objects.select_for_update()
            .filter(municipality=municipality, year=year)
            .first()
        )
        if plan is None:
            raise StaleVersion(None)
        check_version(plan, expected_version)
        plan.delete()
