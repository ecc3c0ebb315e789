"""The review flow shared by follow-up reports and activity reports.

draft → submitted → returned → submitted → approved → reopened → submitted ...

Both kinds of report carry the same fields (``status``, ``version``,
``review_message``, ``submitted_at/_by``, ``reviewed_at/_by``), so one set of
rules decides which move is allowed and what it records. Callers lock the row
and check the version first (``lock``), then call ``transition`` and save.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from .models import EDITABLE, ReportStatus


@dataclass(frozen=True)
class Move:
    allowed_from: frozenset[str]
    to: str
    #: Error when the object is in another status.
    refused: str
    #: Change reason for the history; "%(message)s" is the staff message, if any.
    reason: str
    #: True when staff make the move (sets reviewed_*), False for the reporter (submitted_*).
    by_staff: bool
    needs_message: bool = False


MOVES: dict[str, Move] = {
    "submit": Move(
        EDITABLE,
        ReportStatus.SUBMITTED,
        gettext_lazy("Rapporten är inskickad och kan inte ändras medan den granskas."),
        gettext_lazy("Inskickad"),
        by_staff=False,
    ),
    "approve": Move(
        frozenset({ReportStatus.SUBMITTED}),
        ReportStatus.APPROVED,
        gettext_lazy("Bara inskickade rapporter kan godkännas."),
        gettext_lazy("Godkänd"),
        by_staff=True,
    ),
    "return": Move(
        frozenset({ReportStatus.SUBMITTED}),
        ReportStatus.RETURNED,
        gettext_lazy("Bara inskickade rapporter kan skickas tillbaka."),
        gettext_lazy("Skickad tillbaka: %(message)s"),
        by_staff=True,
        needs_message=True,
    ),
    "reopen": Move(
        frozenset({ReportStatus.APPROVED}),
        ReportStatus.REOPENED,
        gettext_lazy("Bara godkända rapporter kan öppnas igen."),
        gettext_lazy("Öppnad igen: %(message)s"),
        by_staff=True,
        needs_message=True,
    ),
}


def stale() -> ValidationError:
    return ValidationError(
        _(
            "Någon annan har ändrat rapporten medan du hade den öppen. Inget av det du skrev "
            "har sparats. Ladda om sidan, se den senaste versionen och gör dina ändringar igen."
        ),
        code="stale",
    )


def lock(queryset: models.QuerySet, pk: int, version: int):
    """The row locked for update; a stale version is refused before anything changes."""
    fresh = queryset.select_for_update(of=("self",)).get(pk=pk)
    if fresh.version != version:
        raise stale()
    return fresh


def check(obj, action: str) -> Move:
    move = MOVES[action]
    if obj.status not in move.allowed_from:
        raise ValidationError(str(move.refused), code="status")
    return move


def transition(obj, *, action: str, user, message: str = "", reason: str | None = None):
    """Apply one move of the flow to ``obj`` (not saved). Raises ValidationError if refused."""
    move = check(obj, action)
    message = (message or "").strip()
    now = timezone.now()
    obj.status = move.to
    if move.by_staff:
        obj.reviewed_at = now
        obj.reviewed_by = user
        if move.needs_message:
            obj.review_message = message
    else:
        obj.submitted_at = now
        obj.submitted_by = user
    obj.version += 1
    obj._change_reason = reason or str(move.reason) % {"message": message}
    return obj
