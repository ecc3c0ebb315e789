"""Sessions end when idle (staff 30 min, reporters 60 min) and 12 hours after sign-in.

Real sessions: the test signs in, then moves the session's own clocks back (what
passing time does), and asks for a page.
"""

from __future__ import annotations

import pytest
from django.urls import reverse

from accounts import mfa
from accounts.sessions import SEEN, STARTED
from tests.factories.accounts import PASSWORD
from tests.factories.mfa import give_app, sign_in_with_code

pytestmark = pytest.mark.django_db

HOME = reverse("accounts:home")


def _sign_in(client, user, page: str = HOME):
    """Through the sign-in pages (password, and the app's code where it is required)."""
    if mfa.required_for(user):
        give_app(user)
    response = sign_in_with_code(client, user)
    assert response.status_code == 302
    assert client.get(page).status_code == 200


def _age(client, *, idle: int = 0, since_sign_in: int = 0) -> None:
    session = client.session
    session[SEEN] -= idle
    session[STARTED] -= since_sign_in
    session.save()


def _signed_out(response) -> bool:
    return response.status_code == 302 and response["Location"].startswith(
        reverse("accounts:login")
    )


def test_staff_idle_for_31_minutes_is_signed_out_with_a_message(client, staff):
    _sign_in(client, staff)
    _age(client, idle=31 * 60)
    response = client.get(HOME)
    assert _signed_out(response)
    assert "next=" in response["Location"]
    page = client.get(response["Location"]).content.decode()
    assert "Du har loggats ut efter 30 minuter utan aktivitet" in page
    assert "_auth_user_id" not in client.session


def test_staff_idle_for_29_minutes_stays_signed_in(client, staff):
    _sign_in(client, staff)
    _age(client, idle=29 * 60)
    assert client.get(HOME).status_code == 200
    # The page counts as activity: the idle clock starts again.
    _age(client, idle=29 * 60)
    assert client.get(HOME).status_code == 200


def test_reporter_idle_for_45_minutes_stays_signed_in_but_not_61(client, reporter_a):
    inbox = reverse("reception:inbox")  # where reporters work
    _sign_in(client, reporter_a, inbox)
    _age(client, idle=45 * 60)
    assert client.get(inbox).status_code == 200
    _age(client, idle=61 * 60)
    assert _signed_out(client.get(inbox))


def test_an_active_session_ends_12_hours_after_sign_in(client, staff):
    _sign_in(client, staff)
    _age(client, since_sign_in=12 * 3600 + 1)
    response = client.get(HOME)
    assert _signed_out(response)
    assert "länge sedan du loggade in" in client.get(response["Location"]).content.decode()


def test_the_idle_limit_is_configurable(client, staff, settings):
    settings.PORTAL_STAFF_IDLE_MINUTES = 5
    _sign_in(client, staff)
    _age(client, idle=6 * 60)
    assert _signed_out(client.get(HOME))


def test_the_session_cookie_lives_no_longer_than_the_absolute_lifetime(client, staff, settings):
    assert settings.SESSION_COOKIE_AGE == 12 * 3600
    response = client.post(
        reverse("accounts:login"), {"username": staff.email, "password": PASSWORD}
    )
    assert response.cookies["sessionid"]["max-age"] == 12 * 3600
