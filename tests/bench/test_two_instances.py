"""Two app servers (gunicorn instances on two ports) against one PostgreSQL and one Redis.

A session made on one works on the other, a page rendered by one is served from the
shared cache by the other, and a write through one is visible at once through the
other. PostgreSQL only (the instances need a database another process can reach):
CI's PostgreSQL run runs it; it needs the Redis at 127.0.0.1:6379 (database 7).
"""

from __future__ import annotations

import http.client
import re
import secrets
import socket
from http.cookies import SimpleCookie
from pathlib import Path
from urllib.parse import urlencode

import pytest
from django.conf import settings
from django.db import connection
from django.urls import reverse

from bench.personas import form_body
from bench.run import portal_env
from bench.server import Gunicorn
from reception.periods import periods_ensure
from tests.factories.accounts import PASSWORD
from tests.factories.reporting import draft

REDIS = "redis://127.0.0.1:6379/7"


def _redis_answers() -> bool:
    try:
        socket.create_connection(("127.0.0.1", 6379), timeout=1).close()
    except OSError:
        return False
    return True


pytestmark = [
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
    pytest.mark.skipif("connection.vendor != 'postgresql'", reason="PostgreSQL only"),
    pytest.mark.skipif(not _redis_answers(), reason="no Redis at 127.0.0.1:6379"),
]


class Browser:
    """Cookies kept across requests to any instance, as one browser behind a balancer."""

    def __init__(self) -> None:
        self.cookies: dict[str, str] = {}

    def request(self, port: int, method: str, path: str, body: dict | None = None):
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
        headers = {"Cookie": "; ".join(f"{k}={v}" for k, v in self.cookies.items())}
        data = None
        if body is not None:
            data = urlencode(body)
            headers["Content-Type"] = "application/x-www-form-urlencoded"
            headers["Referer"] = f"http://127.0.0.1:{port}{path}"
        conn.request(method, path, body=data, headers=headers)
        response = conn.getresponse()
        text = response.read().decode()
        for header in response.headers.get_all("Set-Cookie") or []:
            for name, morsel in SimpleCookie(header).items():
                self.cookies[name] = morsel.value
        conn.close()
        return response, text


def _received(page: str) -> str | None:
    tag = re.search(r'<input[^>]*name="received_anvisade"[^>]*>', page)
    value = re.search(r'value="([^"]*)"', tag.group(0)) if tag else None
    return value.group(1) if value else None


def _token(text: str) -> str:
    return re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', text).group(1)


def test_two_instances_share_sessions_pages_and_writes(reporter_a, municipality_a, county):
    period = periods_ensure(county=county, year=2025)[0]
    draft(municipality_a, period, reporter_a, anvisade=1)
    db = connection.settings_dict
    database_url = f"postgres://{db['USER']}@{db['HOST']}:{db['PORT'] or 5432}/{db['NAME']}"
    env = dict(
        portal_env(database_url),
        CACHE_URL=REDIS,
        CACHE_KEY_PREFIX=f"two-{secrets.token_hex(4)}",
        ALLOWED_HOSTS="127.0.0.1",
        # The test settings: the users' passwords are hashed with the tests' fast hasher,
        # static files come from the finders (no collectstatic), N+1 queries raise.
        DJANGO_SETTINGS_MODULE="integration_portal.test_settings",
    )
    env.pop("PYTEST_XDIST_WORKER", None)
    log = Path(settings.BASE_DIR) / "bench" / "results" / "tmp" / "two-instances.log"
    one, two = Gunicorn(env, 1, log), Gunicorn(env, 1, log)
    try:
        one.start()
        two.start()
        browser = Browser()
        login = reverse("accounts:login")
        _, page = browser.request(one.port, "GET", login)
        response, answer = browser.request(
            one.port,
            "POST",
            login,
            {
                "csrfmiddlewaretoken": _token(page),
                "username": reporter_a.email,
                "password": PASSWORD,
            },
        )
        if response.status != 302:
            log.with_suffix(".login.html").write_text(answer, encoding="utf-8")
        assert response.status == 302, f"signed in on instance one (see {log}.login.html)"
        form = reverse(
            "reception:report_edit", kwargs={"code": municipality_a.code, "period_pk": period.pk}
        )
        response, page = browser.request(two.port, "GET", form)
        assert response.status == 200, "the session made on one works on two"
        assert response.headers["X-Portal-Cache"] == "miss"
        response, page = browser.request(one.port, "GET", form)
        assert response.headers["X-Portal-Cache"] == "hit", "two's page, from the shared cache"
        version = re.search(r'name="version" value="(\d+)"', page).group(1)
        body = form_body(_token(page), value=7)
        body["version"] = version
        response, _ = browser.request(one.port, "POST", form, body)
        assert response.status == 302, "the draft saved through one"
        response, page = browser.request(two.port, "GET", form)
        # Rendered afresh (with the "saved" message, so not cached), the new figure in it.
        assert response.headers.get("X-Portal-Cache") != "hit"
        assert _received(page) == "7", "the write through one is seen at once on two"
        response, page = browser.request(one.port, "GET", form)
        assert response.headers["X-Portal-Cache"] == "miss" and _received(page) == "7"
        response, page = browser.request(two.port, "GET", form)
        assert response.headers["X-Portal-Cache"] == "hit" and _received(page) == "7"
    finally:
        one.stop()
        two.stop()
