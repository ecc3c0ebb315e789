"""A readable audit trail: who changed what, from what to what, and why.

Agreement fields come from simple_history records; target figures come from
the chain of ``TargetRevision`` rows (each amendment is compared with the one
before it). Both are merged into one list of ``AuditEntry``.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from .models import Agreement, CountyQuota, TargetRevision

HIDDEN_FIELDS = {"version", "id", "created_at", "created_by"}
#: Shown for a newly created record (the rest is noise there).
CREATED_FIELDS = {
    "case_number",
    "status",
    "signed_on",
    "valid_from",
    "valid_to",
    "notes",
    "places",
    "decision_reference",
    "decision_date",
}


#: simple_history's history types in the portal's words (its own are English only).
HISTORY_EVENTS = {
    "+": gettext_lazy("Skapad"),
    "~": gettext_lazy("Ändrad"),
    "-": gettext_lazy("Borttagen"),
}


def history_event(history_type: str) -> str:
    """What a simple_history record did, translated: "Skapad", "Ändrad", "Borttagen"."""
    return str(HISTORY_EVENTS.get(history_type, history_type))


@dataclass
class FieldChange:
    label: str
    old: str
    new: str


@dataclass
class AuditEntry:
    when: datetime.datetime
    who: str
    event: str
    reason: str = ""
    changes: list[FieldChange] = field(default_factory=list)


def display_value(model_field: models.Field | None, value: object) -> str:
    if value is None or value == "":
        return "–"
    if model_field is not None and model_field.choices:
        return str(dict(model_field.flatchoices).get(value, value))
    if isinstance(value, datetime.date | datetime.datetime):
        return value.isoformat()
    return str(value)


def _who(user) -> str:
    if user is None:
        return _("Systemet")
    return user.get_full_name() or user.email


def _history_entries(records: list, model: type[models.Model]) -> list[AuditEntry]:
    entries = []
    previous = None
    for record in records:
        event = history_event(record.history_type)
        if record.history_type == "+":
            changes = [
                FieldChange(
                    str(model._meta.get_field(f.name).verbose_name).capitalize(),
                    "–",
                    display_value(f, getattr(record, f.attname)),
                )
                for f in model._meta.concrete_fields
                if f.name in CREATED_FIELDS and getattr(record, f.attname) not in (None, "")
            ]
        else:
            changes = []
            if previous is not None:
                delta = record.diff_against(previous, excluded_fields=HIDDEN_FIELDS)
                for change in delta.changes:
                    model_field = model._meta.get_field(change.field)
                    changes.append(
                        FieldChange(
                            str(model_field.verbose_name).capitalize(),
                            display_value(model_field, change.old),
                            display_value(model_field, change.new),
                        )
                    )
        entries.append(
            AuditEntry(
                when=record.history_date,
                who=_who(record.history_user),
                event=event,
                reason=record.history_change_reason or "",
                changes=changes,
            )
        )
        previous = record
    return entries


def _revision_entries(revisions: list[TargetRevision]) -> list[AuditEntry]:
    entries = []
    previous: dict[str, int] = {}
    for revision in revisions:
        figures = {t.category.name: t.places for t in revision.targets.all()}
        changes = [
            FieldChange(
                name,
                display_value(None, previous.get(name)),
                display_value(None, figures.get(name)),
            )
            for name in list(dict.fromkeys([*previous, *figures]))
            if previous.get(name) != figures.get(name)
        ]
        entries.append(
            AuditEntry(
                when=revision.created_at,
                who=_who(revision.created_by),
                event=_("Mål från %(date)s") % {"date": revision.effective_from.isoformat()},
                reason=revision.reason,
                changes=changes,
            )
        )
        previous = figures
    return entries


def agreement_audit(agreement: Agreement, revisions: list[TargetRevision]) -> list[AuditEntry]:
    """Newest first. ``revisions`` must prefetch ``targets__category`` and ``created_by``."""
    records = list(
        agreement.history.select_related("history_user").order_by("history_date", "history_id")
    )
    entries = _history_entries(records, Agreement) + _revision_entries(revisions)
    # Amendments also bump the agreement's version; that record says nothing new.
    entries = [e for e in entries if e.changes or e.event != _("Ändrad")]
    return sorted(entries, key=lambda e: e.when, reverse=True)


def county_quota_audit(quota: CountyQuota) -> list[AuditEntry]:
    records = list(
        quota.history.select_related("history_user").order_by("history_date", "history_id")
    )
    return sorted(_history_entries(records, CountyQuota), key=lambda e: e.when, reverse=True)


def audit_rows(entries: list[AuditEntry]) -> list[list[str]]:
    """One row per field change, for CSV export."""
    rows = []
    for entry in entries:
        when = timezone.localtime(entry.when).strftime("%Y-%m-%d %H:%M:%S")
        for change in entry.changes or [FieldChange("", "", "")]:
            rows.append(
                [when, entry.who, entry.event, change.label, change.old, change.new, entry.reason]
            )
    return rows


AUDIT_HEADERS = ["Tidpunkt", "Vem", "Händelse", "Fält", "Före", "Efter", "Skäl"]
