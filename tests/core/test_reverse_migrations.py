"""Migrating backwards works where it can, and refuses cleanly where it cannot.

Rolling back a recent migration (the quota decisions) drops the data-version triggers first
and puts them back for the schema reached, so no trigger ever points at a renamed or
missing counter table and writes keep counting. Rolling back past the move of the
tables to their new apps (core.0002) is refused with a one-line message: the reverse
steps of later migrations of other apps need the new table names (on PostgreSQL the
reverse of contacts.0005 fails on ``core_county``; on SQLite it would silently leave a
foreign key to a missing table). Each test migrates a database of its own in a
subprocess: a SQLite file, and a throw-away PostgreSQL database on PostgreSQL (CI).
"""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from tests.core.scratch_db import on_postgresql, scratch_postgres_url

ROOT = Path(__file__).resolve().parents[2]


def manage(url: str, *args: str, ok: bool = True) -> subprocess.CompletedProcess:
    env = {**os.environ, "DATABASE_URL": url, "DEBUG": "true"}
    env.pop("DJANGO_SETTINGS_MODULE", None)
    result = subprocess.run(
        [sys.executable, "manage.py", *args],
        env=env,
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )
    if ok:
        assert result.returncode == 0, result.stdout + result.stderr
    return result


def sql(url: str, statement: str):
    """Run one statement outside Django; the first row (or None)."""
    if url.startswith("sqlite"):
        connection = sqlite3.connect(url.removeprefix("sqlite:///"))
    else:
        import psycopg2

        connection = psycopg2.connect(url)
    try:
        cursor = connection.cursor()
        cursor.execute(statement)
        row = cursor.fetchone() if cursor.description else None
        connection.commit()
        return row
    finally:
        connection.close()


def triggers(url: str) -> int:
    if url.startswith("sqlite"):
        query = "SELECT COUNT(*) FROM sqlite_master WHERE type = 'trigger'"
    else:
        query = "SELECT COUNT(*) FROM pg_trigger WHERE tgname LIKE 'portal\\_dv\\_%'"
    return sql(url, query)[0]


def version(url: str) -> int:
    return sql(url, "SELECT COALESCE(SUM(counter), 0) FROM core_dataversion")[0]


def has_trigger(url: str, table: str) -> bool:
    if url.startswith("sqlite"):
        query = (
            f"SELECT COUNT(*) FROM sqlite_master WHERE type = 'trigger' AND tbl_name = '{table}'"
        )
    else:
        query = (
            "SELECT COUNT(*) FROM pg_trigger t JOIN pg_class c ON c.oid = t.tgrelid "
            f"WHERE t.tgname LIKE 'portal\\_dv\\_%' AND c.relname = '{table}'"
        )
    return sql(url, query)[0] > 0


def rehearse(url: str) -> None:
    manage(url, "migrate", "-v0")
    installed = triggers(url)
    assert installed > 30
    assert has_trigger(url, "agreements_municipalquotadecision")
    # Recent migrations roll back (the English names, the quota decisions: a new table,
    # new columns on the county quota, and reception's official figures that depend on
    # them); the triggers are put back for the schema reached.
    manage(url, "migrate", "agreements", "0009_one_year_rule", "-v0")
    assert not has_trigger(url, "agreements_municipalquotadecision")  # the table is gone
    assert has_trigger(url, "agreements_countyquota")  # rebuilt without the columns
    assert 30 < triggers(url) < installed
    before = version(url)
    sql(url, "UPDATE core_county SET name = name WHERE code = '01'")
    assert version(url) > before
    # Past the move of the tables: refused in one line, nothing undone.
    rolled_back = triggers(url)
    refused = manage(url, "migrate", "core", "zero", ok=False)
    assert refused.returncode == 1
    assert "CommandError: Migrating back past core.0002_own_table_names" in refused.stderr
    assert "Traceback" not in refused.stderr
    assert triggers(url) == rolled_back
    before = version(url)
    sql(url, "UPDATE core_municipality SET name = name WHERE code = '0181'")
    assert version(url) > before
    manage(url, "migrate", "-v0")  # and forward again: every trigger back
    assert triggers(url) == installed
    assert sql(url, "SELECT COUNT(*) FROM core_outboxemail")[0] == 0


def test_rolling_back_works_or_refuses_cleanly_on_sqlite(tmp_path):
    rehearse(f"sqlite:///{tmp_path / 'reverse.sqlite3'}")


@pytest.mark.skipif(not on_postgresql(), reason="the suite runs on SQLite; CI runs on PostgreSQL")
def test_rolling_back_works_or_refuses_cleanly_on_postgresql():
    with scratch_postgres_url("ip_reverse") as url:
        rehearse(url)
