"""Every URL of the portal × every persona answers what the route tables say.

The URL list comes from Django's resolver, not from the tables, so a new URL
without an entry in ``tests/<app>/routes.py`` fails ``test_every_url_has_an_expectation``.
"""

from __future__ import annotations

import pytest

from tests.factories.accounts import client_for

from . import walker
from .registry import all_routes
from .routes import LOGIN, PERSONAS

ROUTES = all_routes()


def _route_id(route) -> str:
    return f"{route.method} {route.name}{route.query}"


def test_every_url_has_an_expectation():
    missing = walker.uncovered()
    assert not missing, (
        "URL patterns without an entry in any tests/<app>/routes.py (add a Route, see "
        f"tests/harness/routes.py): {missing}"
    )


def test_no_expectation_for_a_url_that_no_longer_exists():
    assert not walker.stale(), "Route entries whose URL name does not resolve"


def test_walker_sees_the_portals_urls():
    names = {p.name for p in walker.url_patterns()}
    assert {"accounts:login", "contacts:home", "admin:index", "healthz"} <= names


@pytest.mark.django_db
@pytest.mark.parametrize("persona", PERSONAS)
@pytest.mark.parametrize("route", ROUTES, ids=_route_id)
def test_route_answers_as_the_table_says(route, persona, world):
    client = client_for(world[persona])
    response = walker.request(client, route, world)
    expected = route.expect[persona]
    assert walker.matches(response, expected), (
        f"{route.method} {walker.url_for(route, world)} as {persona}: expected {expected}, "
        f"got {walker.describe(response)}" + (f" ({route.note})" if route.note else "")
    )


def _post_routes_with_an_allowed_persona():
    for route in ROUTES:
        if route.method != "POST" or route.name in walker.GET_ON_POST_EXEMPT:
            continue
        allowed = [p for p in PERSONAS if route.expect[p] not in (403, 404, 405, LOGIN)]
        if allowed:
            yield pytest.param(route, allowed[0], id=f"{route.name}-{allowed[0]}")


@pytest.mark.django_db
@pytest.mark.parametrize(("route", "persona"), list(_post_routes_with_an_allowed_persona()))
def test_get_on_post_only_route_answers_405(route, persona, world):
    client = client_for(world[persona])
    response = walker.request(client, route, world, method="GET")
    assert response.status_code == 405, (
        f"GET {walker.url_for(route, world)} as {persona} answered {walker.describe(response)}"
    )
