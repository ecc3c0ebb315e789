"""Rehearse the README's backup and restore runbook on PostgreSQL, end to end.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/ip_backup_rehearsal \
        python scripts/backup_restore_rehearsal.py [--existing] [--keep]

1. the database of DATABASE_URL is migrated and filled with the demo data
   (``seed_demo --force``; ``--existing``: back up the database as it is);
2. ``pg_dump -Fc`` backs it up, as the runbook says;
3. ``pg_restore`` restores it into a new database (``<name>_restored``);
4. every table's row count must be the same in both;
5. ``manage.py after_restore`` runs on the restored database;
6. gunicorn serves the portal from the restored database: ``/healthz`` and the contact
   page answer 200, and the contact page shows a contact read from the restored rows.

Prints the counts and ``backup/restore rehearsal: OK``; exits 1 on any difference. The
restored database is dropped at the end unless ``--keep``.
"""

from __future__ import annotations

import argparse
import html
import os
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

ROOT = Path(__file__).resolve().parent.parent


def _env(url: str) -> dict[str, str]:
    env = {**os.environ, "DATABASE_URL": url, "DEBUG": "true"}
    env.pop("DJANGO_SETTINGS_MODULE", None)
    return env


def manage(url: str, *args: str) -> str:
    result = subprocess.run(
        [sys.executable, "manage.py", *args],
        env=_env(url),
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=1200,
        check=False,
    )
    if result.returncode != 0:
        sys.exit(f"manage.py {' '.join(args)} failed:\n{result.stdout}{result.stderr}")
    return result.stdout


def with_name(url: str, name: str) -> str:
    parts = urlsplit(url)
    return urlunsplit(parts._replace(path=f"/{name}"))


def connect(url: str):
    import psycopg2

    return psycopg2.connect(url)


def row_counts(url: str) -> dict[str, int]:
    connection = connect(url)
    try:
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT tablename FROM pg_tables WHERE schemaname = 'public' ORDER BY tablename"
            )
            tables = [row[0] for row in cursor.fetchall()]
            counts = {}
            for table in tables:
                cursor.execute(f'SELECT COUNT(*) FROM "{table}"')
                counts[table] = cursor.fetchone()[0]
            return counts
    finally:
        connection.close()


def admin(url: str, statement: str) -> None:
    connection = connect(with_name(url, "postgres"))
    connection.autocommit = True
    try:
        with connection.cursor() as cursor:
            cursor.execute(statement)
    finally:
        connection.close()


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def get(url: str) -> tuple[int, str]:
    with urllib.request.urlopen(url, timeout=30) as response:  # noqa: S310 - our own server
        return response.status, response.read().decode("utf-8")


def serve_and_check(url: str) -> None:
    """Start gunicorn on the restored database and read two pages from it."""
    connection = connect(url)
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT name FROM contacts_contact WHERE published ORDER BY id LIMIT 1")
            row = cursor.fetchone()
    finally:
        connection.close()
    port = free_port()
    server = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "gunicorn",
            "integration_portal.wsgi:application",
            "--bind",
            f"127.0.0.1:{port}",
            "--workers",
            "1",
        ],
        env=_env(url),
        cwd=ROOT,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                status, _ = get(f"http://127.0.0.1:{port}/healthz")
                break
            except OSError:
                if time.monotonic() > deadline or server.poll() is not None:
                    sys.exit("the portal did not start on the restored database")
                time.sleep(0.5)
        assert status == 200, f"/healthz answered {status}"
        status, page = get(f"http://127.0.0.1:{port}/kontakt/")
        assert status == 200, f"/kontakt/ answered {status}"
        if row is not None:
            assert html.escape(row[0]) in page, f"the contact page does not show {row[0]!r}"
        print(f"served from the restored database: /healthz 200, /kontakt/ 200 ({row[0]!r})")
    finally:
        server.terminate()
        server.wait(timeout=30)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--existing", action="store_true", help="back up the database as it is")
    parser.add_argument("--keep", action="store_true", help="keep the restored database")
    options = parser.parse_args()
    source = os.environ.get("DATABASE_URL", "")
    if not source.startswith(("postgres://", "postgresql://")):
        sys.exit("DATABASE_URL must be a PostgreSQL database (the runbook uses pg_dump).")
    name = urlsplit(source).path.lstrip("/")
    restored_name = f"{name}_restored"
    restored = with_name(source, restored_name)

    if not options.existing:
        manage(source, "migrate", "-v0")
        manage(source, "seed_demo", "--force")
    with tempfile.TemporaryDirectory() as scratch:
        dump = Path(scratch) / "portal.dump"
        # The runbook's commands, as written in README ("Backup and restore").
        subprocess.run(["pg_dump", "-Fc", "--no-owner", "-f", str(dump), source], check=True)
        print(f"pg_dump -Fc: {dump.stat().st_size} bytes")
        admin(source, f'DROP DATABASE IF EXISTS "{restored_name}" WITH (FORCE)')
        admin(source, f'CREATE DATABASE "{restored_name}"')
        try:
            subprocess.run(
                ["pg_restore", "--no-owner", "--exit-on-error", "-d", restored, str(dump)],
                check=True,
            )
            before, after = row_counts(source), row_counts(restored)
            for table in sorted(before):
                print(f"{table} {before[table]} {after.get(table)}")
            different = {t: (n, after.get(t)) for t, n in before.items() if after.get(t) != n}
            if different or set(after) != set(before):
                sys.exit(f"row counts differ after the restore: {different}")
            print(f"row counts equal in {len(before)} tables, {sum(before.values())} rows")
            print(manage(restored, "after_restore").strip())
            serve_and_check(restored)
        finally:
            if not options.keep:
                admin(source, f'DROP DATABASE IF EXISTS "{restored_name}" WITH (FORCE)')
    print("backup/restore rehearsal: OK")


if __name__ == "__main__":
    main()
