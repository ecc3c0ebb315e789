"""The e-mail outbox: every e-mail the portal sends goes through here.

``enqueue()`` records the e-mail as an :class:`~core.models.OutboxEmail` row in the
caller's transaction, so the e-mail exists exactly when the change that caused it
was committed (nothing is mailed for a change that rolled back). After the commit
(``transaction.on_commit``) the same process tries to deliver it at once, outside
any transaction and holding no row lock; ``manage.py deliver_outbox`` (the worker,
run by systemd or cron in production) delivers whatever is still pending, with
exponential backoff between attempts. A mail server that is down or never answers
(``EMAIL_TIMEOUT``) therefore delays an e-mail, never a submission or a review.

The pattern of Zulip's ``send_event_on_commit`` and healthchecks' Flip rows: write
the intent with the data, act on it after commit, retry from the table.

Delivery is at least once: a sender that dies between the mail server's "250 OK"
and marking the row sent leaves the row to be sent again when its claim expires.
"""

from __future__ import annotations

import datetime
import logging
import smtplib
import time
from collections.abc import Iterable
from dataclasses import dataclass

from django.conf import settings
from django.core.mail import EmailMessage, get_connection
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from .models import OutboxEmail

log = logging.getLogger("integration_portal.outbox")

#: After this many failed attempts a row is given up (status ``failed``, logged as an error).
MAX_ATTEMPTS = 10
#: Backoff: 1 min, 2, 4, … capped at 6 hours (10 attempts span about 17 hours).
BASE_DELAY = datetime.timedelta(minutes=1)
MAX_DELAY = datetime.timedelta(hours=6)
#: After a failed delivery on commit, this process leaves delivery to the worker for a
#: while, so a dead mail server costs one request per minute at most, not every one.
ON_COMMIT_PAUSE_SECONDS = 60

_on_commit_paused_until = 0.0


def claim_duration() -> datetime.timedelta:
    """How long a sender owns a claimed row: long enough for a send that times out."""
    return datetime.timedelta(seconds=max(60, 3 * int(settings.EMAIL_TIMEOUT or 10)))


def backoff(attempts: int) -> datetime.timedelta:
    """The wait before attempt ``attempts + 1`` (``attempts`` ≥ 1 have failed)."""
    return min(BASE_DELAY * 2 ** max(attempts - 1, 0), MAX_DELAY)


def enqueue(
    *, subject: str, body: str, to: Iterable[str], from_email: str | None = None
) -> OutboxEmail | None:
    """Record an e-mail in the current transaction; it is delivered after commit.

    Returns the row, or ``None`` when there is no recipient.
    """
    recipients = [address for address in to if address]
    if not recipients:
        return None
    row = OutboxEmail.objects.create(
        subject=" ".join(subject.split())[:998],
        body=body,
        from_email=from_email or "",
        to=recipients,
        next_attempt_at=timezone.now(),
    )
    if settings.OUTBOX_DELIVER_ON_COMMIT:
        pk = row.pk
        # robust: whatever happens while mailing, the committed change stands.
        transaction.on_commit(lambda: _deliver_on_commit(pk), robust=True)
    return row


def _deliver_on_commit(pk: int) -> None:
    global _on_commit_paused_until
    if time.monotonic() < _on_commit_paused_until:
        return  # the mail server failed a moment ago: the worker will retry
    result = deliver(ids=[pk])
    if result.failed:
        _on_commit_paused_until = time.monotonic() + ON_COMMIT_PAUSE_SECONDS


def resume_on_commit_delivery() -> None:
    """Forget a recent failure (tests; an operator who fixed the mail server)."""
    global _on_commit_paused_until
    _on_commit_paused_until = 0.0


@dataclass
class Delivery:
    sent: int = 0
    failed: int = 0
    given_up: int = 0


def _due(now: datetime.datetime):
    return OutboxEmail.objects.filter(status=OutboxEmail.Status.PENDING).filter(
        Q(claimed_until__isnull=True) | Q(claimed_until__lt=now)
    )


def deliver(*, ids: Iterable[int] | None = None, limit: int = 100) -> Delivery:
    """Send the pending e-mails that are due (or only ``ids``); the counts.

    Each row is claimed by a conditional UPDATE that commits at once, then sent with
    no transaction open and no lock held, then marked sent or rescheduled. Two
    workers never send the same row at once. After a failure to reach the server the
    rest wait for the next run (the server is likely down for them too).
    """
    result = Delivery()
    now = timezone.now()
    due = _due(now).filter(next_attempt_at__lte=now)
    if ids is not None:
        due = due.filter(pk__in=list(ids))
    candidates = list(due.order_by("next_attempt_at", "pk").values_list("pk", flat=True)[:limit])
    connection = None
    try:
        for pk in candidates:
            now = timezone.now()
            if not _due(now).filter(pk=pk).update(claimed_until=now + claim_duration()):
                continue  # another sender has it, or it was sent meanwhile
            row = OutboxEmail.objects.get(pk=pk)
            try:
                if connection is None:
                    connection = get_connection(fail_silently=False)
                    connection.open()
                EmailMessage(
                    row.subject,
                    row.body,
                    row.from_email or None,
                    row.to,
                    connection=connection,
                ).send()
            except Exception as exc:
                _failed(row, exc, result)
                if connection is not None:
                    try:
                        connection.close()
                    except Exception:  # noqa: BLE001 - a broken connection may not close
                        pass
                    connection = None
                if not isinstance(exc, smtplib.SMTPRecipientsRefused):
                    break  # the server is unreachable or broken: stop until the next run
                continue
            OutboxEmail.objects.filter(pk=pk).update(
                status=OutboxEmail.Status.SENT,
                sent_at=timezone.now(),
                attempts=row.attempts + 1,
                claimed_until=None,
                last_error="",
            )
            result.sent += 1
    finally:
        if connection is not None:
            try:
                connection.close()
            except Exception:  # noqa: BLE001
                pass
    return result


def _failed(row: OutboxEmail, exc: Exception, result: Delivery) -> None:
    attempts = row.attempts + 1
    error = f"{type(exc).__name__}: {exc}"[:2000]
    if attempts >= MAX_ATTEMPTS:
        status, next_at = OutboxEmail.Status.FAILED, row.next_attempt_at
        result.given_up += 1
        log.error("e-mail %s given up after %s attempts: %s", row.pk, attempts, error)
    else:
        status, next_at = OutboxEmail.Status.PENDING, timezone.now() + backoff(attempts)
        log.warning("e-mail %s not delivered (attempt %s): %s", row.pk, attempts, error)
    OutboxEmail.objects.filter(pk=row.pk).update(
        status=status,
        attempts=attempts,
        next_attempt_at=next_at,
        claimed_until=None,
        last_error=error,
    )
    result.failed += 1


def prune(*, older_than: datetime.timedelta) -> int:
    """Delete sent rows older than ``older_than`` (they hold e-mail addresses); the count."""
    cutoff = timezone.now() - older_than
    deleted, _ = OutboxEmail.objects.filter(
        status=OutboxEmail.Status.SENT, sent_at__lt=cutoff
    ).delete()
    return deleted
