"""Readable audit trails of reports and activities: who, when, what changed from what to what, why.

One helper (``history_entries``) turns simple_history records of any model into
``AuditEntry`` rows (the agreements' audit format), so follow-up reports, activity
reports and activities share it; each trail below only says which fields to show.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable, Mapping

from django.db import models
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from agreements.audit import AuditEntry, FieldChange, display_value, history_event

from .models import FollowUpReport, ReportFigure

REPORT_FIELDS = {
    "status": gettext_lazy("Status"),
    "self_settled": gettext_lazy("Egenbosatta"),
    "comment": gettext_lazy("Kommentar"),
    "review_message": gettext_lazy("Meddelande från Länsstyrelsen"),
}
FIGURE_FIELDS = {
    "received": gettext_lazy("mottagna"),
    "women": gettext_lazy("varav kvinnor"),
    "men": gettext_lazy("varav män"),
    "children": gettext_lazy("varav barn"),
}
ACTIVITY_REPORT_FIELDS = (
    "status",
    "women",
    "men",
    "first_time",
    "completed",
    "dropped",
    "comment",
    "review_message",
)
#: Not shown in an activity's history: bookkeeping, or the same for its whole life.
ACTIVITY_HIDDEN = {"id", "version", "county"}

#: (record, field name) -> the value to show; for values not stored on the record itself.
Lookup = Callable[[models.Model, str], object]


def who(user) -> str:
    if user is None:
        return _("Systemet")
    return user.get_full_name() or user.email


def show(model_field: models.Field | None, value: object) -> str:
    if isinstance(value, bool):
        return _("Ja") if value else _("Nej")
    return display_value(model_field, value)


def verbose_labels(model: type[models.Model], names: Iterable[str]) -> dict[str, str]:
    return {name: str(model._meta.get_field(name).verbose_name).capitalize() for name in names}


def history_entries(
    records: Iterable,
    model: type[models.Model],
    labels: Mapping[str, str],
    *,
    lookup: Lookup | None = None,
) -> list[AuditEntry]:
    """Oldest first, from ``records`` ordered oldest first: the first says what was set,
    each later one what changed. No queries beyond what ``records`` and ``lookup`` make."""

    def value(record, name: str):
        if lookup is not None:
            found = lookup(record, name)
            if found is not None:
                return found
        model_field = model._meta.get_field(name)
        return show(model_field, getattr(record, model_field.attname))

    entries: list[AuditEntry] = []
    previous: dict[str, str] | None = None
    for record in records:
        values = {name: value(record, name) for name in labels}
        before = previous or {}
        changes = [
            FieldChange(str(label), before.get(name, "–"), values[name])
            for name, label in labels.items()
            if values[name] != before.get(name, "–")
        ]
        entries.append(
            AuditEntry(
                when=record.history_date,
                who=who(record.history_user),
                event=history_event("+" if previous is None else "~"),
                reason=record.history_change_reason or "",
                changes=changes,
            )
        )
        previous = values
    return entries


def _newest_first(entries: list[AuditEntry]) -> list[AuditEntry]:
    return sorted(entries, key=lambda e: e.when, reverse=True)


def report_audit(report: FollowUpReport) -> list[AuditEntry]:
    """Newest first. Two queries whatever the length of the history."""
    records = report.history.select_related("history_user").order_by("history_date", "history_id")
    entries = history_entries(records, FollowUpReport, REPORT_FIELDS)

    figure_records = ReportFigure.history.filter(report_id=report.pk).select_related(
        "history_user", "category"
    )
    by_figure: dict[int, list] = defaultdict(list)
    for record in figure_records.order_by("history_date", "history_id"):
        by_figure[record.id].append(record)
    for chain in by_figure.values():
        category = chain[-1].category.name
        labels = {f: f"{category}, {label}" for f, label in FIGURE_FIELDS.items()}
        for entry in history_entries(chain, ReportFigure, labels):
            if entry.changes:
                entries.append(entry)
    return _newest_first(entries)


def activity_report_audit(report) -> list[AuditEntry]:
    """Newest first; one query whatever the length of the history."""
    from .activities.models import ActivityReport

    records = report.history.select_related("history_user").order_by("history_date", "history_id")
    labels = verbose_labels(ActivityReport, ACTIVITY_REPORT_FIELDS)
    return _newest_first(history_entries(records, ActivityReport, labels))


def activity_audit(activity) -> list[AuditEntry]:
    """Newest first: every change of the activity, its municipalities and languages too.

    Four queries whatever the length of the history. A save and the setting of its
    municipalities and languages make several records of the same version; they are
    shown as one entry.
    """
    from .activities.models import Activity, Organisation

    records = list(
        activity.history.select_related("history_user").order_by("history_date", "history_id")
    )
    history = Activity.history.model
    listed: dict[tuple[int, str], list[str]] = defaultdict(list)
    for name, target in (("municipalities", "municipality"), ("languages", "language")):
        through = history._meta.get_field(f"historicalactivity_{name}").related_model
        rows = through.objects.filter(history__id=activity.pk).values_list(
            "history_id", f"{target}__name"
        )
        for history_id, label in rows.order_by(f"{target}__name"):
            listed[(history_id, name)].append(label)
    organisations = dict(
        Organisation.objects.filter(pk__in={r.organisation_id for r in records}).values_list(
            "pk", "name"
        )
    )

    def lookup(record, name: str):
        if name in ("municipalities", "languages"):
            return ", ".join(listed.get((record.history_id, name), [])) or "–"
        if name == "organisation":
            return organisations.get(record.organisation_id, "–")
        return None

    names = [
        f.name
        for f in Activity._meta.get_fields()
        if (f.concrete or f.many_to_many) and not f.auto_created and f.name not in ACTIVITY_HIDDEN
    ]
    entries = history_entries(records, Activity, verbose_labels(Activity, names), lookup=lookup)
    merged: list[AuditEntry] = []
    last_version = None
    for record, entry in zip(records, entries, strict=True):
        if merged and record.version == last_version:
            _merge(merged[-1], entry)
        else:
            merged.append(entry)
        last_version = record.version
    return _newest_first([e for i, e in enumerate(merged) if e.changes or i == 0])


def _merge(into: AuditEntry, entry: AuditEntry) -> None:
    """Add ``entry``'s changes to ``into``; a field changed twice shows first old → last new."""
    by_label = {change.label: change for change in into.changes}
    for change in entry.changes:
        if change.label in by_label:
            by_label[change.label].new = change.new
        else:
            into.changes.append(change)
            by_label[change.label] = change
    into.changes = [c for c in into.changes if c.old != c.new]
