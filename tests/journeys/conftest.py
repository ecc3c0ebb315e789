"""Journeys: one browser test per job a person does with the portal.

Each journey runs against pytest-django's live server with the demo data that
``make run`` shows (Stockholm county; ``seed_demo``), signs in through the sign-in
page with a demo account, moves only by visible links, buttons and labels
(``tests/journeys/steps.py``) and checks the page *and* the database.
"""

from __future__ import annotations

import io

import pytest
from django.core.management import call_command

from tests.browser.conftest import DESKTOP, browser  # noqa: F401  (re-exported fixture)

MOBILE = {"width": 375, "height": 812}


def pytest_collection_modifyitems(items) -> None:
    for item in items:
        if "/journeys/" in str(item.fspath):
            item.add_marker(pytest.mark.browser)
            item.add_marker(pytest.mark.journey)


@pytest.fixture
def demo(live_server, django_db_serialized_rollback, settings):
    """The demo data of ``make run``, committed so the live server sees it."""
    settings.DEBUG = False  # as in production; seed_demo's guard is for the command line
    call_command("seed_demo", "--force", stdout=io.StringIO())
    return live_server


@pytest.fixture
def page(browser, demo):  # noqa: F811
    """A fresh browser tab (no cookies: nobody signed in) on the live server."""
    context = browser.new_context(base_url=demo.url, viewport=DESKTOP, locale="sv-SE")
    tab = context.new_page()
    tab.set_default_timeout(10_000)
    yield tab
    context.close()


@pytest.fixture
def phone_page(browser, demo):  # noqa: F811
    """A fresh browser tab 375 px wide, as on a phone."""
    context = browser.new_context(base_url=demo.url, viewport=MOBILE, locale="sv-SE")
    tab = context.new_page()
    tab.set_default_timeout(10_000)
    yield tab
    context.close()
