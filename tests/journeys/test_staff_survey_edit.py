"""Staff make this year's civic-orientation survey from last year's: they copy it to the
county, add a question, change an option list and a condition, remove a question, add
and rename a section, and open it; the reporter's form then asks the new questions."""

from __future__ import annotations

from core import clock
from surveys.models import Campaign, Question, Survey
from tests.journeys.steps import (
    REPORTER,
    STAFF,
    alerts,
    error_summary,
    field,
    heading,
    main_text,
    nav,
    sign_in,
    sign_out,
)

SHOTS = "docs/screenshots/issue-19"
SO = "Samhällsorienteringsenkäten"
NEW = "Finns det väntelista till samhällsorienteringen?"
WORK = "Hur många deltagare fick arbete under året?"


def _shot(page, name: str) -> None:
    """The page at 1280 px and at 375 px (as on a phone), then back to 1280."""
    page.screenshot(path=f"{SHOTS}/{name}-1280.png", full_page=True)
    page.set_viewport_size({"width": 375, "height": 812})
    page.screenshot(path=f"{SHOTS}/{name}-375.png", full_page=True)
    assert page.evaluate("() => document.documentElement.scrollWidth") <= 375
    page.set_viewport_size({"width": 1280, "height": 800})


def test_staff_copy_last_years_survey_edit_its_questions_and_the_reporter_sees_them(page):
    year = clock.today().year

    # Staff copy last year's survey to this year for the county.
    sign_in(page, STAFF)
    nav(page, "Enkäter")
    page.get_by_role("link", name=f"Kopiera {SO} {year - 1} (version 1)").click()
    assert field(page, "År").input_value() == str(year)
    page.get_by_role("button", name="Skapa kopian").click()
    assert f"{SO} {year} version 1 är skapad." in alerts(page)
    copy = Survey.objects.get(kind="so", year=year, county__code="01")
    _shot(page, "survey-edit-detail")

    # A new question in Deltagare: one option is too few, two are right.
    page.get_by_role("link", name="Lägg till en fråga – Deltagare").click()
    assert heading(page) == "Ny fråga i avsnittet Deltagare"
    field(page, "Fråga").fill(NEW)
    page.get_by_label("Frågetyp").select_option(label="Ett svarsalternativ")
    field(page, "Svarsalternativ").fill("Ja")
    page.get_by_role("button", name="Spara frågan").click()
    assert "Skriv minst två svarsalternativ, ett per rad." in error_summary(page)
    assert not Question.objects.filter(section__survey=copy, text=NEW).exists()
    _shot(page, "question-add-error")
    field(page, "Svarsalternativ").fill("Ja\nNej")
    page.get_by_role("button", name="Spara frågan").click()
    assert "Frågan är tillagd sist i avsnittet." in alerts(page)
    new = Question.objects.get(section__survey=copy, text=NEW)
    assert (new.kind, new.choices) == ("single", ["Ja", "Nej"])

    # The classroom question loses an option and is shown only for the county's own
    # civic orientation; a misspelt answer is refused first.
    page.get_by_role("link", name="Ändra fråga 3 – Genomförande").click()
    field(page, "Svarsalternativ").fill("I klassrum\nPå distans")
    page.get_by_label("Visa bara om frågan").select_option(
        label="1.1 Hur bedrivs samhällsorienteringen i kommunen?"
    )
    field(page, "har svaret").fill("Egen regi")
    page.get_by_role("button", name="Spara frågan").click()
    assert "inget svarsalternativ ”Egen regi”" in error_summary(page)
    _shot(page, "question-edit-error")
    field(page, "har svaret").fill("I egen regi")
    page.get_by_role("button", name="Spara frågan").click()
    assert "Frågan är sparad." in alerts(page)
    mode = Question.objects.get(section__survey=copy, code="so_mode")
    assert mode.choices == ["I klassrum", "På distans"]
    assert (mode.condition_question.code, mode.condition_value) == (
        "so_organisation",
        "I egen regi",
    )

    # A question another depends on cannot go; the comment question can.
    page.get_by_role("link", name="Ta bort fråga 2 – Deltagare").click()
    page.get_by_role("button", name="Ta bort frågan").click()
    assert "Frågan kan inte tas bort" in error_summary(page)
    page.get_by_role("link", name=f"{SO} {year}", exact=True).click()
    page.get_by_role("link", name="Ta bort fråga 4 – Deltagare").click()
    assert "Övriga kommentarer om samhällsorienteringen" in main_text(page)
    _shot(page, "question-remove")
    page.get_by_role("button", name="Ta bort frågan").click()
    assert "Frågan är borttagen." in alerts(page)
    assert not Question.objects.filter(section__survey=copy, code="so_comment").exists()
    assert "Övriga kommentarer om samhällsorienteringen" not in main_text(page)

    # A new section with a question of its own, and a section renamed.
    page.get_by_role("link", name="Lägg till ett avsnitt").click()
    page.get_by_role("button", name="Spara avsnittet").click()
    assert "Skriv avsnittets rubrik." in error_summary(page)
    _shot(page, "section-add-error")
    field(page, "Rubrik").fill("Arbete och egen försörjning")
    page.get_by_role("button", name="Spara avsnittet").click()
    assert "Avsnittet är tillagt sist i enkäten." in alerts(page)
    page.get_by_role("link", name="Lägg till en fråga – Arbete och egen försörjning").click()
    field(page, "Fråga").fill(WORK)
    page.get_by_label("Frågetyp").select_option(label="Heltal")
    page.get_by_role("button", name="Spara frågan").click()
    assert "Frågan är tillagd sist i avsnittet." in alerts(page)
    page.get_by_role("link", name="Byt namn på avsnittet Deltagare").click()
    field(page, "Rubrik").fill("Deltagare och målgrupp")
    page.get_by_role("button", name="Spara avsnittet").click()
    assert "Avsnittet är sparat." in alerts(page)
    assert list(copy.sections.values_list("title", flat=True)) == [
        "Organisation",
        "Genomförande",
        "Deltagare och målgrupp",
        "Arbete och egen försörjning",
    ]

    # Staff open the edited survey for the county.
    nav(page, "Enkäter")
    page.get_by_role("row").filter(has_text="Stockholms län").filter(has_text=SO).get_by_role(
        "link", name=f"Öppna {SO} {year} för länet"
    ).click()
    page.get_by_role("button", name="Öppna enkäten").click()
    assert "är öppnad för kommunerna" in alerts(page)
    assert Campaign.objects.get(county__code="01", survey__kind="so", survey__year=year).survey == (
        copy
    )
    sign_out(page)

    # The reporter's form asks the new question, without the removed one.
    sign_in(page, REPORTER)
    nav(page, "Rapporter")
    page.get_by_role("link", name=f"{SO} {year}, Södertälje").click()
    page.wait_for_load_state()
    page.get_by_role("link", name="Börja svara").click()
    page.get_by_label("I egen regi").check()
    field(page, "Vilken nämnd ansvarar för samhällsorienteringen?").fill("Socialnämnden")
    page.get_by_role("button", name="Spara och fortsätt").click()
    assert heading(page) == "Del 2 av 4: Genomförande"
    assert page.get_by_label("Både i klassrum och på distans").count() == 0
    page.get_by_role("button", name="Spara och fortsätt").click()
    assert heading(page) == "Del 3 av 4: Deltagare och målgrupp"
    text = main_text(page)
    assert NEW in text
    assert "Övriga kommentarer om samhällsorienteringen" not in text
    page.locator("fieldset").filter(has_text=NEW).get_by_label("Ja", exact=True).check()
    page.get_by_role("button", name="Spara och fortsätt").click()
    assert heading(page) == "Del 4 av 4: Arbete och egen försörjning"
    field(page, WORK).fill("7")
    page.get_by_role("button", name="Spara och gå till översikten").click()
    assert heading(page) == f"{SO} {year}, Södertälje"
    assert Question.objects.get(section__survey=copy, text=WORK).answers.get().number == 7
    assert Question.objects.get(pk=new.pk).answers.get().choice == "Ja"
