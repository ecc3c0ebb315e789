"""The yearly civic-orientation survey, from the county opening it to an approved answer:
staff open the year's SO survey for the county; a reporter answers half, comes back,
finishes and submits; staff return it with a message, the reporter fixes it, staff
approve; the response rate and the results update at once."""

from __future__ import annotations

import datetime
import re

from core import clock
from reception.models import ReportStatus
from surveys.models import Answer, Campaign, Response
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


def _shot(page, name: str) -> None:
    page.screenshot(path=f"{SHOTS}/{name}-1280.png", full_page=True)


def _open_survey_as_reporter(page, year: int) -> None:
    sign_in(page, REPORTER)
    nav(page, "Rapporter")
    page.get_by_role("link", name=f"{SO} {year}, Södertälje").click()
    page.wait_for_load_state()


def _rate(page) -> str:
    return page.locator("#svarsfrekvens").inner_text()


def _staff_to_tracking(page, year: int) -> None:
    sign_in(page, STAFF)
    nav(page, "Enkäter")
    page.get_by_role("row", name=re.compile(rf"{SO} {year}")).get_by_role(
        "link", name=re.compile("Öppen, sista dag")
    ).click()
    page.wait_for_load_state()


def test_staff_open_the_survey_a_reporter_answers_staff_return_and_approve(page):
    year = clock.today().year
    deadline = (clock.today() + datetime.timedelta(days=30)).isoformat()

    # Staff open this year's civic-orientation survey for Stockholm county.
    sign_in(page, STAFF)
    nav(page, "Enkäter")
    _shot(page, "survey-list")
    page.get_by_role("link", name=f"Öppna {SO} {year} för länet").click()
    assert heading(page) == f"Öppna {SO} {year} för Stockholms län"
    assert field(page, "Öppnar").input_value() == f"{year}-10-01"
    field(page, "Sista dag att svara").fill("31 oktober")
    page.get_by_role("button", name="Öppna enkäten").click()
    assert "Skriv datumet som 2026-10-31." in error_summary(page)
    field(page, "Sista dag att svara").fill(deadline)
    page.get_by_role("button", name="Öppna enkäten").click()
    assert f"sista dag {deadline}" in alerts(page)
    campaign = Campaign.objects.get(survey__kind="so", survey__year=year, county__code="01")
    assert campaign.deadline.isoformat() == deadline
    assert _rate(page) == "0 av 26"
    sign_out(page)

    # The reporter answers the first half and leaves.
    _open_survey_as_reporter(page, year)
    assert heading(page) == f"{SO} {year}, Södertälje"
    page.get_by_role("link", name="Börja svara").click()
    assert heading(page) == "Del 1 av 3: Organisation"
    page.get_by_label("Gemensamt med andra kommuner").check()
    field(page, "Vilken nämnd ansvarar för samhällsorienteringen?").fill("Arbetsmarknadsnämnden")
    page.get_by_role("button", name="Spara och fortsätt").click()
    assert "Svaren är sparade" in alerts(page)
    assert heading(page) == "Del 2 av 3: Genomförande"
    page.get_by_label("På modersmål").check()
    page.get_by_label("På svenska med tolk").check()
    page.get_by_label("Ordinarie").check()
    _shot(page, "response-part")
    page.get_by_role("button", name="Spara", exact=True).click()
    response = Response.objects.get(campaign=campaign, municipality__code="0181")
    assert response.status == ReportStatus.DRAFT and response.answers.count() == 4
    sign_out(page)

    # Back later: the overview says what is still unanswered, with links there.
    _open_survey_as_reporter(page, year)
    text = main_text(page)
    assert "3 obligatoriska frågor är inte besvarade än." in text
    _shot(page, "response-overview")
    page.get_by_role("link", name="Ges samhällsorienteringen i klassrum eller på distans?").click()
    assert heading(page) == "Del 2 av 3: Genomförande"
    assert page.get_by_label("På modersmål").is_checked()  # what was saved is there
    page.get_by_label("Både i klassrum och på distans").check()
    page.get_by_role("button", name="Spara och fortsätt").click()
    assert heading(page) == "Del 3 av 3: Deltagare"
    field(page, "Totalt").fill("40")
    field(page, "Varav kvinnor").fill("25")
    field(page, "Varav män").fill("20")
    page.get_by_role("button", name="Spara och gå till översikten").click()
    assert "Kvinnor och män kan tillsammans inte vara fler än totalt." in error_summary(page)
    _shot(page, "response-part-error")
    assert not Answer.objects.filter(response=response, question__code="so_started").exists()
    field(page, "Varav män").fill("15")
    page.get_by_label("Nej").check()
    page.get_by_role("button", name="Spara och gå till översikten").click()
    assert "Alla obligatoriska frågor är besvarade." in main_text(page)
    page.get_by_role("link", name="Gå vidare till att skicka in").click()
    assert heading(page) == f"Kontrollera och skicka in: {SO} {year}, Södertälje"
    page.get_by_label("Nykvarn").check()  # civic orientation run jointly with Nykvarn
    _shot(page, "response-submit")
    page.get_by_role("button", name="Skicka in enkäten").click()
    assert "Tack! Enkäten är inskickad" in main_text(page)
    _shot(page, "response-receipt")
    response.refresh_from_db()
    assert response.status == ReportStatus.SUBMITTED
    assert (
        Response.objects.get(campaign=campaign, municipality__name="Nykvarn").covered_by == response
    )
    sign_out(page)

    # Staff see the rate go up, open the answer and send it back with a message.
    _staff_to_tracking(page, year)
    assert _rate(page) == "2 av 26"  # Södertälje and Nykvarn, which it answers for
    _shot(page, "tracking")
    page.locator("main table").get_by_role("link", name="Södertälje", exact=True).click()
    assert heading(page) == f"Granska {SO} {year}, Södertälje"
    field(page, "Meddelande till kommunen").fill("Stämmer 40? Förra året var det 12.")
    page.get_by_role("button", name="Skicka tillbaka").click()
    assert "skickad tillbaka till Södertälje" in alerts(page)
    assert _rate(page) == "0 av 26"
    response.refresh_from_db()
    assert response.status == ReportStatus.RETURNED
    sign_out(page)

    # The reporter reads the message, fixes the number and hands it in again.
    _open_survey_as_reporter(page, year)
    assert "Stämmer 40? Förra året var det 12." in main_text(page)
    page.get_by_role("link", name="Deltagare").click()
    field(page, "Totalt").fill("12")
    field(page, "Varav kvinnor").fill("7")
    field(page, "Varav män").fill("5")
    page.get_by_role("button", name="Spara och gå till översikten").click()
    page.get_by_role("link", name="Gå vidare till att skicka in").click()
    page.get_by_role("button", name="Skicka in enkäten").click()
    assert "Tack! Enkäten är inskickad" in main_text(page)
    sign_out(page)

    # Staff approve; the rate and the results show it at once.
    _staff_to_tracking(page, year)
    assert _rate(page) == "2 av 26"
    page.locator("main table").get_by_role("link", name="Södertälje", exact=True).click()
    _shot(page, "response-review")
    page.get_by_role("button", name="Godkänn svaret").click()
    assert "Södertälje är godkänd" in alerts(page)
    response.refresh_from_db()
    assert response.status == ReportStatus.APPROVED
    page.get_by_role("link", name="Se resultaten per fråga").click()
    table = page.locator("#tabell-so_started")
    header = [c.inner_text() for c in table.locator("thead th").all()]
    assert header == ["Antal", str(year), str(year - 1)]  # last year beside this year
    first = [c.inner_text() for c in table.locator("tbody tr").first.locator("th, td").all()]
    assert first[:2] == ["Totalt", "12"]
    _shot(page, "results")


