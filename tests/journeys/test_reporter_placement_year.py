"""A reporter says how many of the people received early in the year were assigned under
last year's kommuntal, and the agreements show them counted there (issue 18).

The demo's clock is today, so February has passed: the county reopens Södertälje's
February report (a correction) and the reporter fixes it, the way it happens in spring.
"""

from __future__ import annotations

import datetime

from django.utils import timezone

from accounts.models import User
from agreements.models import TargetCategory
from core.models import Municipality
from reception import services
from reception.capacity import capacity_rows
from reception.models import FollowUpReport, ReportStatus
from tests.journeys.steps import REPORTER, STAFF, heading, main_text, nav, sign_in

ANVISADE = "Anvisade nyanlända (kommuntal)"


def _capacity(year: int):
    return capacity_rows(
        municipalities=Municipality.objects.filter(code="0181"),
        year=year,
        on_date=datetime.date(year, 12, 31),
        categories=[TargetCategory.objects.get(is_settlement_quota=True)],
    )[0]


def test_reporter_credit_february_receptions_to_last_year_and_see_the_split(page):
    year = timezone.localdate().year
    february = FollowUpReport.objects.get(
        municipality__code="0181", period__year=year, period__number=2
    )
    if february.status == ReportStatus.SUBMITTED:
        february = services.report_approve(
            report=february, user=User.objects.get(email=STAFF.email), version=february.version
        )
    services.report_reopen(
        report=february,
        user=User.objects.get(email=STAFF.email),
        version=february.version,
        reason="Ange hur många som anvisades under förra årets kommuntal.",
    )
    received = february.figures.get(category__is_settlement_quota=True).received
    credited = min(2, received)
    # Reopened, the report counts nowhere until it is handed in again.
    last_year_before = _capacity(year - 1).received
    this_year_before = _capacity(year).received

    sign_in(page, REPORTER)
    page.get_by_role("link", name=f"Rätta rapporten för {february.period.label}").click()
    page.wait_for_load_state()
    group = page.get_by_role("group", name=ANVISADE, exact=True)
    group.get_by_label(f"Varav räknas mot kommuntalet {year - 1}").fill(str(received + 1))
    page.get_by_role("button", name="Spara utkast").click()
    page.wait_for_load_state()
    assert "Kan inte vara fler än de mottagna" in main_text(page)
    group = page.get_by_role("group", name=ANVISADE, exact=True)
    group.get_by_label(f"Varav räknas mot kommuntalet {year - 1}").fill(str(credited))
    page.get_by_role("button", name="Gå vidare till att skicka in").click()
    page.wait_for_load_state()
    if page.get_by_label("Jag har kontrollerat varningarna och uppgifterna stämmer.").count():
        page.get_by_label("Jag har kontrollerat varningarna och uppgifterna stämmer.").check()
    page.get_by_role("button", name="Skicka in rapporten").click()
    page.wait_for_load_state()
    assert heading(page) == "Tack! Rapporten är inskickad"

    figure = february.figures.get(category__is_settlement_quota=True)
    assert (figure.received, figure.previous_year) == (received, credited)
    assert _capacity(year - 1).received == last_year_before + credited
    assert _capacity(year).received == this_year_before + received - credited

    nav(page, "Våra överenskommelser")
    page.get_by_role("link", name=str(year - 1), exact=True).click()
    page.wait_for_load_state()
    text = main_text(page)
    assert f"{credited} av de mottagna togs emot i början av nästa år" in text
    nav(page, "Våra överenskommelser")
    page.get_by_role("link", name=str(year), exact=True).click()
    page.wait_for_load_state()
    assert f"{credited} mottagna i år räknas mot förra årets kommuntal" in main_text(page)
