"""The main menu: public and work apart, at most six items per role, the rest under
"Mer", folded into "Meny" on a phone without JavaScript, the current place marked."""

from __future__ import annotations

import pytest

from tests.journeys.steps import (
    ADMIN,
    REPORTER,
    STAFF,
    heading,
    nav,
    sign_in,
    start,
)

#: The phone header (brand, tools and the closed "Meny") was 344 px for staff before.
PHONE_HEADER_MAX = 120


def _header_height(page) -> float:
    return page.locator("header.site-header").bounding_box()["height"]


def _top_items(page) -> list[str]:
    items = page.locator(".site-nav__list > li")
    return [items.nth(i).inner_text().split("\n")[0].strip() for i in range(items.count())]


def _current(page) -> list[str]:
    """The menu items marked as the current page (folded ones too)."""
    marked = page.locator('nav[aria-label="Huvudmeny"] a[aria-current="page"]')
    return [text.strip() for text in marked.all_text_contents()]


def test_phone_menu_folds_and_opens_without_javascript(browser, demo):
    context = browser.new_context(
        base_url=demo.url, viewport={"width": 375, "height": 812}, java_script_enabled=False
    )
    page = context.new_page()
    try:
        start(page)
        assert _header_height(page) <= PHONE_HEADER_MAX
        menu = page.get_by_role("navigation", name="Huvudmeny")
        contact = menu.get_by_role("link", name="Kontakt", exact=True)
        assert not contact.is_visible()
        menu.locator("summary").filter(has_text="Meny").click()
        assert contact.is_visible()
        contact.click()
        page.wait_for_load_state()
        assert heading(page).startswith("Kontakt")
        assert _current(page) == ["Kontakt"]
        assert not contact.is_visible(), "the menu is folded again on the next page"
    finally:
        context.close()


def test_staff_phone_menu_reaches_the_grouped_items(phone_page):
    page = phone_page
    sign_in(page, STAFF)
    assert heading(page) == "Att göra – Stockholms län"
    height = _header_height(page)
    assert height <= PHONE_HEADER_MAX, f"the phone header is {height} px high"
    nav(page, "Kommuntal")  # Meny, then Mer, then the item
    assert heading(page).startswith("Kommuntal")
    assert _current(page) == ["Kommuntal"]


@pytest.mark.parametrize(
    ("person", "work"),
    [
        (
            STAFF,
            [
                "Att göra",
                "Granska rapporter",
                "Översikt",
                "Överenskommelser",
                "Hantera aktiviteter",
                "Mer",
            ],
        ),
        (
            REPORTER,
            [
                "Rapporter",
                "Aktivitetsrapporter",
                "Våra överenskommelser",
                "Uppföljning",
                "Mina sidor",
                "Mer",
            ],
        ),
        (
            ADMIN,
            [
                "Att göra",
                "Granska rapporter",
                "Översikt",
                "Överenskommelser",
                "Hantera aktiviteter",
                "Mer",
            ],
        ),
    ],
    ids=["staff", "reporter", "admin"],
)
def test_signed_in_menu_has_work_first_and_public_pages_under_mer(page, person, work):
    start(page)
    assert _top_items(page) == ["Integration", "Kontakt", "Sfi och aktiviteter", "Öppna data"]
    sign_in(page, person)
    assert _top_items(page) == work
    assert len(_top_items(page)) <= 6
    assert len(_current(page)) == 1, "the landing page is marked in the menu"
    nav(page, "Öppna data")  # a public page, under "Mer"
    assert heading(page).startswith("Öppna data")
    assert _current(page) == ["Öppna data"]
