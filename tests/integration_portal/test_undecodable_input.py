"""Undecodable input is a 400 with the portal's page, never a 500 (issue 15)."""

from __future__ import annotations

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db
LOGIN = reverse("accounts:login")
OPEN_DATA = reverse("overview:opendata")


def _is_portal_400(response) -> bool:
    page = response.content.decode()
    return (
        response.status_code == 400
        and "Portalen kunde inte läsa det som skickades" in page
        and 'href="/"' in page
    )


@pytest.mark.parametrize(
    "query",
    ["?lan=%00", "?lan=01%00", "?ar=%00", "?lan=%C0%AF", "?lan=%FF", "?q=%ED%A0%80", "?%00=1"],
)
def test_nul_or_bad_utf8_in_the_query_string_is_the_400_page(client, query):
    assert _is_portal_400(client.get(OPEN_DATA + query))


def test_nul_in_a_path_segment_is_the_400_page(client):
    url = reverse("overview:municipality", kwargs={"code": "01\x0081"})
    assert "%00" in url
    assert _is_portal_400(client.get(url))


@pytest.mark.parametrize("charset", ["utf-16", "latin-1", "cp1252", "ebcdic-nonsense", "utf-7"])
def test_a_form_post_in_another_charset_is_the_400_page(client, charset):
    response = client.generic(
        "POST",
        LOGIN,
        b"username=a%40b.se&password=x",
        content_type=f"application/x-www-form-urlencoded; charset={charset}",
    )
    assert _is_portal_400(response)


def test_a_form_post_declaring_utf8_is_read(client):
    response = client.post(
        LOGIN,
        "username=%C3%A5sa%40b.se&password=x",
        content_type="application/x-www-form-urlencoded; charset=UTF-8",
    )
    assert response.status_code == 200


def test_bad_utf8_in_a_form_body_is_the_400_page(client):
    response = client.post(
        LOGIN, "username=%C0%AF&password=x", content_type="application/x-www-form-urlencoded"
    )
    assert _is_portal_400(response)


def test_a_nul_typed_into_a_form_field_is_the_forms_own_message(client):
    response = client.post(LOGIN, {"username": "a\x00b@c.se", "password": "x"})
    assert response.status_code == 200
    assert 'id="error-summary"' in response.content.decode()


def test_djangos_own_400s_use_the_portals_page(client, settings):
    settings.DATA_UPLOAD_MAX_NUMBER_FIELDS = 5
    response = client.post(LOGIN, {f"f{i}": "x" for i in range(10)})
    assert _is_portal_400(response)
