"""The data version: one number that changes whenever the portal's data changes.

Database triggers on every table of the portal's apps (``APPS``) raise a counter in
:class:`core.models.DataVersion`
in the same transaction as the write, so a reader that sees the new version also
sees the new data. Caches keyed by the version (``core.pagecache``)
are never stale, whatever wrote the data: a view, a service, a bulk insert, a
``QuerySet.update()``, the admin or SQL typed by hand.

PostgreSQL: one statement-level trigger per table; the counter row belongs to the
connection (``pg_backend_pid()``), so two transactions never lock the same row and
writes are never serialised or deadlocked by it. SQLite (one writer at a time):
row-level triggers on one row.

The triggers are (re)installed after every ``migrate`` (``post_migrate``), so a
table added by a later migration gets its trigger without anyone remembering to.
"""

from __future__ import annotations

import threading

from django.apps import apps as global_apps
from django.db import connection as default_connection

from .models import DataVersion

#: Apps whose tables carry the trigger.
APPS = ("core", "accounts", "agreements", "reception", "activities", "contacts")
TRIGGER = "portal_data_version"
FUNCTION = "portal_bump_data_version"


def _table() -> str:
    return DataVersion._meta.db_table


def data_tables(app_registry=global_apps) -> list[str]:
    """Every table of the portal's apps (many-to-many tables included), but the counter's."""
    counter = _table()
    tables: set[str] = set()
    for label in APPS:
        try:
            config = app_registry.get_app_config(label)
        except LookupError:
            continue
        for model in config.get_models(include_auto_created=True):
            if model._meta.managed and not model._meta.proxy:
                tables.add(model._meta.db_table)
    tables.discard(counter)
    return sorted(tables)


def install_triggers(connection=default_connection, app_registry=global_apps) -> int:
    """Create (or replace) the trigger on every data table; the number of tables."""
    tables = data_tables(app_registry)
    existing = set(connection.introspection.table_names())
    tables = [t for t in tables if t in existing]
    counter = connection.ops.quote_name(_table())
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            install_function(connection)
            for table in tables:
                cursor.execute(
                    f"CREATE OR REPLACE TRIGGER {TRIGGER} "
                    f"AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE "
                    f"ON {connection.ops.quote_name(table)} "
                    f"FOR EACH STATEMENT EXECUTE FUNCTION {FUNCTION}()"
                )
        elif connection.vendor == "sqlite":
            # Triggers of a renamed table keep their old names: drop every one of ours
            # first, so none counts twice and none outlives its table's old name.
            cursor.execute(
                "SELECT name FROM sqlite_master WHERE type = 'trigger' AND name LIKE %s",
                [f"{TRIGGER}_%"],
            )
            for (name,) in cursor.fetchall():
                cursor.execute(f'DROP TRIGGER IF EXISTS "{name}"')
            for table in tables:
                for event in ("INSERT", "UPDATE", "DELETE"):
                    name = f"{TRIGGER}_{table}_{event.lower()}"
                    cursor.execute(f'DROP TRIGGER IF EXISTS "{name}"')
                    cursor.execute(
                        f'CREATE TRIGGER "{name}" AFTER {event} '
                        f"ON {connection.ops.quote_name(table)} FOR EACH ROW BEGIN "
                        # The row is back after a flush (TRUNCATE-like DELETE) too.
                        f"INSERT OR IGNORE INTO {counter} (connection, counter) VALUES (0, 0); "
                        f"UPDATE {counter} SET counter = counter + 1 WHERE connection = 0; END"
                    )
        else:  # pragma: no cover - the portal runs on PostgreSQL or SQLite only
            raise NotImplementedError(connection.vendor)
    return len(tables)


def install_function(connection=default_connection) -> None:
    """PostgreSQL: (re)create the trigger function for the counter table's current name.

    A migration that renames the counter table calls this at once, so writes in the
    rest of that ``migrate`` already raise the renamed counter.
    """
    if connection.vendor != "postgresql":
        return
    counter = connection.ops.quote_name(_table())
    with connection.cursor() as cursor:
        cursor.execute(
            f"""
            CREATE OR REPLACE FUNCTION {FUNCTION}() RETURNS trigger AS $$
            BEGIN
              INSERT INTO {counter} (connection, counter) VALUES (pg_backend_pid(), 1)
              ON CONFLICT (connection) DO UPDATE SET counter = {counter}.counter + 1;
              RETURN NULL;
            END
            $$ LANGUAGE plpgsql
            """
        )


def tables_with_trigger(connection=default_connection) -> set[str]:
    """The tables that carry the trigger (for the tests and the deploy check)."""
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(
                "SELECT c.relname FROM pg_trigger t JOIN pg_class c ON c.oid = t.tgrelid "
                "WHERE t.tgname = %s",
                [TRIGGER],
            )
            return {row[0] for row in cursor.fetchall()}
        cursor.execute(
            "SELECT tbl_name FROM sqlite_master WHERE type = 'trigger' AND name LIKE %s",
            [f"{TRIGGER}_%"],
        )
        return {row[0] for row in cursor.fetchall()}


def current(connection=default_connection) -> int:
    """The data version now (one small query)."""
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT COALESCE(SUM(counter), 0) FROM {connection.ops.quote_name(_table())}"
        )
        return int(cursor.fetchone()[0])


_request = threading.local()


def request_started(**kwargs) -> None:
    _request.active, _request.version = True, None


def request_finished(**kwargs) -> None:
    _request.active, _request.version = False, None


def in_request() -> bool:
    return getattr(_request, "active", False)


def for_this_request() -> int:
    """The data version read once per request, at its first use (outside a request: now).

    The first read is the earliest, so what the request renders is at least as new
    as the version it is filed under (the sign-in user cache and the page cache).
    """
    if not getattr(_request, "active", False):
        return current()
    if _request.version is None:
        _request.version = current()
    return _request.version


def on_post_migrate(sender, app_config=None, using="default", apps=global_apps, **kwargs):
    """``post_migrate`` handler: install the triggers once per migrate (on core's signal)."""
    from django.db import connections

    if app_config is None or app_config.label != "core":
        return
    install_triggers(connections[using])
