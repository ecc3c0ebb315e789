"""Data versions: numbers that change whenever the portal's data changes, per county.

Database triggers on every table of the portal's apps (``APPS``) raise counters in
:class:`core.models.DataVersion` in the same transaction as the write, so a reader
that sees a new version also sees the new data. Caches keyed by the versions
(``core.pagecache``, the sign-in user cache) are never stale, whatever wrote the data:
a view, a service, a bulk insert, a ``QuerySet.update()``, the admin or SQL by hand.

Scopes (what a version covers):

- ``c<county code>``: the rows that belong to one county. A table's rows belong to the
  counties its foreign keys lead to (a figure → its report → its municipality → the
  county), found from the models (:func:`county_paths`);
- ``g``: reference data every page may show: counties, municipalities, categories,
  topics, languages, users — and any row whose county cannot be told (a safe default);
- ``all``: raised by every write (the safe default of a cached page that names no scopes;
  the open-data pages follow ``g``: they show published versions, rows of no county);
- ``<scope>.<app>`` (e.g. ``c01.contacts``): the part of a scope written through one app's
  tables (:func:`group_scope`), raised beside the scope itself. A page that shows only one
  app's rows of a county (the public contact page: ``contacts``) follows that group, so a
  report draft saved in the county leaves it cached;
- ``m<municipality code>`` (e.g. ``m1480``): the rows of a model that declares
  ``data_version_municipality`` (the foreign keys to its municipality, e.g.
  ``("report", "municipality")``): a municipality's own reports, their figures and history.
  They raise their county's version and their municipality's, nothing else;
- ``c<code>.shared``: every other row of the county (periods, quotas, agreements,
  activities...). A page about one municipality (its follow-up page, its reporter's form
  and inbox) shows reference data, the county's shared rows and that municipality's own
  rows: it follows ``g``, ``c<code>.shared`` and ``m<code>`` (:func:`municipality_scopes`),
  so a draft saved by another municipality of the county leaves it cached.

A county page is cached under ``g`` and its county's version (:func:`token`), so a
draft saved in Skåne leaves Västra Götaland's pages cached. Bookkeeping writes raise
nothing: signing in (``last_login``, ``EXEMPT_COLUMNS``), sessions and sign-in attempts
(not the portal's apps), and any model marked ``data_version_exempt = True``.

Counters never grow with the uptime: a counter row is (scope, slot) with at most
``SLOTS`` slots. On PostgreSQL a writing transaction first claims a free slot with a
transaction-level advisory try-lock, so two transactions never update the same row
(no waits, no deadlocks on the counters) and the read is a sum over at most ``SLOTS``
rows per scope, by the primary key's index. SQLite has one writer: slot 0.

The triggers are (re)installed after every ``migrate`` (``post_migrate``), so a table
added by a later migration gets its trigger without anyone remembering to.
"""

from __future__ import annotations

import hashlib
import threading
from collections.abc import Iterable

from django.apps import apps as global_apps
from django.conf import settings
from django.db import connection as default_connection

from .models import County, DataVersion, Municipality

#: Apps whose tables carry the trigger.
APPS = (
    "core",
    "accounts",
    "agreements",
    "reception",
    "activities",
    "surveys",
    "contacts",
    "overview",
)
#: Columns whose change is bookkeeping, not data: an UPDATE setting only these raises nothing.
EXEMPT_COLUMNS = {"accounts_user": ("last_login",)}
#: Apps whose tables are reference data (scope ``g``) whatever their foreign keys say.
GLOBAL_APPS = ("accounts",)
GLOBAL = "g"
ALL = "all"
#: Counter rows per scope (PostgreSQL): more writing transactions at once than this wait.
SLOTS = 32
#: First key of the advisory locks that hand out the slots ("PDV1").
LOCK_KEY = 0x50445631
PREFIX = "portal_dv"
#: The old design's names (one global counter), dropped when the new triggers go in.
OLD_TRIGGER = "portal_data_version"
OLD_FUNCTION = "portal_bump_data_version"
BUMP = f"{PREFIX}_bump"
#: PostgreSQL: the scopes this transaction has raised since it last read a version (a
#: transaction-local setting). Raising a scope once per transaction is enough for every
#: other reader (they see the commit, or nothing); raising it again after this
#: transaction read it keeps its own pages honest. So a transaction of 7 000 writes (the
#: demo data) updates each counter row once, not 7 000 times (bench/README.md, round 5).
BUMPED = "portal.dv_bumped"
GLOBAL_FUNCTION = f"{PREFIX}_global"


