"""A readable audit trail: who changed what, from what to what, and why.

Agreement fields come from simple_history records; target figures come from
the chain of ``TargetRevision`` rows (each amendment is compared with the one
before it). Both are merged into one list of ``AuditEntry``.
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext as _

from core.audit import (
    AuditEntry,
    FieldChange,
    display_value,
    history_entries,
    newest_first,
    verbose_labels,
    who,
)
from core.lang import data_label

from .models import Agreement, CountyQuota, TargetRevision

#: Bookkeeping, never shown.
HIDDEN_FIELDS = {"version", "id", "created_at", "created_by", "updated_at"}
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
    "effective_from",
}


def _labels(model: type[models.Model]) -> dict[str, str]:
    return verbose_labels(
        model, [f.name for f in model._meta.concrete_fields if f.name not in HIDDEN_FIELDS]
    )


def _history(records: list, model: type[models.Model]) -> list[AuditEntry]:
    return history_entries(records, model, _labels(model), created_fields=CREATED_FIELDS)


def _revision_entries(revisions: list[TargetRevision]) -> list[AuditEntry]:
    entries = []
    previous: dict[str, int] = {}
    for revision in revisions:
        figures = {data_label(t.category): t.places for t in revision.targets.all()}
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
                who=who(revision.created_by),
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
    entries = _history(records, Agreement) + _revision_entries(revisions)
    # Amendments also bump the agreement's version; that record says nothing new.
    entries = [e for e in entries if e.changes or e.event != _("Ändrad")]
    return newest_first(entries)


def county_quota_audit(decisions: list[CountyQuota]) -> list[AuditEntry]:
    """The trail of a year's länstal decisions (each decision's own history, merged)."""
    records = list(
        CountyQuota.history.filter(id__in=[d.pk for d in decisions])
        .select_related("history_user")
        .order_by("history_date", "history_id")
    )
    entries: list[AuditEntry] = []
    for decision in decisions:
        entries += _history([r for r in records if r.id == decision.pk], CountyQuota)
    return newest_first(entries)
