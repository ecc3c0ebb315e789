"""Playwright (sync API) driving Debian's Chromium against pytest-django's live server.

One browser per test module (pytest-django runs the tests without a database
after these, and they must not inherit DJANGO_ALLOW_ASYNC_UNSAFE); one browser
context per persona, signed in by copying the session cookie of Django's
``Client.force_login``. Never
downloads a browser: without /usr/bin/chromium the tests skip locally and
fail in CI (``CI=true``).
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator

import pytest
from django.conf import settings
from django.contrib.messages import constants as message_levels
from django.contrib.messages.storage.cookie import CookieStorage
from django.http import HttpRequest, HttpResponse
from django.test import Client

from . import axe, keyboard

CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
INSTALL_HINT = (
    "Chromium not found at {path}. The browser tests use Debian's Chromium, never a download: "
    "install it with `sudo apt-get install chromium` (or set CHROMIUM_PATH) and run `make test`."
)
DESKTOP = {"width": 1280, "height": 900}


def chromium_path() -> str | None:
    path = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
    return path if os.path.exists(path) else shutil.which("chromium")


@pytest.fixture(scope="module")
def browser(django_db_setup, django_db_blocker) -> Iterator:
    path = chromium_path()
    if path is None:
        message = INSTALL_HINT.format(path=os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium"))
        if os.environ.get("CI", "").lower() == "true":
            pytest.fail(message, pytrace=False)
        pytest.skip(message)
    from django.db import connections
    from playwright.sync_api import sync_playwright

    # While Playwright's sync API is active, an event loop runs in this thread and
    # Django hands out different connection objects (asgiref's context-local
    # storage). The serialized reference data (counties, municipalities) that
    # serialized_rollback restores lives on the old ones: carry it over.
    serialized = {
        alias: connections[alias]._test_serialized_contents
        for alias in connections
        if hasattr(connections[alias], "_test_serialized_contents")
    }
    # Playwright's sync API keeps an event loop running in this thread; Django would
    # then refuse ORM calls from the test body. Only while the browser runs, so the
    # variable never reaches other tests (manage.py check --deploy rejects it).
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    with sync_playwright() as playwright:
        for alias, contents in serialized.items():
            connections[alias]._test_serialized_contents = contents
        browser = playwright.chromium.launch(executable_path=path, args=CHROMIUM_ARGS)
        yield browser
        browser.close()
        connections.close_all()  # the ones opened while Playwright ran
    del os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"]


@pytest.fixture
def browse(browser, live_server, django_db_serialized_rollback):
    """``browse(user)`` → a Playwright page signed in as ``user`` (None: anonymous);
    ``with_axe=True`` loads axe-core into every page.

    ``django_db_serialized_rollback``: the live server needs committed data, and
    the counties and municipalities loaded by migration must survive the flush
    between browser tests.
    """
    contexts = []

    def open_page(user, viewport: dict | None = None, with_axe: bool = False):
        context = browser.new_context(
            base_url=live_server.url, viewport=viewport or DESKTOP, locale="sv-SE"
        )
        contexts.append(context)
        if with_axe:  # parsing axe on every load costs ~50 ms: only where it runs
            axe.install(context)
        keyboard.install(context)
        if user is not None:
            client = Client()
            client.force_login(user)
            cookie = client.cookies[settings.SESSION_COOKIE_NAME]
            context.add_cookies(
                [{"name": cookie.key, "value": cookie.value, "url": live_server.url}]
            )
        page = context.new_page()
        page.set_default_timeout(10_000)
        return page

    yield open_page
    for context in contexts:
        context.close()


SAMPLE_MESSAGES = [
    (message_levels.SUCCESS, "Ändringarna är sparade."),
    (message_levels.INFO, "Rapporten för oktober 2026 ska vara inne senast 2026-11-15."),
    (message_levels.WARNING, "Rapporten är återskickad för komplettering."),
    (message_levels.ERROR, "Det gick inte att spara. Försök igen."),
]


def add_flash_messages(page, base_url: str) -> None:
    """Queue one message of each level, as a view would, for the next page load."""
    storage = CookieStorage(HttpRequest())
    for level, text in SAMPLE_MESSAGES:
        storage.add(level, text)
    response = HttpResponse()
    storage.update(response)
    morsel = response.cookies[CookieStorage.cookie_name]
    page.context.add_cookies([{"name": morsel.key, "value": morsel.value, "url": base_url}])