def county_scope(code: str) -> str:
    """The scope of the county with this code (``c14``: Västra Götaland)."""
    return f"c{code}"


def municipality_scope(code: str) -> str:
    """The scope of one municipality's own rows (``m1480``: Göteborg)."""
    return f"m{code}"


#: The group of a county's rows that belong to no one municipality (``c14.shared``).
SHARED = "shared"


def group_scope(scope: str, app_label: str) -> str:
    """The part of ``scope`` written through the tables of one app (``c01.contacts``)."""
    return f"{scope}.{app_label}"


#: The apps whose group some page follows (``core.pagecache``): read with a user's own
#: scopes, so a cached page costs one version query whichever it follows.
PAGE_GROUPS = ("agreements", "contacts", SHARED)


def municipality_scopes(county_code: str, municipality_codes: Iterable[str]) -> tuple[str, ...]:
    """The scopes of a page about municipalities of one county: reference data, the
    county's shared rows and the municipalities' own."""
    return (
        GLOBAL,
        group_scope(county_scope(county_code), SHARED),
        *(municipality_scope(c) for c in sorted(set(municipality_codes))),
    )


def with_groups(scopes) -> tuple[str, ...]:
    """``scopes`` and the page groups of each county among them."""
    return (
        *scopes,
        *(group_scope(s, app) for s in scopes if s.startswith("c") for app in PAGE_GROUPS),
    )


#: Migrations a backwards ``migrate`` refuses to undo (see ``on_pre_migrate``).
NOT_REVERSIBLE = {
    ("core", "0002_own_table_names"),
    ("core", "0001_counties_municipalities_data_version"),
}


def _table() -> str:
    return DataVersion._meta.db_table


# --- which rows belong to which county ------------------------------------------------


def _foreign_keys(model):
    user_model = settings.AUTH_USER_MODEL.lower()
    for field in model._meta.concrete_fields:
        if not (field.many_to_one or field.one_to_one) or field.related_model is None:
            continue
        related = field.related_model
        if related is model or related._meta.label_lower == user_model:
            continue  # a user's county says nothing about the row (who wrote it)
        yield field


def _shortest_path(model, depth: int = 0) -> list | None:
    if model is County:
        return []
    if depth > 4:
        return None
    best = None
    for field in _foreign_keys(model):
        rest = _shortest_path(field.related_model, depth + 1)
        if rest is not None and (best is None or len(rest) + 1 < len(best)):
            best = [field, *rest]
    return best


def county_paths(model) -> list[list]:
    """Chains of foreign keys from ``model`` to County; empty: the table is reference data."""
    if model in (County, Municipality) or model._meta.app_label in GLOBAL_APPS:
        return []
    paths = []
    for field in _foreign_keys(model):
        rest = _shortest_path(field.related_model, 1)
        if rest is not None:
            paths.append([field, *rest])
    return paths


def municipality_path(model) -> list | None:
    """The foreign keys from ``model`` to its municipality, if its rows are that
    municipality's own (``data_version_municipality``; a history model follows the model
    it keeps the history of)."""
    names = getattr(model, "data_version_municipality", None)
    if names is None:
        names = getattr(getattr(model, "instance_type", None), "data_version_municipality", None)
    if names is None:
        return None
    path, current = [], model
    for name in names:
        field = current._meta.get_field(name)
        path.append(field)
        current = field.related_model
    assert current is Municipality, (model, names)
    return path


def _municipality_sql(path: list, alias: str, quote) -> str:
    """The scope of the municipality a row leads to along ``path`` (``g`` if none)."""
    value = _chain_sql(path, alias, quote)
    municipality = Municipality._meta
    code = municipality.get_field("code").column
    value = (
        f"(SELECT dvm.{quote(code)} FROM {quote(municipality.db_table)} dvm "
        f"WHERE dvm.{quote(municipality.pk.column)} = {value})"
    )
    return f"COALESCE('m' || {value}, '{GLOBAL}')"


def _chain_sql(path: list, alias: str, quote) -> str:
    """The id of the last foreign key's target along ``path``, as an SQL expression."""
    value = f"{alias}.{quote(path[0].column)}"
    for step, field in enumerate(path[1:], start=1):
        table = field.model._meta.db_table
        key = path[step - 1].target_field.column
        t = f"dv{step}"
        value = (
            f"(SELECT {t}.{quote(field.column)} FROM {quote(table)} {t} "
            f"WHERE {t}.{quote(key)} = {value})"
        )
    return value


