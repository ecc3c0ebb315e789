"""The client address behind a reverse proxy: one resolver for django-axes and the log.

Untrusted (the default), ``X-Forwarded-For`` is ignored: a client cannot pick the
address it is throttled or logged under. Behind N trusted proxies, the address the
nearest proxy saw (the N-th entry from the right) counts, whatever a client wrote to
the left of it.
"""

from __future__ import annotations

import logging

import pytest
from django.test import Client, RequestFactory

from accounts.security import client_ip
from tests.factories.accounts import PASSWORD

pytestmark = pytest.mark.django_db

LOGIN = "/konto/logga-in/"
PROXY = "10.0.0.1"


def _request(xff: str | None = None, peer: str = PROXY):
    meta = {"REMOTE_ADDR": peer}
    if xff is not None:
        meta["HTTP_X_FORWARDED_FOR"] = xff
    return RequestFactory().get("/", **meta)


def test_without_trusted_proxies_a_forwarded_header_is_ignored(settings):
    settings.PORTAL_TRUSTED_PROXY_COUNT = 0
    assert client_ip(_request("6.6.6.6", peer="203.0.113.5")) == "203.0.113.5"


def test_behind_one_proxy_the_address_the_proxy_saw_counts(settings):
    settings.PORTAL_TRUSTED_PROXY_COUNT = 1
    assert client_ip(_request("203.0.113.5")) == "203.0.113.5"
    # A client's own header stays to the left of what the proxy appended.
    assert client_ip(_request("6.6.6.6, 203.0.113.5")) == "203.0.113.5"
    assert client_ip(_request("1.1.1.1, 6.6.6.6, 203.0.113.5")) == "203.0.113.5"


def test_behind_two_proxies_the_second_entry_from_the_right_counts(settings):
    settings.PORTAL_TRUSTED_PROXY_COUNT = 2
    assert client_ip(_request("6.6.6.6, 203.0.113.5, 10.0.0.2")) == "203.0.113.5"


def test_a_request_that_bypassed_the_proxy_or_sent_junk_is_its_peer(settings):
    settings.PORTAL_TRUSTED_PROXY_COUNT = 1
    assert client_ip(_request(None, peer="198.51.100.7")) == "198.51.100.7"
    assert client_ip(_request("not-an-address", peer="198.51.100.7")) == "198.51.100.7"


def test_a_request_with_no_address_has_none_and_signs_in_without_error(staff, settings):
    """A request made in code (force_login) has no address: "" (django-axes stores NULL;
    PostgreSQL's inet column refused the old "-")."""
    from axes.models import AccessLog

    settings.PORTAL_TRUSTED_PROXY_COUNT = 0
    request = RequestFactory().get("/")
    del request.META["REMOTE_ADDR"]
    assert client_ip(request) == ""
    assert client_ip(None) == ""
    assert client_ip(_request(None, peer="junk")) == ""
    Client().force_login(staff)  # raised DataError on PostgreSQL before
    assert all(log.ip_address is None for log in AccessLog.objects.all())


def test_the_header_counts_only_from_the_listed_proxies(settings):
    settings.PORTAL_TRUSTED_PROXY_COUNT = 1
    settings.PORTAL_TRUSTED_PROXIES = ["10.0.0.0/24"]
    assert client_ip(_request("203.0.113.5", peer="10.0.0.9")) == "203.0.113.5"
    assert client_ip(_request("203.0.113.5", peer="192.0.2.44")) == "192.0.2.44"


def _fail(client, email, **meta):
    return client.post(LOGIN, {"username": email, "password": "wrong"}, **meta)


def test_untrusted_a_spoofed_header_does_not_escape_the_lockout(client, staff, settings):
    settings.PORTAL_TRUSTED_PROXY_COUNT = 0
    for n in range(settings.AXES_FAILURE_LIMIT):
        _fail(client, staff.email, REMOTE_ADDR="203.0.113.9", HTTP_X_FORWARDED_FOR=f"6.6.6.{n}")
    locked = client.post(
        LOGIN,
        {"username": staff.email, "password": PASSWORD},
        REMOTE_ADDR="203.0.113.9",
        HTTP_X_FORWARDED_FOR="7.7.7.7",
    )
    assert locked.status_code == 429


def test_behind_the_proxy_one_client_is_locked_out_and_not_everyone(client, staff, settings):
    """Every request arrives from the proxy's address; the lockout follows the client."""
    settings.PORTAL_TRUSTED_PROXY_COUNT = 1
    for n in range(settings.AXES_FAILURE_LIMIT):
        # The attacker varies the header it sends itself; the proxy appends the real one.
        _fail(
            client,
            staff.email,
            REMOTE_ADDR=PROXY,
            HTTP_X_FORWARDED_FOR=f"6.6.6.{n}, 203.0.113.9",
        )
    attacker = client.post(
        LOGIN,
        {"username": staff.email, "password": PASSWORD},
        REMOTE_ADDR=PROXY,
        HTTP_X_FORWARDED_FOR="203.0.113.9",
    )
    assert attacker.status_code == 429
    # The real user, through the same proxy from their own address, signs in.
    real = Client().post(
        LOGIN,
        {"username": staff.email, "password": PASSWORD},
        REMOTE_ADDR=PROXY,
        HTTP_X_FORWARDED_FOR="198.51.100.7",
    )
    assert real.status_code == 302


def test_the_security_log_names_the_client_behind_the_proxy(client, staff, settings, caplog):
    settings.PORTAL_TRUSTED_PROXY_COUNT = 1
    caplog.set_level(logging.INFO, logger="integration_portal.security")
    _fail(client, staff.email, REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR="6.6.6.6, 203.0.113.9")
    assert "event=login_failed user=staff@lansstyrelsen.example ip=203.0.113.9" in caplog.text
    assert "6.6.6.6" not in caplog.text


def test_the_security_log_ignores_the_header_when_not_trusted(client, staff, settings, caplog):
    settings.PORTAL_TRUSTED_PROXY_COUNT = 0
    caplog.set_level(logging.INFO, logger="integration_portal.security")
    _fail(client, staff.email, REMOTE_ADDR="203.0.113.9", HTTP_X_FORWARDED_FOR="6.6.6.6")
    assert "ip=203.0.113.9" in caplog.text and "6.6.6.6" not in caplog.text
