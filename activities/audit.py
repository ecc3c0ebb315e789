"""Audit trails of activities and activity reports: who, when, what changed, why.

Built with the ground floor's engine (``core.audit.history_entries``); this module
only says which fields to show and how to name the many-to-many values.
"""

from __future__ import annotations

from collections import defaultdict

from core.audit import AuditEntry, history_entries, newest_first, verbose_labels

from .models import Activity, ActivityReport, Organisation

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


def activity_report_audit(report) -> list[AuditEntry]:
    """Newest first; one query whatever the length of the history."""
    records = report.history.select_related("history_user").order_by("history_date", "history_id")
    labels = verbose_labels(ActivityReport, ACTIVITY_REPORT_FIELDS)
    return newest_first(history_entries(records, ActivityReport, labels))


def activity_audit(activity) -> list[AuditEntry]:
    """Newest first: every change of the activity, its municipalities and languages too.

    Four queries whatever the length of the history. A save and the setting of its
    municipalities and languages make several records of the same version; they are
    shown as one entry.
    """
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
    return newest_first([e for i, e in enumerate(merged) if e.changes or i == 0])


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
