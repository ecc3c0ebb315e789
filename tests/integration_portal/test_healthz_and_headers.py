from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
pytestmark = pytest.mark.django_db


def test_healthz_answers_200_when_the_database_answers(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert json.loads(response.content) == {"status": "ok", "database": "ok"}


def test_healthz_answers_503_when_the_database_does_not():
    # A real connection attempt to a port where no database listens.
    script = (
        "import django, json; django.setup();"
        "from django.test import Client;"
        "r = Client().get('/healthz');"
        "print(r.status_code, r.content.decode())"
    )
    env = dict(os.environ)
    env.update(
        DJANGO_SETTINGS_MODULE="integration_portal.test_settings",
        DATABASE_URL="postgres://postgres@127.0.0.1:9/nowhere?connect_timeout=2",
        ALLOWED_HOSTS="testserver",
    )
    result = subprocess.run(
        [sys.executable, "-c", script],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.stdout.startswith("503"), result.stdout + result.stderr
    assert '"database": "down"' in result.stdout


def test_security_headers_on_every_response(client):
    for path in ["/", "/konto/logga-in/", "/finns-inte/"]:
        response = client.get(path)
        csp = response["Content-Security-Policy"]
        assert "default-src 'self'" in csp
        assert "script-src 'self'" in csp
        assert "style-src 'self'" in csp
        assert "unsafe-inline" not in csp
        assert "frame-ancestors 'none'" in csp
        assert response["X-Frame-Options"] == "DENY"
        assert response["X-Content-Type-Options"] == "nosniff"
        assert response["Referrer-Policy"] == "same-origin"


def test_hsts_and_secure_cookies_in_production_settings():
    script = (
        "import django; django.setup(); from django.conf import settings as s;"
        "print(s.SECURE_HSTS_SECONDS, s.SESSION_COOKIE_SECURE, s.CSRF_COOKIE_SECURE,"
        " s.SECURE_SSL_REDIRECT, s.DEBUG)"
    )
    env = {
        k: v
        for k, v in os.environ.items()
        if k not in {"DEBUG", "SECURE_COOKIES", "SECURE_SSL_REDIRECT"}
    }
    env.update(DJANGO_SETTINGS_MODULE="integration_portal.settings", SECRET_KEY="s" * 60)
    result = subprocess.run(
        [sys.executable, "-c", script],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.stdout.split() == ["31536000", "True", "True", "True", "False"], result.stderr


def test_templates_have_no_inline_scripts_or_styles():
    offenders = []
    for template in (ROOT / "templates").rglob("*.html"):
        text = template.read_text(encoding="utf-8")
        if "style=" in text or "<style" in text:
            offenders.append(f"{template}: style")
        for chunk in text.split("<script")[1:]:
            if "src=" not in chunk.split(">", 1)[0]:
                offenders.append(f"{template}: inline script")
    assert offenders == []


def test_pages_answer_503_not_a_traceback_when_the_database_is_down():
    script = (
        "import django; django.setup();"
        "from django.test import Client;"
        "c = Client(raise_request_exception=False);"
        "c.cookies['sessionid'] = 'x' * 32;"
        "r = c.get('/konto/');"
        "print(r.status_code, r.get('Retry-After'));"
        "print(r.content.decode())"
    )
    env = dict(os.environ)
    env.update(
        DJANGO_SETTINGS_MODULE="integration_portal.test_settings",
        DATABASE_URL="postgres://postgres@127.0.0.1:9/nowhere?connect_timeout=2",
        ALLOWED_HOSTS="testserver",
    )
    result = subprocess.run(
        [sys.executable, "-c", script],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.stdout.startswith("503 30"), result.stdout + result.stderr
    assert "tillfälligt otillgänglig" in result.stdout
    assert "Traceback" not in result.stdout
