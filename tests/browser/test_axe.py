"""axe-core finds 0 WCAG 2.1 A/AA violations on every page, for every persona, in every state.

Pages come from the route tables (see crawl.py), so a new page is checked
without touching this file. Read a failure as: rule id (impact): what is wrong
<link to the rule>, then the CSS selector and HTML of each offending element.
"""

from __future__ import annotations

import pytest

from tests.harness.registry import build_world
from tests.harness.routes import PERSONAS

from . import axe, crawl
from .conftest import add_flash_messages

pytestmark = pytest.mark.browser


def _check(page, label: str, subtests) -> None:
    with subtests.test(msg=label):
        found = axe.violations(page)
        assert not found, f"axe on {label}:\n{axe.report(found)}"


@pytest.mark.parametrize("persona", PERSONAS)
def test_every_page_has_no_axe_violations(persona, personas, browse, live_server, subtests):
    page = browse(personas[persona], with_axe=True)
    checked = 0

    def visit(target: crawl.Page, state: str) -> bool:
        nonlocal checked
        status, is_html = crawl.goto(page, target.url)
        assert status == 200, f"{target.label} as {persona}: {status}"
        if is_html:
            _check(page, f"{target.label} as {persona}, {state}", subtests)
            checked += 1
        return is_html

    for target in crawl.pages(persona, world=None):
        visit(target, "empty")

    world = build_world(personas)
    filled = [t for t in crawl.pages(persona, world) if visit(t, "filled")]

    # Messages are drawn by base.html, the same on every page: one page suffices.
    for target in filled[:1]:
        add_flash_messages(page, live_server.url)
        visit(target, "with messages")

    for target in filled:
        crawl.goto(page, target.url)
        for index in crawl.data_entry_forms(page):
            crawl.goto(page, target.url)
            if not crawl.submit_cleared(page, index):
                continue
            _check(page, f"{target.label} as {persona}, form {index} with errors", subtests)
            checked += 1

    assert checked, f"no page was axe-checked for {persona}"


def test_public_pages_in_english_have_no_axe_violations(personas, browse, live_server, subtests):
    """The public pages again with English chosen in the language switch."""
    page = browse(None, with_axe=True)
    page.context.add_cookies([{"name": "django_language", "value": "en", "url": live_server.url}])
    world = build_world(personas)
    checked = 0
    for target in crawl.pages("anonymous", world):
        status, is_html = crawl.goto(page, target.url)
        assert status == 200, f"{target.label} in English: {status}"
        if not is_html:
            continue
        assert page.evaluate("() => document.documentElement.lang") == "en"
        _check(page, f"{target.label} in English", subtests)
        checked += 1
    assert checked >= 5, "the public pages were not all checked in English"
