"""Staff put this year's civic-orientation survey in the order they want: they move a
question up and a section down with the visible buttons (a move that would put a
question before the one its condition depends on is refused), and remove a section with
its questions through the confirmation page."""

from __future__ import annotations

from core import clock
from surveys.models import Question, Section, Survey
from tests.journeys.steps import STAFF, alerts, field, heading, main_text, nav, sign_in

SHOTS = "docs/screenshots/issue-19"
SO = "Samhällsorienteringsenkäten"


def _shot(page, name: str) -> None:
    """The page at 1280 px and at 375 px (as on a phone), then back to 1280."""
    page.screenshot(path=f"{SHOTS}/{name}-1280.png", full_page=True)
    page.set_viewport_size({"width": 375, "height": 812})
    page.screenshot(path=f"{SHOTS}/{name}-375.png", full_page=True)
    assert page.evaluate("() => document.documentElement.scrollWidth") <= 375
    page.set_viewport_size({"width": 1280, "height": 800})


def _questions_on_page(page, section: str) -> list[str]:
    """The questions of ``section`` as the page lists them, in order."""
    ol = page.locator(f"h2:text-is('{section}') ~ ol.survey-questions").first
    items = ol.locator(":scope > li > span:first-child")
    return items.all_inner_texts()


def _codes(survey: Survey, section: str) -> list[str]:
    return list(
        Question.objects.filter(section__survey=survey, section__title=section)
        .order_by("order")
        .values_list("code", flat=True)
    )


def test_staff_move_a_question_and_a_section_and_remove_a_section(page):
    year = clock.today().year
    sign_in(page, STAFF)
    nav(page, "Enkäter")
    page.get_by_role("link", name=f"Kopiera {SO} {year - 1} (version 1)").click()
    page.get_by_role("button", name="Skapa kopian").click()
    copy = Survey.objects.get(kind="so", year=year, county__code="01")
    form = Question.objects.get(section__survey=copy, code="so_form")
    delivery = Question.objects.get(section__survey=copy, code="so_delivery")
    assert _questions_on_page(page, "Genomförande")[:2] == [delivery.text, form.text]
    _shot(page, "survey-order-detail")

    # The second question of Genomförande moves up; the page comes back to it.
    page.get_by_role("button", name="Flytta upp fråga 2 – Genomförande").click()
    assert "Frågan är flyttad upp." in alerts(page)
    assert page.url.endswith(f"#fraga-{form.pk}")
    assert page.evaluate("() => document.activeElement.id") == f"fraga-{form.pk}"
    assert _questions_on_page(page, "Genomförande")[:2] == [form.text, delivery.text]
    assert _codes(copy, "Genomförande") == ["so_form", "so_delivery", "so_mode"]
    _shot(page, "survey-order-moved")

    # The groups question is shown only after "Ja" to the question above it: it cannot
    # move above that question, and nothing changes.
    before = _codes(copy, "Deltagare")
    page.get_by_role("button", name="Flytta upp fråga 3 – Deltagare").click()
    assert "Flytten går inte" in alerts(page)
    assert _codes(copy, "Deltagare") == before

    # Organisation moves below Genomförande.
    page.get_by_role("button", name="Flytta ned avsnittet Organisation").click()
    assert "Avsnittet är flyttat ned." in alerts(page)
    headings = page.locator("main h2").all_inner_texts()
    assert headings == ["Genomförande", "Organisation", "Deltagare"]
    assert list(copy.sections.order_by("order").values_list("title", flat=True)) == headings

    # Deltagare goes with its four questions, after the confirmation page.
    deltagare = copy.sections.get(title="Deltagare")
    page.get_by_role("link", name="Ta bort avsnittet Deltagare").click()
    assert heading(page) == "Ta bort avsnittet"
    assert "Avsnittet ”Deltagare” och dess 4 frågor tas bort ur enkäten" in main_text(page)
    _shot(page, "section-remove")
    page.get_by_role("button", name="Ta bort avsnittet").click()
    assert "Avsnittet ”Deltagare” och dess frågor är borttagna." in alerts(page)
    assert page.locator("main h2").all_inner_texts() == ["Genomförande", "Organisation"]
    assert not Section.objects.filter(pk=deltagare.pk).exists()
    assert not Question.objects.filter(section_id=deltagare.pk).exists()
    assert Question.objects.filter(section__survey=copy).count() == 5

    # The classroom-or-distance question moves to Organisation from its edit page: it goes
    # last there.
    mode = Question.objects.get(section__survey=copy, code="so_mode")
    page.get_by_role("link", name="Ändra fråga 3 – Genomförande").click()
    assert heading(page).startswith("Ändra en fråga i")
    field(page, "Avsnitt").select_option(label="2. Organisation")
    _shot(page, "question-other-section")
    page.get_by_role("button", name="Spara frågan").click()
    assert "Frågan är sparad." in alerts(page)
    assert _questions_on_page(page, "Organisation")[-1] == mode.text
    assert mode.text not in _questions_on_page(page, "Genomförande")
    assert _codes(copy, "Organisation")[-1] == "so_mode"
