"""CACHE_URL selects Django's Redis cache, shared by every worker and app server.

The cache and freshness tests (test_pagecache, test_dataversion, contacts'
performance tests) run against LocMem by default and against Redis in CI
(``CACHE_URL=redis://127.0.0.1:6379/7``, see .ci/run); the two-instance test
(tests/bench/test_two_instances.py) serves one Redis to two gunicorn instances.
"""

from __future__ import annotations

import os
import subprocess
import sys

import pytest
from django.test import Client

from tests.factories.accounts import client_for

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))


def _caches_with(url: str) -> subprocess.CompletedProcess:
    env = dict(os.environ, CACHE_URL=url, DEBUG="true")
    code = "import django; django.setup(); from django.conf import settings; " + (
        "print(settings.CACHES['default']['BACKEND'], settings.CACHES['default'].get('LOCATION'))"
    )
    return subprocess.run(
        [sys.executable, "-c", code], env=env, cwd=ROOT, capture_output=True, text=True
    )


def test_cache_url_selects_redis_and_an_empty_one_memory():
    redis = _caches_with("redis://127.0.0.1:6379/7")
    assert redis.stdout.split() == [
        "django.core.cache.backends.redis.RedisCache",
        "redis://127.0.0.1:6379/7",
    ]
    memory = _caches_with("")
    assert memory.stdout.split()[0] == "django.core.cache.backends.locmem.LocMemCache"
    wrong = _caches_with("memcached://127.0.0.1")
    assert wrong.returncode != 0 and "CACHE_URL" in wrong.stderr


@pytest.mark.django_db
def test_a_page_cached_by_one_process_is_served_by_another(staff, client):
    """With Redis, a second process (here: a fresh cache client) finds the page."""
    from django.core.cache import caches

    if "Redis" not in type(caches["default"]).__name__:
        pytest.skip("CACHE_URL is not a Redis URL (CI runs this with Redis)")
    first = client_for(staff).get("/overenskommelser/")
    assert first["X-Portal-Cache"] == "miss"
    caches["default"].close()  # drops the connection pool: as another process would start
    again = Client()
    again.force_login(staff)
    assert again.get("/overenskommelser/")["X-Portal-Cache"] == "hit"
