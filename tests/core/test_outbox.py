"""The e-mail outbox (core/outbox.py) against real mail servers on 127.0.0.1.

A working SMTP server (aiosmtpd), a port where nothing listens and a server that
accepts connections and never answers. The tests marked ``committed`` commit for
real (transactional database), so delivery happens on commit as in production.
"""

from __future__ import annotations

import datetime
import io
import time

import pytest
from django.core.mail.backends.base import BaseEmailBackend
from django.core.management import CommandError, call_command
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from core import outbox
from core.models import OutboxEmail
from reception import services
from reception.models import FollowUpReport, ReportStatus
from tests.factories.reporting import YEAR, draft, period_of, submitted
from tests.mailservers import free_port, silent_server, smtp_server, use_smtp

committed = pytest.mark.django_db(transaction=True, serialized_rollback=True)


def _submit_over_http(client, report) -> int:
    response = client.post(
        reverse("reception:report_submit", kwargs={"pk": report.pk}), {"version": report.version}
    )
    return response.status_code


def _draft(county, municipality_a, reporter_a):
    return draft(municipality_a, period_of(county, YEAR, 1), reporter_a, anvisade=2)


@committed
def test_a_receipt_reaches_a_real_smtp_server_after_commit(
    settings, county, municipality_a, reporter_a, reporter_a_client
):
    with smtp_server() as server:
        use_smtp(settings, server.port)
        report = _draft(county, municipality_a, reporter_a)
        assert _submit_over_http(reporter_a_client, report) == 302
    assert FollowUpReport.objects.get().status == ReportStatus.SUBMITTED
    assert [m["to"] for m in server.messages] == [[reporter_a.email]]
    row = OutboxEmail.objects.get()
    assert (row.status, row.attempts) == (OutboxEmail.Status.SENT, 1)
    assert row.subject == server.messages[0]["subject"]


@committed
def test_a_mail_server_that_is_down_does_not_stop_a_submission_and_gets_it_later(
    settings, county, municipality_a, reporter_a, reporter_a_client
):
    port = free_port()  # nothing listens: connection refused
    use_smtp(settings, port)
    report = _draft(county, municipality_a, reporter_a)
    before = timezone.now()
    assert _submit_over_http(reporter_a_client, report) == 302
    assert FollowUpReport.objects.get().status == ReportStatus.SUBMITTED
    row = OutboxEmail.objects.get()
    assert (row.status, row.attempts) == (OutboxEmail.Status.PENDING, 1)
    assert row.next_attempt_at >= before + outbox.BASE_DELAY
    assert "Connection refused" in row.last_error or "Errno" in row.last_error

    with smtp_server(port) as server:
        call_command("deliver_outbox", stdout=io.StringIO())
        assert server.messages == []  # not yet due: the backoff is respected
        OutboxEmail.objects.update(next_attempt_at=timezone.now())  # a minute has passed
        out = io.StringIO()
        call_command("deliver_outbox", stdout=out)
    assert [m["to"] for m in server.messages] == [[reporter_a.email]]
    assert OutboxEmail.objects.get().status == OutboxEmail.Status.SENT
    assert "E-mails sent: 1" in out.getvalue()


@committed
def test_a_silent_mail_server_holds_a_submission_no_longer_than_the_timeout(
    settings, county, municipality_a, reporter_a, reporter_a_client
):
    with silent_server() as port:
        use_smtp(settings, port, timeout=2)
        report = _draft(county, municipality_a, reporter_a)
        started = time.monotonic()
        assert _submit_over_http(reporter_a_client, report) == 302
        elapsed = time.monotonic() - started
    assert elapsed < settings.EMAIL_TIMEOUT + 5
    assert FollowUpReport.objects.get().status == ReportStatus.SUBMITTED
    row = OutboxEmail.objects.get()
    assert (row.status, row.attempts) == (OutboxEmail.Status.PENDING, 1)
    assert "timed out" in row.last_error.lower()
    assert row.claimed_until is None  # given back for the retry


@committed
def test_after_a_failure_the_next_requests_leave_delivery_to_the_worker(
    settings, county, municipality_a, reporter_a, staff_client
):
    with silent_server() as port:
        # 3 s: an approve that waited for the server would take that long; one that did
        # not is far quicker even on a loaded machine (1.3 s seen with timeout=1).
        use_smtp(settings, port, timeout=3)
        report = submitted(municipality_a, period_of(county, YEAR, 1), reporter_a, anvisade=1)
        receipt, to_staff = OutboxEmail.objects.order_by("pk")
        assert receipt.attempts == 1  # the receipt waited for the timeout
        assert to_staff.attempts == 0  # the staff's notice was left to the worker at once
        started = time.monotonic()
        response = staff_client.post(
            reverse("reception:report_approve", kwargs={"pk": report.pk}),
            {"version": report.version},
        )
        elapsed = time.monotonic() - started
    assert response.status_code == 302
    assert FollowUpReport.objects.get().status == ReportStatus.APPROVED
    approval = OutboxEmail.objects.latest("pk")
    assert approval.attempts == 0  # not tried in the request: the worker sends it
    assert elapsed < settings.EMAIL_TIMEOUT


