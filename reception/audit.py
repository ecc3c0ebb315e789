"""The readable audit trail of a report: who, when, what changed from what to what, why."""

from __future__ import annotations

from collections import defaultdict

from django.utils.translation import gettext_lazy as _

from .models import FollowUpReport, ReportFigure, ReportStatus

REPORT_FIELDS = {
    "status": _("Status"),
    "self_settled": _("Egenbosatta"),
    "comment": _("Kommentar"),
    "review_message": _("Meddelande från Länsstyrelsen"),
}
FIGURE_FIELDS = {
    "received": _("mottagna"),
    "women": _("varav kvinnor"),
    "men": _("varav män"),
    "children": _("varav barn"),
}


def _show(field: str, value):
    if field == "status" and value:
        return ReportStatus(value).label
    return "–" if value in (None, "") else value


def report_audit(report: FollowUpReport) -> list[dict]:
    """Newest first. Two queries whatever the length of the history."""
    entries: list[dict] = []
    records = list(
        report.history.select_related("history_user").order_by("history_date", "history_id")
    )
    previous = None
    for record in records:
        changes = []
        if previous is not None:
            delta = record.diff_against(previous, included_fields=list(REPORT_FIELDS))
            changes = [
                (REPORT_FIELDS[c.field], _show(c.field, c.old), _show(c.field, c.new))
                for c in delta.changes
            ]
        entries.append(
            {
                "when": record.history_date,
                "who": record.history_user,
                "why": record.history_change_reason or "",
                "changes": changes,
            }
        )
        previous = record

    figure_records = ReportFigure.history.filter(report_id=report.pk).select_related(
        "history_user", "category"
    )
    by_figure: dict[int, list] = defaultdict(list)
    for record in figure_records.order_by("history_date", "history_id"):
        by_figure[record.id].append(record)
    for chain in by_figure.values():
        for before, record in zip([None, *chain[:-1]], chain, strict=True):
            changes = []
            for field, label in FIGURE_FIELDS.items():
                old = getattr(before, field) if before is not None else None
                new = getattr(record, field)
                if before is None and new is None:
                    continue
                if old != new:
                    changes.append((f"{record.category.name}, {label}", _show(field, old), new))
            if changes:
                entries.append(
                    {
                        "when": record.history_date,
                        "who": record.history_user,
                        "why": record.history_change_reason or "",
                        "changes": changes,
                    }
                )
    entries.sort(key=lambda e: e["when"], reverse=True)
    return entries
