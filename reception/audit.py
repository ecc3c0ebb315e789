"""The follow-up report's audit trail: who, when, what changed from what to what, why.

Built with the ground floor's engine (``core.audit.history_entries``); this module
only says which fields to show.
"""

from __future__ import annotations

from collections import defaultdict

from django.utils.translation import gettext_lazy

from core.audit import AuditEntry, history_entries, newest_first
from core.lang import data_label

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
    "previous_year": gettext_lazy("varav mot förra årets kommuntal"),
}


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
        category = data_label(chain[-1].category)
        labels = {f: f"{category}, {label}" for f, label in FIGURE_FIELDS.items()}
        for entry in history_entries(chain, ReportFigure, labels):
            if entry.changes:
                entries.append(entry)
    return newest_first(entries)
