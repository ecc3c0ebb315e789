"""Settings for the test suite: the real settings with test-only values.

The database still comes from DATABASE_URL, so the same suite runs on SQLite
and on PostgreSQL.
"""

import os

os.environ.setdefault("SECRET_KEY", "test-only-key-not-secret-" + "x" * 40)
os.environ.setdefault("SECURE_SSL_REDIRECT", "false")
os.environ.setdefault("SECURE_COOKIES", "false")

from .settings import *  # noqa: E402,F403

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
WHITENOISE_USE_FINDERS = True
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
LOGGING["loggers"]["django"]["level"] = "WARNING"  # noqa: F405

# N+1 detection in every request the test suite makes (django-zeal): a view that
# loads a relation row by row raises zeal.ZealError instead of passing quietly.
INSTALLED_APPS = [*INSTALLED_APPS, "zeal"]  # noqa: F405
MIDDLEWARE = [*MIDDLEWARE, "zeal.middleware.zeal_middleware"]  # noqa: F405
ZEAL_RAISE = True
# The only allowlist: {"model": "app.Model", "field": "relation"} entries, each
# with the reason it is not a real N+1. Keep it empty when you can.
ZEAL_ALLOWLIST: list[dict[str, str]] = [
    # Django's database session backend reads the session row by key more than once
    # in one request when it rotates the key (sign-in, sign-out, password change):
    # Django's own code, not a loop over rows.
    {"model": "sessions.Session", "field": "get()"},
    # The outbox (core/outbox.py) reads each e-mail after claiming it, one delivery per
    # on-commit hook: a request that queues several e-mails (a report's receipt plus
    # one to each notified staff member) reads several rows, by design, not a loop.
    {"model": "core.OutboxEmail", "field": "get()"},
]

# Tests never reach the real Kolada: nothing listens on the discard port, so a page or
# command that asks Kolada without a test server fails fast, offline.
KOLADA_BASE_URL = "http://127.0.0.1:9/v3"
KOLADA_TIMEOUT_SECONDS = 2
