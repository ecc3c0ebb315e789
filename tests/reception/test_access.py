"""The persona matrix on every reception URL, from tests/reception/routes.py."""

from __future__ import annotations

import pytest
from django.urls import reverse

from reception import urls
from tests.factories.accounts import client_for
from tests.harness.routes import LOGIN, PERSONAS

from .routes import ROUTES, build_world

pytestmark = pytest.mark.django_db

CASES = [(route, persona) for route in ROUTES for persona in PERSONAS]


def test_every_reception_url_has_a_route():
    names = {f"reception:{p.name}" for p in urls.urlpatterns}
    assert names == {r.name for r in ROUTES}


@pytest.mark.parametrize(("route", "persona"), CASES, ids=[f"{r.name}-{p}" for r, p in CASES])
def test_route_answers_as_expected_for_persona(route, persona, personas):
    world = dict(personas)
    build_world(world)
    url = reverse(route.name, kwargs=route.url_kwargs(world)) + route.query
    client = client_for(personas[persona])
    if route.method == "POST":
        response = client.post(url, route.data(world) if route.data else {})
    else:
        response = client.get(url)
    expected = route.expect[persona]
    if expected == LOGIN:
        assert response.status_code == 302
        assert "/konto/logga-in/" in response["Location"]
    else:
        assert response.status_code == expected, response.content.decode()[:2000]


@pytest.mark.parametrize("route", [r for r in ROUTES if r.method == "POST"], ids=lambda r: r.name)
def test_get_on_a_post_only_view_is_405(route, personas):
    world = dict(personas)
    build_world(world)
    url = reverse(route.name, kwargs=route.url_kwargs(world))
    assert client_for(personas["staff"]).get(url).status_code == 405
