"""The review flow shared by follow-up reports and activity reports.

draft → submitted → returned → submitted → approved → reopened → submitted ...

Both kinds of report carry the same fields (``status``, ``version``,
``review_message``, ``submitted_at/_by``, ``reviewed_at/_by``), so one set of
rules decides which move is allowed and what it records. Callers lock the row
and check the version first (``lock``), then call ``transition`` and save;
``reviewer`` makes the staff moves of one kind of report, all of it, and e-mails the municipality.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from core.history import record_change
from core.locking import StaleVersion
from core.locking import lock as lock_row

from . import notify
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
    #: The form field the staff message comes from, and the error when it is empty.
    message_field: str = "message"
    missing: str = ""
    #: Which e-mail the municipality's reporters get (templates reception/email/<mail>_*.txt).
    mail: str = ""


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
        mail="approved",
    ),
    "return": Move(
        frozenset({ReportStatus.SUBMITTED}),
        ReportStatus.RETURNED,
        gettext_lazy("Bara inskickade rapporter kan skickas tillbaka."),
        gettext_lazy("Skickad tillbaka: %(message)s"),
        by_staff=True,
        needs_message=True,
        missing=gettext_lazy("Skriv vad kommunen behöver rätta."),
        mail="returned",
    ),
    "reopen": Move(
        frozenset({ReportStatus.APPROVED}),
        ReportStatus.REOPENED,
        gettext_lazy("Bara godkända rapporter kan öppnas igen."),
        gettext_lazy("Öppnad igen: %(message)s"),
        by_staff=True,
        needs_message=True,
        message_field="reason",
        missing=gettext_lazy("Skriv varför rapporten öppnas igen."),
        mail="reopened",
    ),
}


#: The history's reason for a submission, by the status it was handed in from.
SUBMIT_REASONS = {
    ReportStatus.RETURNED: gettext_lazy("Inskickad igen efter retur"),
    ReportStatus.REOPENED: gettext_lazy("Inskickad igen efter att ha öppnats igen"),
}


def running_message(period) -> str:
    """What a reporter is told while the period is still running: drafts yes, submission later."""
    return _(
        "Perioden %(period)s pågår till och med %(end)s. Du kan spara ett utkast nu och "
        "skicka in rapporten från %(opens)s."
    ) % {
        "period": period.label,
        "end": period.end.isoformat(),
        "opens": period.submission_opens.isoformat(),
    }


def check_period_ended(period, today) -> None:
    """A report is handed in only once its period is over (else it would count "on time"
    for figures that can still grow)."""
    if not period.has_ended(today):
        raise ValidationError(running_message(period), code="running")


#: What a reporter or reviewer reads when the report changed under them (core.locking).
STALE_REPORT = gettext_lazy(
    "Någon annan har ändrat rapporten medan du hade den öppen. Inget av det du skrev "
    "har sparats. Ladda om sidan, se den senaste versionen och gör dina ändringar igen."
)


def stale(instance=None) -> StaleVersion:
    """The stale-version error of a report (for paths that create the row, so have no lock)."""
    return StaleVersion(instance, message=str(STALE_REPORT))


def lock(queryset: models.QuerySet, pk: int, version: int):
    """The report row locked for update; :class:`StaleVersion` if someone changed it."""
    return lock_row(queryset, pk, version, message=str(STALE_REPORT))


def check(obj, action: str) -> Move:
    move = MOVES[action]
    if obj.status not in move.allowed_from:
        raise ValidationError(str(move.refused), code="status")
    return move


def transition(obj, *, action: str, user, message: str = "", reason: str | None = None):
    """Apply one move of the flow to ``obj`` (not saved). Raises ValidationError if refused."""
    move = check(obj, action)
    message = (message or "").strip()
    if reason is None and action == "submit":
        reason = str(SUBMIT_REASONS.get(obj.status, move.reason))
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
    record_change(obj, reason or str(move.reason) % {"message": message})
    return obj


def reviewer(queryset: models.QuerySet, *, mail_prefix: str = "") -> Callable[..., Any]:
    """The staff moves (approve, return, reopen) for one kind of report.

    ``queryset`` fetches the report for locking (with what the e-mails need);
    the municipality's reporters get ``reception/email/<mail_prefix><mail>_*.txt``.
    """

    @transaction.atomic
    def review(*, report, action: str, user, version: int, message: str = "", link: str = ""):
        """All or nothing: the message is required where the move needs one; the e-mail
        is recorded in the outbox with the move and delivered after commit
        (``core/outbox.py``), so a mail server that is down never blocks the move."""
        move = MOVES[action]
        message = (message or "").strip()
        if move.needs_message and not message:
            raise ValidationError({move.message_field: [str(move.missing)]}, code="required")
        report = lock(queryset, report.pk, version)
        transition(report, action=action, user=user, message=message)
        report.save()
        notify.reviewed(report=report, kind=f"{mail_prefix}{move.mail}", message=message, link=link)
        return report

    return review
