"""The change history of a contact or text block, in the reader's language.

The services store their own reasons untranslated (``gettext_noop``: the history
keeps the words of the moment, in Swedish); this module translates them when the
history is shown, and names a change without a reason by its kind ("Skapad",
"Ändrad"), never with simple_history's English words.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.utils.translation import gettext, gettext_noop

from core.audit import history_event

CONTACT_CREATED = gettext_noop("Ny kontaktperson")
CONTACT_CHANGED = gettext_noop("Ändrad kontaktperson")
CONTACT_PUBLISHED = gettext_noop("Publicerad")
CONTACT_UNPUBLISHED = gettext_noop("Avpublicerad")
CONTACT_MOVED = gettext_noop("Ny ordning")
BLOCK_CREATED = gettext_noop("Nytt textblock")
BLOCK_CHANGED = gettext_noop("Ändrat textblock")

#: The reasons the services write; any other reason was typed by a person and is shown as is.
SYSTEM_REASONS = frozenset(
    {
        CONTACT_CREATED,
        CONTACT_CHANGED,
        CONTACT_PUBLISHED,
        CONTACT_UNPUBLISHED,
        CONTACT_MOVED,
        BLOCK_CREATED,
        BLOCK_CHANGED,
    }
)


@dataclass(frozen=True)
class HistoryRow:
    when: datetime.datetime
    who: str
    what: str


def what_happened(record) -> str:
    reason = record.history_change_reason or ""
    if reason in SYSTEM_REASONS:
        return gettext(reason)
    return reason or history_event(record.history_type)


def history_rows(obj, limit: int = 10) -> list[HistoryRow]:
    """The latest changes of ``obj`` (a model with simple_history), newest first."""
    records = obj.history.select_related("history_user").order_by("-history_date")[:limit]
    return [
        HistoryRow(
            when=record.history_date,
            who=(
                record.history_user.get_full_name() or record.history_user.email
                if record.history_user
                else gettext("Systemet")
            ),
            what=what_happened(record),
        )
        for record in records
    ]