def _path_sql(path: list, alias: str, quote) -> str:
    """The county id a row (``alias``) leads to along ``path``, as an SQL expression."""
    value = _chain_sql(path, alias, quote)
    county = County._meta
    code = county.get_field("code").column
    value = (
        f"(SELECT dvc.{quote(code)} FROM {quote(county.db_table)} dvc "
        f"WHERE dvc.{quote(county.pk.column)} = {value})"
    )
    return f"COALESCE('c' || {value}, '{GLOBAL}')"


def _models_by_table(app_registry) -> dict:
    models = {}
    for label in APPS:
        try:
            config = app_registry.get_app_config(label)
        except LookupError:
            continue
        for model in config.get_models(include_auto_created=True):
            if getattr(model, "data_version_exempt", False):
                continue  # e.g. the e-mail outbox: delivering mail changes no page
            if model._meta.managed and not model._meta.proxy:
                if getattr(model, "data_version_exempt", False):
                    continue
                models[model._meta.db_table] = model
    models.pop(_table(), None)
    return models


def data_tables(app_registry=global_apps) -> list[str]:
    """Every table of the portal's apps (many-to-many tables included), but the counter's."""
    return sorted(_models_by_table(app_registry))


# --- installing the triggers ------------------------------------------------------------


def _new_layout(connection) -> bool:
    """The counter table has (scope, slot, counter): not a database of an older release."""
    table = _table()
    if table not in connection.introspection.table_names():
        return False
    with connection.cursor() as cursor:
        columns = {c.name for c in connection.introspection.get_table_description(cursor, table)}
    return {"scope", "slot", "counter"} <= columns


def install_triggers(connection=default_connection, app_registry=global_apps) -> int:
    """Create (or replace) the triggers on every data table; the number of tables."""
    if _table() not in connection.introspection.table_names():
        # The schema was migrated back past the counter: a trigger must never point at a
        # missing table, or every write would fail.
        drop_triggers(connection)
        return 0
    if not _new_layout(connection):
        return 0
    models = _models_by_table(app_registry)
    existing = set(connection.introspection.table_names())
    tables = {t: m for t, m in models.items() if t in existing}
    drop_triggers(connection)
    if connection.vendor == "postgresql":
        _install_postgresql(connection, tables)
    elif connection.vendor == "sqlite":
        _install_sqlite(connection, tables)
    else:  # pragma: no cover - the portal runs on PostgreSQL or SQLite only
        raise NotImplementedError(connection.vendor)
    return len(tables)


def _update_of(connection, table: str, model) -> str:
    exempt = EXEMPT_COLUMNS.get(table)
    if not exempt:
        return ""
    columns = [f.column for f in model._meta.concrete_fields if f.column not in exempt]
    return " OF " + ", ".join(connection.ops.quote_name(c) for c in columns)


def install_functions(connection=default_connection) -> None:
    """PostgreSQL: the slot-claiming bump and the reference-data trigger function."""
    counter = connection.ops.quote_name(_table())
    with connection.cursor() as cursor:
        cursor.execute(
            f"""
            CREATE OR REPLACE FUNCTION {BUMP}(scopes text[]) RETURNS void AS $$
            DECLARE s integer; done text; fresh text[];
            BEGIN
              done := coalesce(current_setting('{BUMPED}', true), '');
              fresh := ARRAY(
                SELECT DISTINCT x FROM unnest(scopes) x
                WHERE done = '' OR NOT (x = ANY (string_to_array(done, ',')))
              );
              IF cardinality(fresh) = 0 THEN RETURN; END IF;
              FOR i IN 0..{SLOTS - 1} LOOP
                IF pg_try_advisory_xact_lock({LOCK_KEY}, i) THEN s := i; EXIT; END IF;
              END LOOP;
              IF s IS NULL THEN
                s := pg_backend_pid() % {SLOTS};
                PERFORM pg_advisory_xact_lock({LOCK_KEY}, s);
              END IF;
              INSERT INTO {counter} (scope, slot, counter)
                SELECT unnest(fresh), s, 1
              ON CONFLICT (scope, slot) DO UPDATE SET counter = {counter}.counter + 1;
              PERFORM set_config(
                '{BUMPED}',
                CASE WHEN done = '' THEN '' ELSE done || ',' END || array_to_string(fresh, ','),
                true
              );
            END
            $$ LANGUAGE plpgsql
            """
        )
        cursor.execute(
            f"""
            CREATE OR REPLACE FUNCTION {GLOBAL_FUNCTION}() RETURNS trigger AS $$
            BEGIN
              PERFORM {BUMP}(ARRAY['{GLOBAL}', '{ALL}']);
              RETURN NULL;
            END
            $$ LANGUAGE plpgsql
            """
        )


