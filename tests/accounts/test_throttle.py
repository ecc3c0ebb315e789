"""Throttles: password spraying across accounts, reset and invitation mails.

The counters live in Django's cache (the real one of the test settings; emptied
between tests). Each test lowers a limit so that it is reached in a few requests.
"""

from __future__ import annotations

import pytest
from django.core import mail
from django.test import Client
from django.urls import reverse

from accounts.models import User
from tests.factories.accounts import PASSWORD, client_for, make_user

pytestmark = pytest.mark.django_db

LOGIN = "/konto/logga-in/"
RESET = reverse("accounts:password_reset")
INVITE = reverse("accounts:invite")


@pytest.fixture
def low_limits(settings):
    settings.PORTAL_THROTTLES = {**settings.PORTAL_THROTTLES} | {
        "signin_failures_per_address": (5, 900),
        "password_reset_per_address": (3, 3600),
        "password_reset_per_email": (2, 3600),
        "invitations_per_address": (2, 3600),
        "invitations_per_email": (1, 3600),
    }


def test_password_spraying_from_one_address_is_stopped_across_accounts(client, staff, low_limits):
    victims = [make_user(f"user{n}@kommun.example") for n in range(5)]
    for victim in victims:  # one guess per account: under django-axes' per-account limit
        response = client.post(
            LOGIN, {"username": victim.email, "password": "Sommar2026!!"}, REMOTE_ADDR="203.0.113.9"
        )
        assert response.status_code == 200
    stopped = client.post(
        LOGIN, {"username": staff.email, "password": PASSWORD}, REMOTE_ADDR="203.0.113.9"
    )
    assert stopped.status_code == 429
    assert "För många försök" in stopped.content.decode()
    assert "_auth_user_id" not in client.session
    # Someone at another address is not affected.
    other = Client().post(
        LOGIN, {"username": staff.email, "password": PASSWORD}, REMOTE_ADDR="198.51.100.7"
    )
    assert other.status_code == 302


def test_successful_sign_ins_do_not_count_towards_the_spraying_limit(client, staff, low_limits):
    for _ in range(8):
        response = Client().post(
            LOGIN, {"username": staff.email, "password": PASSWORD}, REMOTE_ADDR="203.0.113.9"
        )
        assert response.status_code == 302


def test_password_reset_is_throttled_per_address(client, reporter_a, low_limits):
    for _ in range(3):
        assert client.post(RESET, {"email": reporter_a.email}).status_code == 302
    stopped = client.post(RESET, {"email": "someone.else@kommun.example"})
    assert stopped.status_code == 429
    assert "För många försök på kort tid" in stopped.content.decode()
    assert len(mail.outbox) == 2  # the per-recipient limit held the third one back


def test_password_reset_mails_one_recipient_at_most_the_limit(reporter_a, low_limits):
    for n in range(4):  # from four addresses: only the recipient's limit applies
        response = Client().post(RESET, {"email": reporter_a.email}, REMOTE_ADDR=f"203.0.113.{n}")
        # The same answer either way: nothing tells whether a link went out.
        assert response.status_code == 302
        assert response["Location"] == reverse("accounts:password_reset_done")
    assert len(mail.outbox) == 2


def _invite(client, municipality, email: str):
    return client.post(
        INVITE,
        {
            "email": email,
            "first_name": "Nora",
            "last_name": "Ny",
            "title": "",
            "municipalities": [municipality.pk],
        },
    )


def test_invitations_are_throttled_per_address(staff, municipality_a, low_limits):
    client = client_for(staff)
    assert _invite(client, municipality_a, "a@kommun.example").status_code == 302
    assert _invite(client, municipality_a, "b@kommun.example").status_code == 302
    stopped = _invite(client, municipality_a, "c@kommun.example")
    assert stopped.status_code == 429
    assert "För många försök på kort tid" in stopped.content.decode()
    assert not User.objects.filter(email="c@kommun.example").exists()
    assert len(mail.outbox) == 2


def test_invitations_to_one_recipient_are_throttled(staff, municipality_a, low_limits):
    assert _invite(client_for(staff), municipality_a, "a@kommun.example").status_code == 302
    User.objects.filter(email="a@kommun.example").delete()  # removed, then invited again
    other_client = client_for(staff)
    stopped = other_client.post(
        INVITE,
        {
            "email": "a@kommun.example",
            "first_name": "Nora",
            "last_name": "Ny",
            "title": "",
            "municipalities": [municipality_a.pk],
        },
        REMOTE_ADDR="198.51.100.7",
    )
    assert stopped.status_code == 429
    assert not User.objects.filter(email="a@kommun.example").exists()
    assert len(mail.outbox) == 1
