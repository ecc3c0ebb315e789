"""The portal's own page when a form's CSRF check fails (issue 15)."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

pytestmark = pytest.mark.django_db
LOGIN = reverse("accounts:login")


def test_a_stale_sign_in_form_gets_the_portals_swedish_page_with_a_way_back():
    client = Client(enforce_csrf_checks=True)
    response = client.post(LOGIN, {"username": "a@b.se", "password": "x"})
    assert response.status_code == 403
    page = response.content.decode()
    assert "Formuläret kunde inte skickas" in page
    assert "Logga in igen." in page
    assert f'href="{LOGIN}"' in page  # reload the form
    assert 'href="/"' in page


def test_after_signing_in_again_in_another_tab_the_page_says_to_reload_the_form(staff):
    """Signing in again elsewhere rotates the CSRF secret: a form opened before is refused."""
    import re

    client = Client(enforce_csrf_checks=True)
    client.force_login(staff)
    form_url = reverse("accounts:password_change")
    page = client.get(form_url).content.decode()
    old_token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1)
    client.cookies["csrftoken"] = "y" * 32  # the other tab's sign-in set a new secret
    response = client.post(form_url, {"csrfmiddlewaretoken": old_token, "old_password": "x"})
    assert response.status_code == 403
    page = response.content.decode()
    assert "loggat in igen i en annan flik" in page
    assert f'href="{form_url}"' in page and "Öppna formuläret igen" in page
    assert "Logga in igen." not in page  # still signed in


def test_a_browser_without_cookies_is_told_to_allow_them():
    client = Client(enforce_csrf_checks=True)
    response = client.post(LOGIN, {"username": "a@b.se"})
    assert "Tillåt kakor" in response.content.decode()


def test_the_csrf_page_is_in_english_for_english_visitors():
    client = Client(enforce_csrf_checks=True)
    client.cookies["django_language"] = "en"
    response = client.post(LOGIN, {"username": "a@b.se"})
    assert "The form could not be sent" in response.content.decode()
