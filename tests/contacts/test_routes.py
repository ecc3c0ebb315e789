"""Walk this app's route table for every persona (the shared walker does the same portal-wide)."""

import pytest
from django.urls import reverse

from tests.factories.accounts import client_for
from tests.harness.routes import LOGIN, PERSONAS

from .routes import ROUTES, build_world

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("route", ROUTES, ids=lambda r: r.name)
def test_route_answers_every_persona_as_the_table_says(route, personas):
    world = dict(personas)
    build_world(world)
    url = reverse(route.name, kwargs=route.url_kwargs(world)) + route.query
    for persona in PERSONAS:
        client = client_for(world[persona])
        data = route.data(world) if route.data else {}
        response = client.post(url, data) if route.method == "POST" else client.get(url)
        expected = route.expect[persona]
        if expected == LOGIN:
            assert response.status_code == 302, persona
            assert response["Location"].startswith(reverse("accounts:login")), persona
        else:
            assert response.status_code == expected, (persona, response.status_code)


def test_every_contacts_url_has_a_route():
    from contacts.urls import urlpatterns

    assert {f"contacts:{p.name}" for p in urlpatterns} == {r.name for r in ROUTES}
