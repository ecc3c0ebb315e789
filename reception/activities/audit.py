"""The readable history of an activity report: who, when, from what to what, why."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from ..models import ReportStatus
from .models import ActivityReport

FIELDS = {
    "status": _("Status"),
    "women": _("Deltagare, kvinnor"),
    "men": _("Deltagare, män"),
    "first_time": _("Började för första gången"),
    "completed": _("Slutförde"),
    "dropped": _("Avbröt"),
    "comment": _("Kommentar"),
}


def _show(field: str, value):
    if field == "status" and value:
        return ReportStatus(value).label
    return "–" if value in (None, "") else value


def activity_report_audit(report: ActivityReport) -> list[dict]:
    """Newest first; one query whatever the length of the history."""
    entries: list[dict] = []
    previous = None
    for record in report.history.select_related("history_user").order_by(
        "history_date", "history_id"
    ):
        changes = []
        if previous is not None:
            delta = record.diff_against(previous, included_fields=list(FIELDS))
            changes = [
                (FIELDS[c.field], _show(c.field, c.old), _show(c.field, c.new))
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
    entries.reverse()
    return entries
