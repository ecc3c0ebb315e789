"""A database migrated from the last release before the redesign keeps every row.

Runs scripts/migration_rehearsal.py in a subprocess against a database of its own: a
SQLite file always, and a throw-away PostgreSQL database when the suite runs on
PostgreSQL (CI). The script fills every table the move touches through the old
schema's models, migrates and compares the row counts table by table.
"""

from __future__ import annotations

import os
import subprocess
import sys
import uuid
from pathlib import Path

import dj_database_url
import pytest
from django.conf import settings

ROOT = Path(__file__).resolve().parents[2]
SCRIPT = ROOT / "scripts" / "migration_rehearsal.py"


def rehearse(database_url: str) -> subprocess.CompletedProcess:
    env = {**os.environ, "DATABASE_URL": database_url, "DEBUG": "true"}
    env.pop("DJANGO_SETTINGS_MODULE", None)
    return subprocess.run(
        [sys.executable, str(SCRIPT)],
        env=env,
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )


def test_migrating_a_populated_sqlite_database_keeps_every_row(tmp_path):
    result = rehearse(f"sqlite:///{tmp_path / 'rehearsal.sqlite3'}")
    assert result.returncode == 0, result.stdout + result.stderr
    assert "rehearsal: OK" in result.stdout
    assert "reception_activity " in result.stdout and "activities_activity " in result.stdout


@pytest.mark.skipif(
    settings.DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3",
    reason="the suite runs on SQLite; CI runs it on PostgreSQL too",
)
def test_migrating_a_populated_postgresql_database_keeps_every_row():
    import psycopg2

    config = dict(settings.DATABASES["default"])
    name = f"ip_rehearsal_{uuid.uuid4().hex[:8]}"
    admin = psycopg2.connect(
        host=config["HOST"] or "127.0.0.1",
        port=config["PORT"] or 5432,
        user=config["USER"],
        password=config["PASSWORD"] or None,
        dbname="postgres",
    )
    admin.autocommit = True
    with admin.cursor() as cursor:
        cursor.execute(f'CREATE DATABASE "{name}"')
    try:
        url = dj_database_url.parse(os.environ["DATABASE_URL"])
        target = (
            f"postgres://{url['USER']}:{url['PASSWORD'] or ''}@{url['HOST'] or '127.0.0.1'}:"
            f"{url['PORT'] or 5432}/{name}"
        )
        result = rehearse(target)
        assert result.returncode == 0, result.stdout + result.stderr
        assert "rehearsal: OK" in result.stdout
    finally:
        with admin.cursor() as cursor:
            cursor.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        admin.close()
