"""A visitor switches the portal to English: the data labels (languages of instruction,
target categories) read in English too, not only the page's own text."""

from __future__ import annotations

import re

from activities.models import Language
from tests.journeys.steps import REPORTER, main_text, start


def test_visitor_in_english_sees_language_names_in_english(page):
    start(page)
    page.get_by_role("link", name="English").click()
    page.wait_for_load_state()
    page.get_by_role("navigation", name="Main menu").get_by_role(
        "link", name="SFI and activities", exact=True
    ).click()
    page.wait_for_load_state()
    text = main_text(page)
    used = Language.objects.filter(activities__published=True).distinct()
    assert used.exists()
    for language in used:
        assert language.name_en in text
    assert "arabiska" not in text and "tigrinja" not in text


def test_reporter_in_english_sees_category_names_in_english(page):
    start(page)
    page.get_by_role("link", name="English").click()
    page.wait_for_load_state()
    page.get_by_role("banner").get_by_role("link", name="Log in").click()
    page.get_by_label("Email address").fill(REPORTER.email)
    page.get_by_label("Password").fill(REPORTER.password)
    page.get_by_role("button", name="Log in").click()
    page.wait_for_load_state()
    page.get_by_role("link", name=re.compile(r"^(Fill in|Continue|Correct) ")).first.click()
    page.wait_for_load_state()
    legends = page.locator("fieldset legend").all_inner_texts()
    assert "Newly arrived assigned for settlement (municipal quota)" in legends
    assert "Unaccompanied minors" in legends
    assert "Ensamkommande barn" not in main_text(page)