def _install_postgresql(connection, tables: dict) -> None:
    q = connection.ops.quote_name
    install_functions(connection)
    with connection.cursor() as cursor:
        for table, model in tables.items():
            paths = county_paths(model)
            target = q(table)
            if not paths:
                cursor.execute(
                    f"CREATE TRIGGER {PREFIX}_write AFTER INSERT OR DELETE OR TRUNCATE "
                    f"ON {target} FOR EACH STATEMENT EXECUTE FUNCTION {GLOBAL_FUNCTION}()"
                )
                cursor.execute(
                    f"CREATE TRIGGER {PREFIX}_update AFTER UPDATE"
                    f"{_update_of(connection, table, model)} ON {target} "
                    f"FOR EACH STATEMENT EXECUTE FUNCTION {GLOBAL_FUNCTION}()"
                )
                continue
            if table in EXEMPT_COLUMNS:  # pragma: no cover - no such table yet
                raise NotImplementedError(f"{table}: exempt columns on a county table")

            def rows(name: str, paths: list = paths) -> str:
                return " UNION ".join(
                    f"SELECT {_path_sql(path, 'r', q)} FROM {name} r" for path in paths
                )

            app = model._meta.app_label
            own = municipality_path(model)
            if own is None:  # the county's shared rows
                extra = f" || ARRAY(SELECT s || '.{SHARED}' FROM unnest(scopes) s)"
                extra_insert = extra_update = extra_delete = extra
            else:  # a municipality's own rows

                def owners(name: str, own: list = own) -> str:
                    return f"SELECT {_municipality_sql(own, 'r', q)} FROM {name} r"

                extra_insert = f" || ARRAY({owners('new_rows')})"
                extra_update = f" || ARRAY({owners('new_rows')} UNION {owners('old_rows')})"
                extra_delete = f" || ARRAY({owners('old_rows')})"
            function = f"{PREFIX}_t_{table}"[:63]
            cursor.execute(
                f"""
                CREATE OR REPLACE FUNCTION {q(function)}() RETURNS trigger AS $$
                DECLARE scopes text[]; extra text[];
                BEGIN
                  IF TG_OP = 'INSERT' THEN
                    scopes := ARRAY({rows("new_rows")});
                  ELSIF TG_OP = 'UPDATE' THEN
                    scopes := ARRAY({rows("new_rows")} UNION {rows("old_rows")});
                  ELSE
                    scopes := ARRAY({rows("old_rows")});
                  END IF;
                  IF cardinality(scopes) > 0 THEN
                    IF TG_OP = 'INSERT' THEN
                      extra := ARRAY[]::text[]{extra_insert};
                    ELSIF TG_OP = 'UPDATE' THEN
                      extra := ARRAY[]::text[]{extra_update};
                    ELSE
                      extra := ARRAY[]::text[]{extra_delete};
                    END IF;
                    scopes := scopes || ARRAY(SELECT s || '.{app}' FROM unnest(scopes) s) || extra;
                    PERFORM {BUMP}(scopes || '{ALL}'::text);
                  END IF;
                  RETURN NULL;
                END
                $$ LANGUAGE plpgsql
                """
            )
            for event, referencing in (
                ("insert", "NEW TABLE AS new_rows"),
                ("update", "OLD TABLE AS old_rows NEW TABLE AS new_rows"),
                ("delete", "OLD TABLE AS old_rows"),
            ):
                cursor.execute(
                    f"CREATE TRIGGER {PREFIX}_{event} AFTER {event.upper()} ON {target} "
                    f"REFERENCING {referencing} FOR EACH STATEMENT "
                    f"EXECUTE FUNCTION {q(function)}()"
                )
            cursor.execute(
                f"CREATE TRIGGER {PREFIX}_truncate AFTER TRUNCATE ON {target} "
                f"FOR EACH STATEMENT EXECUTE FUNCTION {GLOBAL_FUNCTION}()"
            )


