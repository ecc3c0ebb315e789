"""GETs never write: every GET route of the route tables, as every persona, plain and
with the furthest year a page accepts (``?ar=`` / ``?year=``), leaves every table's row
count and the data version (raised by any INSERT, UPDATE or DELETE of the portal's
tables, ``core/dataversion.py``) as they were.

Sessions are left out: Django may save a session on any request (a language switch,
messages), which is not the portal's data.
"""

from __future__ import annotations

import pytest
from django.apps import apps
from django.db import connection

from core import dataversion, years
from tests.factories.accounts import client_for

from . import walker
from .registry import all_routes
from .routes import PERSONAS

GET_ROUTES = [r for r in all_routes() if r.method == "GET"]
NOT_PORTAL_DATA = {"django_session"}


def row_counts() -> dict[str, int]:
    tables = sorted(
        {
            model._meta.db_table
            for model in apps.get_models(include_auto_created=True)
            if model._meta.managed and not model._meta.proxy
        }
        - NOT_PORTAL_DATA
    )
    with connection.cursor() as cursor:
        cursor.execute(
            " UNION ALL ".join(
                f"SELECT '{t}', COUNT(*) FROM {connection.ops.quote_name(t)}" for t in tables
            )
        )
        return dict(cursor.fetchall())


def _queries(route, persona: str) -> list[str]:
    """Plain for everyone; with the furthest year too where the persona sees the page."""
    if route.query or route.expect[persona] != 200:
        return [route.query]
    far = years.last_year()
    return ["", f"?ar={far}&year={far}"]


def _with_query(url: str, query: str) -> str:
    return url + (query.replace("?", "&", 1) if "?" in url and query else query)


def _changed(before: dict[str, int], after: dict[str, int]) -> dict[str, tuple[int, int]]:
    return {t: (n, after[t]) for t, n in before.items() if after[t] != n}


@pytest.mark.django_db
def test_no_get_route_changes_a_row(world):
    """One world for every route (building it per route costs minutes): each write found
    is reported with its URL and persona, then the walk goes on from the new state."""
    clients = {persona: client_for(world[persona]) for persona in PERSONAS}
    counts, version = row_counts(), dataversion.current()
    writes = []
    for route in GET_ROUTES:
        base = walker.url_for(route, world).removesuffix(route.query)
        for persona, client in clients.items():
            for query in _queries(route, persona):
                url = _with_query(base, query)
                client.get(url)
                now, now_version = row_counts(), dataversion.current()
                if now != counts or now_version != version:
                    writes.append(f"GET {url} as {persona}: {_changed(counts, now) or 'updated'}")
                    counts, version = now, now_version
    assert not writes, "GETs that wrote:\n" + "\n".join(writes)
