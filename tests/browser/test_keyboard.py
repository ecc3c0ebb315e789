"""Keyboard use on every page: skip link, Tab order, visible focus, focus on errors.

Each page is freshly loaded, so the first Tab starts at the top of the document
(the portal uses no autofocus, see core/forms.py).
"""

from __future__ import annotations

import pytest

from tests.harness.registry import build_world
from tests.harness.routes import PERSONAS

from . import crawl, keyboard

pytestmark = pytest.mark.browser


def _html_pages(page, persona, world):
    for target in crawl.pages(persona, world):
        status, is_html = crawl.goto(page, target.url)
        assert status == 200, f"{target.label} as {persona}: {status}"
        if is_html:
            yield target


@pytest.mark.parametrize("persona", PERSONAS)
def test_skip_link_first_and_tab_reaches_every_control_with_visible_focus(
    persona, personas, browse, subtests
):
    page = browse(personas[persona])
    for target in _html_pages(page, persona, build_world(personas)):
        label = f"{target.label} as {persona}"
        found = page.evaluate(keyboard.CONTROLS_JS)
        controls = found["controls"]
        stops = keyboard.tab_order(page, presses=found["stops"] + 2)
        with subtests.test(msg=f"{label}: Tab order"):
            reached = {s["name"] for s in stops}
            missed = [c for c in controls if c not in reached]
            assert not missed, (
                f"Tab never reaches: {missed}; stops: {[s['name'][:40] for s in stops]}"
            )
            invisible = [s["name"] for s in stops if not s["visible"]]
            assert not invisible, f"no visible focus indicator on: {invisible}"
        with subtests.test(msg=f"{label}: skip link"):
            first = stops[0] if stops else None
            assert first and "skip-link" in first["cls"], f"first Tab stop is {first}"
            assert first["on_screen"], "the skip link is not on screen when focused"
            crawl.goto(page, target.url)
            page.keyboard.press("Tab")
            page.keyboard.press("Enter")
            assert page.evaluate("() => document.activeElement.id") == "main"


@pytest.mark.parametrize("persona", PERSONAS)
def test_focus_lands_on_error_summary_after_failed_submit(persona, personas, browse, subtests):
    """Each page is loaded as the skip link leaves it, with ``#main`` in the URL: a form
    that inherited that fragment would land on #main, and focus with it."""
    page = browse(personas[persona])
    with_forms = [
        (target, crawl.data_entry_forms(page))
        for target in _html_pages(page, persona, build_world(personas))
    ]
    for target, forms in with_forms:
        for index in forms:
            with subtests.test(msg=f"{target.label} as {persona}, form {index}"):
                crawl.goto(page, target.url + "#main")
                if not crawl.submit_cleared(page, index):
                    continue
                if page.locator("#error-summary").count() == 0:
                    continue  # the cleared form was valid: nothing to report
                assert "#" not in page.url, f"the form posted to {page.url}"
                assert page.evaluate("() => document.activeElement.id") == "error-summary"
                links = page.locator("#error-summary a")
                if links.count():
                    href = links.first.get_attribute("href")
                    links.first.click()
                    if href.startswith("#"):
                        assert page.evaluate("() => '#' + document.activeElement.id") == href
                    else:
                        # A question answered on another page (a survey's missing answers):
                        # the link opens that page at the question itself.
                        page.wait_for_load_state()
                        path, _, fragment = href.partition("#")
                        assert fragment, f"{href} does not point at a field"
                        assert page.url.endswith(href), page.url
                        assert page.locator(f"[id='{fragment}']").count() == 1
