"""Every page and export a signed-in persona gets is ``Cache-Control: private, no-store``;
public pages to anonymous visitors keep their caching."""

from __future__ import annotations

import pytest
from django.urls import reverse

from tests.factories.accounts import PASSWORD, client_for
from tests.harness import walker
from tests.harness.registry import build_world, get_pages

pytestmark = pytest.mark.django_db


@pytest.fixture
def world(personas) -> dict:
    return build_world(personas)


def _private(response) -> bool:
    value = response.get("Cache-Control", "")
    return "private" in value and "no-store" in value


@pytest.mark.parametrize("persona", ["staff", "reporter_a", "admin"])
def test_every_page_and_export_of_a_signed_in_persona_is_private_no_store(persona, world):
    client = client_for(world[persona])
    pages = get_pages(persona)
    assert len(pages) > 10
    public = []
    for route in pages:
        response = walker.request(client, route, world)
        assert response.status_code == 200, walker.url_for(route, world)
        if not _private(response):
            public.append(f"{walker.url_for(route, world)}: {response.get('Cache-Control')}")
    assert not public, public


def test_exports_are_private_no_store(staff_client):
    response = staff_client.get(reverse("agreements:export_csv"))
    assert response.status_code == 200
    assert "attachment" in response["Content-Disposition"]
    assert _private(response)


def test_public_pages_to_anonymous_visitors_are_not_marked_private(client):
    for name in ("contacts:home", "contacts:contact", "contacts:accessibility"):
        response = client.get(reverse(name))
        assert response.status_code == 200
        assert "no-store" not in response.get("Cache-Control", ""), name


def test_the_sign_in_answer_that_sets_the_session_cookie_is_private(client, staff):
    response = client.post(
        reverse("accounts:login"), {"username": staff.email, "password": PASSWORD}
    )
    assert response.status_code == 302 and response.cookies["sessionid"].value
    assert _private(response)