def _install_sqlite(connection, tables: dict) -> None:
    q = connection.ops.quote_name
    counter = q(_table())

    def bump(expr: str) -> str:
        return (
            f"INSERT INTO {counter} (scope, slot, counter) VALUES ({expr}, 0, 1) "
            "ON CONFLICT (scope, slot) DO UPDATE SET counter = counter + 1; "
        )

    with connection.cursor() as cursor:
        for table, model in tables.items():
            paths = county_paths(model)
            for event in ("INSERT", "UPDATE", "DELETE"):
                rows = {"INSERT": ["NEW"], "UPDATE": ["NEW", "OLD"], "DELETE": ["OLD"]}[event]
                if paths:
                    counties = [_path_sql(p, alias, q) for alias in rows for p in paths]
                    app = model._meta.app_label
                    exprs = [*counties, *(f"({e}) || '.{app}'" for e in counties)]
                    own = municipality_path(model)
                    if own is None:  # the county's shared rows
                        exprs += [f"({e}) || '.{SHARED}'" for e in counties]
                    else:  # a municipality's own rows
                        exprs += [_municipality_sql(own, alias, q) for alias in rows]
                else:
                    exprs = [f"'{GLOBAL}'"]
                body = "".join(bump(e) for e in dict.fromkeys(exprs)) + bump(f"'{ALL}'")
                of = _update_of(connection, table, model) if event == "UPDATE" else ""
                cursor.execute(
                    f'CREATE TRIGGER "{PREFIX}_{table}_{event.lower()}" AFTER {event}{of} '
                    f"ON {q(table)} FOR EACH ROW BEGIN {body}END"
                )


def drop_triggers(connection=default_connection) -> None:
    """Every trigger and function of ours, old design's included (before reinstalling)."""
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(
                "SELECT t.tgname, c.relname FROM pg_trigger t JOIN pg_class c "
                "ON c.oid = t.tgrelid WHERE t.tgname = %s OR t.tgname LIKE %s",
                [OLD_TRIGGER, f"{PREFIX}\\_%"],
            )
            for name, table in cursor.fetchall():
                q = connection.ops.quote_name
                cursor.execute(f"DROP TRIGGER IF EXISTS {q(name)} ON {q(table)}")
            cursor.execute(
                "SELECT p.proname FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace "
                "WHERE n.nspname = current_schema() AND p.proname LIKE %s",
                [f"{PREFIX}\\_t\\_%"],
            )
            for (name,) in cursor.fetchall():
                cursor.execute(f"DROP FUNCTION IF EXISTS {connection.ops.quote_name(name)}()")
            cursor.execute(f"DROP FUNCTION IF EXISTS {OLD_FUNCTION}()")
        elif connection.vendor == "sqlite":
            cursor.execute(
                "SELECT name FROM sqlite_master WHERE type = 'trigger' "
                "AND (name LIKE %s OR name LIKE %s)",
                [f"{OLD_TRIGGER}_%", f"{PREFIX}_%"],
            )
            for (name,) in cursor.fetchall():
                cursor.execute(f'DROP TRIGGER IF EXISTS "{name}"')


