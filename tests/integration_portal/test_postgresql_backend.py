"""The PostgreSQL backend checks a reused connection's health only after it idled."""

from __future__ import annotations

import pytest
from django.db import connection as default_connection
from django.db import connections
from django.test.utils import CaptureQueriesContext

from integration_portal.postgresql import base

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(default_connection.vendor != "postgresql", reason="the PostgreSQL backend"),
]


def _health_checks(monkeypatch, idle_seconds: float) -> int:
    """SELECT 1 sent by Django's health check for a connection idle this long."""
    connection = connections["default"]
    checks = []
    real = connection.is_usable

    def counted():
        checks.append(1)
        return real()

    monkeypatch.setattr(connection, "is_usable", counted)
    monkeypatch.setattr(connection, "health_check_enabled", True, raising=False)
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
    connection.health_check_done = False  # as at the start of a request
    connection._last_cursor_at -= idle_seconds
    with CaptureQueriesContext(connection):
        with connection.cursor() as cursor:
            cursor.execute("SELECT 2")
    return len(checks)


def test_the_settings_use_the_portals_backend():
    connection = connections["default"]
    assert isinstance(connection, base.DatabaseWrapper)
    assert connection.settings_dict["CONN_HEALTH_CHECKS"] is True


def test_a_connection_used_a_moment_ago_is_not_checked_again(monkeypatch):
    assert _health_checks(monkeypatch, idle_seconds=0) == 0


def test_a_connection_idle_longer_is_checked_before_reuse(monkeypatch):
    assert _health_checks(monkeypatch, idle_seconds=base.HEALTH_CHECK_AFTER_IDLE + 1) == 1
