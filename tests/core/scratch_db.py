"""Throw-away PostgreSQL databases for tests that migrate, dump or restore a database
of their own (never the test database)."""

from __future__ import annotations

import os
import uuid
from contextlib import contextmanager

import dj_database_url
from django.conf import settings


def on_postgresql() -> bool:
    return settings.DATABASES["default"]["ENGINE"].endswith("postgresql")


def _admin():
    import psycopg2

    config = settings.DATABASES["default"]
    connection = psycopg2.connect(
        host=config["HOST"] or "127.0.0.1",
        port=config["PORT"] or 5432,
        user=config["USER"],
        password=config["PASSWORD"] or None,
        dbname="postgres",
    )
    connection.autocommit = True
    return connection


def url_for(name: str) -> str:
    url = dj_database_url.parse(os.environ["DATABASE_URL"])
    password = f":{url['PASSWORD']}" if url["PASSWORD"] else ""
    return (
        f"postgres://{url['USER']}{password}@{url['HOST'] or '127.0.0.1'}:"
        f"{url['PORT'] or 5432}/{name}"
    )


@contextmanager
def scratch_postgres_url(prefix: str, *, create: bool = True):
    """The URL of a new, empty database (created unless ``create`` is false); dropped after."""
    name = f"{prefix}_{uuid.uuid4().hex[:8]}"
    admin = _admin()
    try:
        if create:
            with admin.cursor() as cursor:
                cursor.execute(f'CREATE DATABASE "{name}"')
        yield url_for(name)
    finally:
        with admin.cursor() as cursor:
            cursor.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        admin.close()
