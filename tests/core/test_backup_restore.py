"""The README's backup and restore runbook works (pg_dump -Fc, pg_restore into a new
database, ``manage.py after_restore``), rehearsed by scripts/backup_restore_rehearsal.py
on PostgreSQL; and ``after_restore`` does what the runbook says on any database."""

from __future__ import annotations

import io
import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.contrib.sessions.models import Session
from django.core.cache import cache
from django.core.management import call_command
from django.utils import timezone

from core import dataversion
from core.models import OutboxEmail
from tests.core.scratch_db import on_postgresql, scratch_postgres_url

ROOT = Path(__file__).resolve().parents[2]


@pytest.mark.skipif(not on_postgresql(), reason="pg_dump needs PostgreSQL; CI runs on it")
def test_a_pg_dump_restored_into_a_new_database_has_every_row_and_serves_the_portal():
    with scratch_postgres_url("ip_backup") as url:
        env = {**os.environ, "DATABASE_URL": url, "DEBUG": "true"}
        env.pop("DJANGO_SETTINGS_MODULE", None)
        result = subprocess.run(
            [sys.executable, "scripts/backup_restore_rehearsal.py"],
            env=env,
            cwd=ROOT,
            capture_output=True,
            text=True,
            timeout=1500,
            check=False,
        )
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]
    assert "row counts equal in" in result.stdout
    assert "served from the restored database: /healthz 200, /kontakt/ 200" in result.stdout
    assert "backup/restore rehearsal: OK" in result.stdout
    assert "simple_history" not in result.stderr
    # The history tables came along (dumpdata/loaddata is not the documented way).
    assert "agreements_historicalagreement " in result.stdout


@pytest.mark.django_db
def test_after_restore_clears_the_cache_ends_sessions_holds_old_mail_and_raises_the_version(
    staff_client,
):
    cache.set("a page", "from before the restore")
    assert Session.objects.exists()
    waiting = OutboxEmail.objects.create(
        subject="Kvitto", body="…", to=["a@example.se"], next_attempt_at=timezone.now()
    )
    before = dataversion.current()
    out = io.StringIO()
    call_command("after_restore", stdout=out)
    assert cache.get("a page") is None
    assert not Session.objects.exists()
    waiting.refresh_from_db()
    assert waiting.status == OutboxEmail.Status.FAILED
    assert "restore" in waiting.last_error
    assert dataversion.current() >= before + dataversion.JUMP
    assert "1 waiting e-mails held" in out.getvalue()


@pytest.mark.django_db
def test_after_restore_can_leave_the_waiting_mail_to_be_sent():
    OutboxEmail.objects.create(
        subject="Kvitto", body="…", to=["a@example.se"], next_attempt_at=timezone.now()
    )
    call_command("after_restore", "--send-pending", stdout=io.StringIO())
    assert OutboxEmail.objects.get().status == OutboxEmail.Status.PENDING


def test_the_rehearsal_refuses_a_database_that_is_not_postgresql():
    env = {**os.environ, "DATABASE_URL": "sqlite:///x.sqlite3", "DEBUG": "true"}
    result = subprocess.run(
        [sys.executable, "scripts/backup_restore_rehearsal.py"],
        env=env,
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert result.returncode == 1
    assert "DATABASE_URL must be a PostgreSQL database" in result.stderr