@committed
def test_with_delivery_left_to_the_worker_no_request_talks_to_the_mail_server(
    settings, county, municipality_a, reporter_a, reporter_a_client
):
    settings.OUTBOX_DELIVER_ON_COMMIT = False
    with silent_server() as port:
        use_smtp(settings, port, timeout=5)
        report = _draft(county, municipality_a, reporter_a)
        assert _submit_over_http(reporter_a_client, report) == 302
    row = OutboxEmail.objects.get()
    assert (row.status, row.attempts) == (OutboxEmail.Status.PENDING, 0)
    with smtp_server() as server:
        use_smtp(settings, server.port)
        call_command("deliver_outbox", stdout=io.StringIO())
    assert [m["to"] for m in server.messages] == [[reporter_a.email]]


@committed
def test_a_change_that_rolls_back_mails_nothing(
    settings, county, municipality_a, reporter_a, staff
):
    with smtp_server() as server:
        use_smtp(settings, server.port)
        report = submitted(municipality_a, period_of(county, YEAR, 1), reporter_a, anvisade=1)
        assert len(server.messages) == 2  # the receipt, the county staff's notice
        with pytest.raises(RuntimeError), transaction.atomic():
            services.report_approve(report=report, user=staff, version=report.version)
            raise RuntimeError("the request failed after the service")
    assert len(server.messages) == 2
    assert OutboxEmail.objects.count() == 2
    assert FollowUpReport.objects.get().status == ReportStatus.SUBMITTED


class TransactionWatchingBackend(BaseEmailBackend):
    """Records whether a transaction (and so any row lock) was open while sending."""

    seen: list[bool] = []

    def send_messages(self, messages):
        TransactionWatchingBackend.seen.append(transaction.get_connection().in_atomic_block)
        return len(messages)


@committed
def test_no_transaction_or_row_lock_is_open_while_an_email_is_sent(
    settings, county, municipality_a, reporter_a, staff
):
    settings.EMAIL_BACKEND = f"{__name__}.TransactionWatchingBackend"
    TransactionWatchingBackend.seen = []
    report = submitted(municipality_a, period_of(county, YEAR, 1), reporter_a, anvisade=1)
    services.report_approve(report=report, user=staff, version=report.version)
    # The receipt, the county staff's notice of the report, the approval.
    assert TransactionWatchingBackend.seen == [False, False, False]
    assert set(OutboxEmail.objects.values_list("status", flat=True)) == {"sent"}


# --- the outbox's own rules (test database, no mail server needed) ---------------


def _row(**fields) -> OutboxEmail:
    values = {"subject": "Ämne", "body": "Text", "to": ["a@example.se"]}
    values.update(fields)
    return OutboxEmail.objects.create(next_attempt_at=timezone.now(), **values)


class RefusingBackend(BaseEmailBackend):
    def send_messages(self, messages):
        raise ConnectionRefusedError(111, "Connection refused")


def test_backoff_doubles_from_a_minute_and_stops_at_six_hours():
    minute = datetime.timedelta(minutes=1)
    assert [outbox.backoff(n) for n in (1, 2, 3, 4)] == [minute, 2 * minute, 4 * minute, 8 * minute]
    assert outbox.backoff(30) == datetime.timedelta(hours=6)


@pytest.mark.django_db
def test_an_email_is_given_up_after_the_last_attempt(settings):
    settings.EMAIL_BACKEND = f"{__name__}.RefusingBackend"
    row = _row(attempts=outbox.MAX_ATTEMPTS - 1)
    result = outbox.deliver()
    row.refresh_from_db()
    assert (result.failed, result.given_up) == (1, 1)
    assert (row.status, row.attempts) == (OutboxEmail.Status.FAILED, outbox.MAX_ATTEMPTS)
    assert outbox.deliver().failed == 0  # never tried again


@pytest.mark.django_db
def test_an_email_claimed_by_another_sender_is_not_sent_twice(mailoutbox):
    row = _row(claimed_until=timezone.now() + datetime.timedelta(minutes=5))
    assert outbox.deliver().sent == 0
    assert mailoutbox == []
    # The other sender died: when its claim runs out the e-mail goes.
    OutboxEmail.objects.filter(pk=row.pk).update(
        claimed_until=timezone.now() - datetime.timedelta(seconds=1)
    )
    assert outbox.deliver().sent == 1
    assert [m.to for m in mailoutbox] == [["a@example.se"]]


@pytest.mark.django_db
def test_a_sent_email_is_not_sent_again_and_old_ones_are_pruned(mailoutbox):
    _row()
    assert outbox.deliver().sent == 1
    assert outbox.deliver().sent == 0
    assert len(mailoutbox) == 1
    OutboxEmail.objects.update(sent_at=timezone.now() - datetime.timedelta(days=31))
    call_command("deliver_outbox", "--keep-days", "30", stdout=io.StringIO())
    assert not OutboxEmail.objects.exists()


@pytest.mark.django_db
def test_an_email_without_recipients_is_not_recorded():
    assert outbox.enqueue(subject="Ämne", body="Text", to=["", ""]) is None
    assert not OutboxEmail.objects.exists()


@pytest.mark.django_db
def test_outbox_writes_do_not_change_the_data_version():
    from core import dataversion

    before = dataversion.current()
    _row()
    outbox.deliver()
    assert dataversion.current() == before


@pytest.mark.parametrize(
    ("option", "value", "message"),
    [
        ("--interval", "0", "--interval must be between"),
        ("--interval", "99999", "--interval must be between"),
        ("--keep-days", "0", "--keep-days must be between"),
    ],
)
def test_the_worker_refuses_nonsense_options_with_a_clear_message(option, value, message):
    with pytest.raises(CommandError, match=message):
        call_command("deliver_outbox", option, value, stdout=io.StringIO())
