"""County staff enter a municipality's planned pace (Migrationsverket's årsplanering) and
see the municipality compared with it instead of with an even line; then remove it."""

from __future__ import annotations

from django.utils import timezone

from agreements.models import PacePlan
from reception.capacity import planned_by
from tests.journeys.steps import STAFF, alerts, field, heading, main_text, nav, sign_in, table_rows

MONTHS = [
    "Januari",
    "Februari",
    "Mars",
    "April",
    "Maj",
    "Juni",
    "Juli",
    "Augusti",
    "September",
    "Oktober",
    "November",
    "December",
]
PLAN = [1, 1, 2, 2, 2, 2, 1, 1, 1, 1, 1, 0]  # Södertälje's kommuntal: 15


def _expected_today(page) -> str:
    """The "Förväntat i dag" cell of the kommuntal's row on the municipality page."""
    table = page.locator("main table.capacity-table").first
    header = [th.inner_text().strip() for th in table.locator("thead th").all()]
    column = header.index("Förväntat i dag")
    row = next(r for r in table_rows(page, table) if r[0].startswith("Anvisade"))
    return row[column]


def test_staff_enter_a_pace_plan_and_the_municipality_is_compared_with_it(page):
    year = timezone.localdate().year
    sign_in(page, STAFF)
    nav(page, "Kommuntal")
    page.get_by_role("link", name="Lägg in planerad takt för Södertälje").click()
    assert heading(page) == f"Planerad takt {year} – Södertälje"
    for month, count in zip(MONTHS, PLAN, strict=True):
        field(page, month).fill(str(count))
    field(page, "Källa").fill("Migrationsverkets årsplanering 2026-01-20")
    page.get_by_role("button", name="Spara planen").click()
    assert f"Planerad takt för Södertälje {year} är sparad." in alerts(page)
    plan = PacePlan.objects.get(municipality__code="0181", year=year)
    assert plan.months == PLAN and plan.source.startswith("Migrationsverkets")

    # The municipality page: "expected today" is the plan's, and says so.
    nav(page, "Översikt")
    page.locator("main table").get_by_role("link", name="Södertälje", exact=True).click()
    text = main_text(page)
    assert f"följer kommunens planerade takt för {year} (15 personer över året)" in text
    assert _expected_today(page) == str(planned_by(PLAN, year, timezone.localdate()))
    assert "Förväntat enligt plan" in text  # the month-by-month table's line
    page.screenshot(
        path="docs/screenshots/issue-18/municipality-pace-plan-1280.png", full_page=True
    )

    # Back to the plan from there, and remove it: the even line again.
    page.get_by_role("link", name="Ändra den planerade takten").click()
    assert field(page, "Mars").input_value() == "2"
    page.screenshot(path="docs/screenshots/issue-18/pace-plan-1280.png", full_page=True)
    page.get_by_role("button", name="Ta bort planen").click()
    assert "är borttagen" in alerts(page)
    assert not PacePlan.objects.filter(municipality__code="0181", year=year).exists()
    assert heading(page).startswith(f"Kommuntal {year}")
    assert page.get_by_role("link", name="Lägg in planerad takt för Södertälje").count() == 1


def test_staff_pace_plan_page_on_a_phone_shows_every_month(phone_page):
    sign_in(phone_page, STAFF)
    nav(phone_page, "Kommuntal")
    phone_page.get_by_role("link", name="Lägg in planerad takt för Botkyrka").click()
    for month in MONTHS:
        assert field(phone_page, month).is_visible()
    width = phone_page.evaluate("() => document.documentElement.scrollWidth")
    assert width <= 375
    phone_page.screenshot(path="docs/screenshots/issue-18/pace-plan-375.png", full_page=True)
