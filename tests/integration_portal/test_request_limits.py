"""Request bodies are bounded before anything reads them (issue 15)."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

pytestmark = pytest.mark.django_db
LOGIN = reverse("accounts:login")


class UnreadableBody:
    """A wsgi.input that fails the test if anything reads it."""

    def read(self, *args):
        raise AssertionError("the body was read")

    readline = read


def test_a_500_mb_anonymous_multipart_to_sign_in_is_refused_before_it_is_read(client):
    response = client.generic(
        "POST",
        LOGIN,
        CONTENT_TYPE="multipart/form-data; boundary=xyz",
        CONTENT_LENGTH=str(500_000_000),
        **{"wsgi.input": UnreadableBody()},
    )
    assert response.status_code == 413
    page = response.content.decode()
    assert "Det du skickade är för stort" in page and "högst 3 MB" in page
    assert 'href="/"' in page  # a way back


def test_a_real_body_just_over_the_limit_gets_413_and_one_under_does_not(client):
    limit = settings.REQUEST_BODY_MAX_BYTES
    over = client.post(LOGIN, {"file": SimpleUploadedFile("x.bin", b"x" * limit)})
    assert over.status_code == 413
    under = client.post(LOGIN, {"username": "a@b.se", "password": "x" * 10})
    assert under.status_code == 200


def test_a_malformed_content_length_is_a_400_page(client):
    response = client.generic("POST", LOGIN, b"", CONTENT_LENGTH="lots")
    assert response.status_code == 400
    assert "Portalen kunde inte läsa" in response.content.decode()


def test_an_import_file_never_goes_to_disk():
    """An import file (≤ 1 MB) stays in memory: no spooling to /tmp."""
    assert settings.FILE_UPLOAD_MAX_MEMORY_SIZE >= 1_000_000
    assert settings.DATA_UPLOAD_MAX_MEMORY_SIZE <= settings.REQUEST_BODY_MAX_BYTES


def test_the_limit_runs_before_csrf_sessions_and_the_views():
    middleware = settings.MIDDLEWARE
    limit = middleware.index("integration_portal.middleware.RequestBodyLimitMiddleware")
    assert limit < middleware.index("django.middleware.csrf.CsrfViewMiddleware")
    assert limit < middleware.index("django.contrib.sessions.middleware.SessionMiddleware")


def test_gunicorn_bounds_request_line_headers_and_time():
    tree = ast.parse((Path(settings.BASE_DIR) / "gunicorn.conf.py").read_text())
    names = {t.id for node in tree.body if isinstance(node, ast.Assign) for t in node.targets}
    assert {"limit_request_line", "limit_request_fields", "limit_request_field_size"} <= names
    assert "timeout" in names


def test_readme_tells_the_proxy_to_refuse_large_bodies():
    readme = (Path(settings.BASE_DIR) / "README.md").read_text()
    assert "client_max_body_size 3m" in readme