def test_on_a_phone_reporter_answers_lagesbild_and_staff_follow_the_rate(phone_page):
    page = phone_page
    year = clock.today().year
    sign_in(page, REPORTER)
    nav(page, "Rapporter")
    page.get_by_role("link", name=f"Lägesbild {year}, Södertälje").click()
    page.wait_for_load_state()
    page.screenshot(path=f"{SHOTS}/response-overview-375.png", full_page=True)
    page.get_by_role("link", name="Börja svara").click()
    assert heading(page) == "Del 1 av 7: Beredskap och kapacitet"
    page.get_by_label("Instämmer delvis").first.check()
    page.screenshot(path=f"{SHOTS}/response-part-375.png", full_page=True)
    page.get_by_role("button", name="Spara och fortsätt").click()
    assert heading(page) == "Del 2 av 7: Bostäder"
    width = page.evaluate("() => document.documentElement.scrollWidth")
    assert width <= 375
    readiness = Answer.objects.get(
        response__municipality__code="0181", question__code="lb_readiness"
    )
    assert readiness.choice == "Instämmer delvis"
    sign_out(page)

    sign_in(page, STAFF)
    nav(page, "Enkäter")
    page.screenshot(path=f"{SHOTS}/survey-list-375.png", full_page=True)
    page.get_by_role("row", name=re.compile(rf"Lägesbild {year}")).get_by_role(
        "link", name=re.compile("Öppen, sista dag")
    ).click()
    page.wait_for_load_state()
    assert re.fullmatch(r"\d+ av 26", _rate(page))
    page.screenshot(path=f"{SHOTS}/tracking-375.png", full_page=True)
    page.get_by_role("link", name="Se resultaten per fråga").click()
    page.wait_for_load_state()
    page.screenshot(path=f"{SHOTS}/results-375.png", full_page=True)
    assert page.evaluate("() => document.documentElement.scrollWidth") <= 375
