"""Two staff members deactivate the same account at the same moment (or one person
double-clicks): one wins, the other is told, and the history has one entry.

Needs real row locks, so it runs on PostgreSQL (``DATABASE_URL``); SQLite serialises
whole transactions and has nothing to race.
"""

from __future__ import annotations

import threading

import pytest
from django.db import connection, connections
from django.test import RequestFactory

from accounts import services
from accounts.models import AccountEvent, Invitation
from core.locking import StaleVersion

pytestmark = [
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
    pytest.mark.skipif(connection.vendor != "postgresql", reason="row locks: PostgreSQL"),
]


def _race(action, count: int = 2) -> list[object]:
    barrier = threading.Barrier(count)
    results: list[object] = []

    def run():
        try:
            barrier.wait()
            results.append(action())
        except Exception as exc:  # noqa: BLE001 - the loser's error is the result
            results.append(exc)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run) for _ in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return results


def test_two_deactivations_at_once_have_one_winner(staff, reporter_a):
    request = RequestFactory().post("/")
    version = reporter_a.version
    results = _race(
        lambda: services.account_deactivate(
            request=request, user_id=reporter_a.pk, version=version, by=staff, reason="Slutat"
        )
    )
    assert sum(isinstance(r, StaleVersion) for r in results) == 1
    assert AccountEvent.objects.filter(kind=AccountEvent.Kind.DEACTIVATED).count() == 1
    reporter_a.refresh_from_db()
    assert not reporter_a.is_active and reporter_a.version == version + 1


def test_resend_and_revoke_at_once_have_one_winner(staff, reporter_a):
    import datetime

    from django.utils import timezone

    now = timezone.now()
    invitation = Invitation.objects.create(
        user=reporter_a,
        invited_by=staff,
        nonce="x",
        sent_at=now,
        expires_at=now + datetime.timedelta(days=7),
    )
    request = RequestFactory().post("/", HTTP_HOST="testserver")
    actions = iter(
        [
            lambda: services.invitation_resend(
                request=request, invitation_id=invitation.pk, version=1, by=staff
            ),
            lambda: services.invitation_revoke(
                request=request, invitation_id=invitation.pk, version=1, by=staff
            ),
        ]
    )
    lock = threading.Lock()

    def next_action():
        with lock:
            action = next(actions)
        return action()

    results = _race(next_action)
    assert sum(isinstance(r, StaleVersion) for r in results) == 1
    invitation.refresh_from_db()
    assert invitation.version == 2
    assert AccountEvent.objects.filter(account=reporter_a).count() == 1
