"""Weak passwords are refused wherever a password is chosen: invitation, reset, change."""

from __future__ import annotations

import datetime
import re

import pytest
from django.contrib.auth.password_validation import validate_password
from django.contrib.auth.tokens import default_token_generator
from django.core import mail
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode

from accounts.demo import DEMO_PASSWORD
from accounts.models import Invitation, User
from accounts.tokens import invitation_tokens
from tests.factories.accounts import PASSWORD

pytestmark = pytest.mark.django_db

WEAK = ["aaaaaaaaaaaa", "Sommar2026!!", "abcabcabcabc", "Lansstyrelsen-99", "Integrationsportalen!"]


@pytest.mark.parametrize("password", WEAK)
def test_weak_passwords_are_refused_by_the_validators(password, reporter_a):
    with pytest.raises(ValidationError):
        validate_password(password, reporter_a)


def test_the_users_municipality_is_refused_in_a_password(reporter_a):
    with pytest.raises(ValidationError) as caught:
        validate_password("Sodertalje-hemligt-9", reporter_a)
    assert "sodertalje" in " ".join(caught.value.messages)


def test_next_year_is_refused_too(reporter_a):
    from core import clock

    with pytest.raises(ValidationError):
        validate_password(f"Blomma-gran-{clock.today().year + 1}", reporter_a)


@pytest.mark.parametrize("password", [DEMO_PASSWORD, PASSWORD, "korv-segel-lampa-9"])
def test_good_passwords_pass_including_the_demo_one(password, reporter_a):
    validate_password(password, reporter_a)


def _invited(email: str = "ny@kommun.example") -> User:
    """A reporter invited the way staff invite one: an account and a pending invitation."""
    user = User.objects.create_user(email, None, role=User.Role.REPORTER)
    now = timezone.now()
    Invitation.objects.create(
        user=user, nonce="test", sent_at=now, expires_at=now + datetime.timedelta(days=7)
    )
    return user


def _set_password_page(client, user, route: str) -> str:
    uid = urlsafe_base64_encode(force_bytes(user.pk))
    tokens = invitation_tokens if route == "accounts:invite_accept" else default_token_generator
    token = tokens.make_token(user)
    response = client.get(reverse(route, kwargs={"uidb64": uid, "token": token}), follow=True)
    return response.redirect_chain[-1][0]


@pytest.mark.parametrize("route", ["accounts:invite_accept", "accounts:password_reset_confirm"])
@pytest.mark.parametrize("password", ["aaaaaaaaaaaa", "Sommar2026!!"])
def test_weak_password_is_refused_on_invitation_accept_and_reset(client, route, password):
    user = _invited()
    form_url = _set_password_page(client, user, route)
    response = client.post(form_url, {"new_password1": password, "new_password2": password})
    assert response.status_code == 200
    assert 'id="error-summary"' in response.content.decode()
    user.refresh_from_db()
    assert not user.has_usable_password()


@pytest.mark.parametrize("password", ["aaaaaaaaaaaa", "Sommar2026!!"])
def test_weak_password_is_refused_on_password_change(client, staff, password):
    client.force_login(staff)
    response = client.post(
        reverse("accounts:password_change"),
        {"old_password": PASSWORD, "new_password1": password, "new_password2": password},
    )
    assert response.status_code == 200
    staff.refresh_from_db()
    assert staff.check_password(PASSWORD)


def test_the_set_password_page_explains_the_rules(client):
    user = _invited()
    page = client.get(_set_password_page(client, user, "accounts:invite_accept")).content
    assert re.search(r"årstider, årtal eller din kommuns namn", page.decode())
    assert mail.outbox == []