def install_function(connection=default_connection) -> None:
    """The old design's trigger function (one counter per connection), for migration
    ``core.0002`` only: it renames the old counter table while the old triggers are in
    place. ``core.0003`` drops them; ``post_migrate`` installs the per-county ones."""
    if connection.vendor != "postgresql" or _new_layout(connection):
        return
    counter = connection.ops.quote_name(_table())
    with connection.cursor() as cursor:
        cursor.execute(
            f"""
            CREATE OR REPLACE FUNCTION {OLD_FUNCTION}() RETURNS trigger AS $$
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
                "WHERE t.tgname LIKE %s",
                [f"{PREFIX}\\_%"],
            )
            return {row[0] for row in cursor.fetchall()}
        cursor.execute(
            "SELECT tbl_name FROM sqlite_master WHERE type = 'trigger' AND name LIKE %s",
            [f"{PREFIX}_%"],
        )
        return {row[0] for row in cursor.fetchall()}


# --- reading -----------------------------------------------------------------------------


def read(scopes: Iterable[str], connection=default_connection) -> dict[str, int]:
    """The versions of ``scopes`` now (one query; at most ``SLOTS`` rows per scope)."""
    wanted = sorted(set(scopes))
    if not wanted:
        return {}
    marks = ", ".join(["%s"] * len(wanted))
    # PostgreSQL: reading forgets what this transaction has raised (``BUMPED``), so a
    # later write in it raises the scopes again. A scope this transaction raised has a
    # row, so the setting is cleared whenever it matters.
    seen = f", MIN(set_config('{BUMPED}', '', true))" if connection.vendor == "postgresql" else ""
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT scope, SUM(counter){seen} FROM {connection.ops.quote_name(_table())} "
            f"WHERE scope IN ({marks}) GROUP BY scope",
            wanted,
        )
        found = {row[0]: int(row[1]) for row in cursor.fetchall()}
    return {scope: found.get(scope, 0) for scope in wanted}


def current(scope: str = ALL, connection=default_connection) -> int:
    """One scope's version now (default: ``all``, raised by every write)."""
    return read([scope], connection)[scope]


#: How far ``jump()`` moves the data version: more than any database writes between two
#: restores, so no version a cache has seen comes round again.
JUMP = 10**12


def jump(connection=default_connection) -> None:
    """Move every scope's version past every value it had (after a restore from backup).

    Adds ``JUMP`` to slot 0 of every scope a page can be keyed on (``all``, ``g``, each
    county's with its groups and each municipality's): the sum over the slots, which is
    the version, grows by ``JUMP``, so no version a cache has seen comes round again.
    """
    table = connection.ops.quote_name(_table())
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT DISTINCT scope FROM {table}")
        scopes = {row[0] for row in cursor.fetchall()}
        scopes |= {ALL, GLOBAL}
        counties = {county_scope(code) for code in County.objects.values_list("code", flat=True)}
        scopes |= set(with_groups(sorted(counties)))
        scopes |= {
            municipality_scope(code) for code in Municipality.objects.values_list("code", flat=True)
        }
        for scope in sorted(scopes):
            cursor.execute(
                f"UPDATE {table} SET counter = counter + %s WHERE scope = %s AND slot = 0",
                [JUMP, scope],
            )
            if cursor.rowcount == 0:
                cursor.execute(
                    f"INSERT INTO {table} (scope, slot, counter) VALUES (%s, 0, %s)",
                    [scope, JUMP],
                )


_request = threading.local()


def request_started(**kwargs) -> None:
    _request.active, _request.versions = True, {}


def request_finished(**kwargs) -> None:
    _request.active, _request.versions = False, {}


def in_request() -> bool:
    return getattr(_request, "active", False)


def for_this_request(*scopes: str) -> dict[str, int]:
    """The versions of ``scopes``, each read once per request at its first use.

    The first read is the earliest, so what the request renders is at least as new as
    the versions it is filed under. Scopes asked for together are read in one query;
    ``prefetch`` lets the sign-in step ask for the page's scopes with its own.
    """
    scopes = scopes or (ALL,)
    if not in_request():
        return read(scopes)
    known = _request.versions
    missing = [s for s in scopes if s not in known]
    if missing:
        known.update(read(missing))
    return {s: known[s] for s in scopes}


def prefetch(*scopes: str) -> None:
    """Read these scopes now with any others still missing in this request (one query)."""
    if in_request():
        for_this_request(*scopes)


def token(*scopes: str) -> str:
    """The versions of ``scopes`` as one short string for a cache key."""
    versions = for_this_request(*sorted(set(scopes or (ALL,))))
    text = ".".join(f"{s}={v}" for s, v in versions.items())
    if len(text) > 120:  # a reporter of many municipalities: a key stays short
        text = "h" + hashlib.sha256(text.encode()).hexdigest()[:40]
    return text


def on_pre_migrate(sender, app_config=None, using="default", plan=None, **kwargs):
    """``pre_migrate`` handler: before a migrate that goes backwards, drop the triggers.

    Unapplying migrations renames and drops tables, the counter's too; a trigger left
    pointing at a renamed or dropped counter would fail every later write (in the
    reverse migrations' own data steps as well). ``post_migrate`` puts them back for
    the schema reached, if the counter exists in it.
    """
    from django.db import connections

    if app_config is None or app_config.label != "core":
        return
    backwards = [(m.app_label, m.name) for m, back in (plan or []) if back]
    if NOT_REVERSIBLE & set(backwards):
        from django.core.management.base import CommandError

        raise CommandError(
            "Migrating back past core.0002_own_table_names (the move of the tables to "
            "their new apps) is not supported: later migrations of other apps undo "
            "themselves against the new table names. Restore the backup taken before "
            "the upgrade instead (README, 'Backup and restore')."
        )
    if backwards:
        drop_triggers(connections[using])


def on_post_migrate(sender, app_config=None, using="default", apps=global_apps, **kwargs):
    """``post_migrate`` handler: install the triggers once per migrate (on core's signal)."""
    from django.db import connections

    if app_config is None or app_config.label != "core":
        return
    install_triggers(connections[using])
