"""The audit format and its engine: who changed what, when, from what to what, and why.

Every trail of the portal (agreements, county quotas, follow-up reports, activities
and their reports) is a list of :class:`AuditEntry`, shown by one template partial
and exported with the same columns (:data:`AUDIT_HEADERS`). :func:`history_entries`
turns django-simple-history records of any model into entries; each app's trail only
says which fields to show and how to look up values not stored on the record.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from typing import cast

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

#: (record, field name) -> the value to show; for values not stored on the record itself.
Lookup = Callable[[models.Model, str], object]

AUDIT_HEADERS = ["Tidpunkt", "Vem", "Händelse", "Fält", "Före", "Efter", "Skäl"]


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
    """A stored value as a person reads it: choices by label, dates ISO, yes/no, – for empty."""
    if value is None or value == "":
        return "–"
    if isinstance(value, bool):
        return _("Ja") if value else _("Nej")
    if model_field is not None and model_field.choices:
        return str(dict(model_field.flatchoices).get(value, value))
    if isinstance(value, datetime.date | datetime.datetime):
        return value.isoformat()
    return str(value)


def who(user) -> str:
    if user is None:
        return _("Systemet")
    return user.get_full_name() or user.email


def verbose_labels(model: type[models.Model], names: Iterable[str]) -> dict[str, str]:
    return {name: str(model_field(model, name).verbose_name).capitalize() for name in names}


def model_field(model: type[models.Model], name: str) -> models.Field:
    # Audited names are the model's own (concrete or many-to-many) fields, never reverse
    # relations, so get_field returns a Field.
    return cast(models.Field, model._meta.get_field(name))


#: simple_history's history types in the portal's words (its own are English only).
HISTORY_EVENTS = {
    "+": gettext_lazy("Skapad"),
    "~": gettext_lazy("Ändrad"),
    "-": gettext_lazy("Borttagen"),
}


def history_event(history_type: str) -> str:
    """What a simple_history record did, translated: "Skapad", "Ändrad", "Borttagen"."""
    return str(HISTORY_EVENTS.get(history_type, history_type))


def event_reason(text: str | None) -> str:
    """A stored history reason on the page's language. The portal's own event names
    ("Utkast påbörjat", "Inskickad", "Godkänd"...) are stored as written at the time, in
    Swedish; looked up in the catalogue again they read in English on an English page.
    A reason a person typed is not in the catalogue and is shown as typed."""
    if not text:
        return ""
    return _(text)


def _event(record, first: bool) -> str:
    if getattr(record, "history_type", None) == "-":
        return history_event("-")
    return history_event("+" if first else "~")


def history_entries(
    records: Iterable,
    model: type[models.Model],
    labels: Mapping[str, str],
    *,
    lookup: Lookup | None = None,
    created_fields: Iterable[str] | None = None,
) -> list[AuditEntry]:
    """Oldest first, from ``records`` ordered oldest first: the first says what was set
    (only ``created_fields`` if given), each later one what changed. No queries beyond
    what ``records`` and ``lookup`` make."""
    shown_at_creation = set(created_fields) if created_fields is not None else set(labels)

    def value(record, name: str):
        if lookup is not None:
            found = lookup(record, name)
            if found is not None:
                return found
        field_ = model_field(model, name)
        return display_value(field_, getattr(record, field_.attname))

    entries: list[AuditEntry] = []
    previous: dict[str, str] | None = None
    for record in records:
        values = {name: value(record, name) for name in labels}
        before = previous or {}
        changes = [
            FieldChange(str(label), before.get(name, "–"), values[name])
            for name, label in labels.items()
            if values[name] != before.get(name, "–")
            and (previous is not None or name in shown_at_creation)
        ]
        entries.append(
            AuditEntry(
                when=record.history_date,
                who=who(record.history_user),
                event=_event(record, previous is None),
                reason=event_reason(record.history_change_reason),
                changes=changes,
            )
        )
        previous = values
    return entries


def newest_first(entries: list[AuditEntry]) -> list[AuditEntry]:
    return sorted(entries, key=lambda e: e.when, reverse=True)


def audit_rows(entries: list[AuditEntry]) -> list[list[str]]:
    """One row per field change, for CSV export (columns: :data:`AUDIT_HEADERS`)."""
    rows = []
    for entry in entries:
        when = timezone.localtime(entry.when).strftime("%Y-%m-%d %H:%M:%S")
        for change in entry.changes or [FieldChange("", "", "")]:
            rows.append(
                [when, entry.who, entry.event, change.label, change.old, change.new, entry.reason]
            )
    return rows
