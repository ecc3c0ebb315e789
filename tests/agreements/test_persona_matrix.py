"""Every agreements URL × every persona, from the route table (tests/agreements/routes.py)."""

from __future__ import annotations

import pytest
from django.urls import reverse

from tests.agreements import routes
from tests.factories.accounts import client_for
from tests.harness.routes import LOGIN, PERSONAS

pytestmark = pytest.mark.django_db

CASES = [(route, persona) for route in routes.ROUTES for persona in PERSONAS]


@pytest.fixture
def world(personas, municipality_a, municipality_b, municipality_c) -> dict:
    world = dict(personas)
    routes.build_world(world)
    return world


@pytest.mark.parametrize(("route", "persona"), CASES, ids=[f"{r.name}-{p}" for r, p in CASES])
def test_route_answers_each_persona_as_the_table_says(route, persona, world):
    url = reverse(route.name, kwargs=route.url_kwargs(world)) + route.query
    client = client_for(world[persona])
    if route.method == "POST":
        response = client.post(url, route.data(world) if route.data else {})
    else:
        response = client.get(url)
    expected = route.expect[persona]
    if expected == LOGIN:
        assert response.status_code == 302
        assert reverse("accounts:login") in response["Location"]
    else:
        assert response.status_code == expected, (route.name, persona)


def test_get_on_the_status_change_is_not_allowed(world):
    url = reverse("agreements:status", kwargs={"pk": world["agreement"].pk})
    assert client_for(world["staff"]).get(url).status_code == 405


def test_every_agreements_url_pattern_has_a_route():
    from agreements.urls import urlpatterns

    names = {f"agreements:{p.name}" for p in urlpatterns}
    assert names == {r.name for r in routes.ROUTES}
