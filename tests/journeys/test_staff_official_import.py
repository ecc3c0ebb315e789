"""County staff import Migrationsverket's monthly figures and return a report whose
figures differ, with the prepared message (issue 18)."""

from __future__ import annotations

import openpyxl
from django.core import mail

from reception.models import (
    FollowUpReport,
    OfficialColumnMapping,
    OfficialPublication,
    ReportStatus,
)
from reception.official import own_year_to_date
from tests.journeys.steps import STAFF, alerts, field, heading, main_text, nav, sign_in


def _workbook(path, year: int, rows: list[list]) -> None:
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "Kommunmottagande"
    sheet.append([f"Kommunmottagande med kommuntal {year}"])
    sheet.append([])
    sheet.append(["Län", "Kommun", "Kommuntal", "Mottagna efter anvisning", "Egenbosatta"])
    for row in rows:
        sheet.append(row)
    sheet.append(["Stockholms län", "Totalt Stockholms län", 360, 200, 90])
    book.save(path)


def test_staff_import_a_month_and_return_a_report_with_the_prepared_message(page, tmp_path):
    mail.outbox.clear()
    sign_in(page, STAFF)
    nav(page, "Granska rapporter")
    period_label = field(page, "Period").locator("option:checked").inner_text().split(" – ")[0]
    report = next(
        r
        for r in FollowUpReport.objects.filter(
            municipality__name="Huddinge", status=ReportStatus.SUBMITTED
        ).select_related("period", "municipality")
        if r.period.label.lower() == period_label.lower()
    )
    period = report.period
    own = own_year_to_date(report.municipality, period.year, period.end.month)
    official = own["received"] + 2
    path = tmp_path / "kommunmottagande.xlsx"
    _workbook(
        path,
        period.year,
        [
            ["Stockholms län", "Huddinge", 40, official, own["self_settled"]],
            ["Stockholms län", "Upplands-Väsby", 12, "..", ".."],
        ],
    )

    nav(page, "Mina sidor")
    page.get_by_role("link", name="Läs in Migrationsverkets statistik").click()
    page.wait_for_load_state()
    assert heading(page).startswith("Läs in Migrationsverkets statistik")
    field(page, "Migrationsverkets fil (Excel, .xlsx)").set_input_files(path)
    field(page, "År").fill(str(period.year))
    field(page, "Uppgifterna gäller till och med").select_option(str(period.end.month))
    field(page, "Publicerad").fill(f"{period.year}-12-01")
    page.get_by_role("button", name="Förhandsgranska").click()
    page.wait_for_load_state()
    preview = page.get_by_role("region", name="Migrationsverket och kommunerna")
    huddinge = preview.get_by_role("row").filter(has_text="Huddinge")
    assert "Skiljer sig" in huddinge.inner_text()
    assert "maskerat" in preview.get_by_role("row").filter(has_text="Upplands Väsby").inner_text()
    assert not OfficialPublication.objects.exists()  # a preview saves nothing
    # The columns are guessed from the header; staff check them and confirm once.
    assert field(page, "Kommunens namn").locator("option:checked").inner_text() == "B: Kommun"
    received = field(page, "Mottagna efter anvisning, hittills i år")
    assert received.locator("option:checked").inner_text() == "D: Mottagna efter anvisning"
    assert page.get_by_role("button", name="Läs in siffrorna för 2 kommuner").count() == 0
    page.screenshot(path="docs/screenshots/issue-18/official-columns-1280.png", full_page=True)
    size = page.viewport_size
    page.set_viewport_size({"width": 375, "height": 800})
    page.screenshot(path="docs/screenshots/issue-18/official-columns-375.png", full_page=True)
    page.set_viewport_size(size)
    page.get_by_role("button", name="Bekräfta kolumnerna och granska igen").click()
    page.wait_for_load_state()
    assert "Kolumnerna är bekräftade" in main_text(page)
    assert OfficialColumnMapping.objects.get().columns["received"] == "mottagna efter anvisning"
    page.get_by_role("button", name="Läs in siffrorna för 2 kommuner").click()
    page.wait_for_load_state()
    assert "Migrationsverkets siffror för 2 kommuner är inlästa" in alerts(page)
    publication = OfficialPublication.objects.get()
    assert publication.figures.get(municipality__name="Upplands Väsby").received_masked

    nav(page, "Granska rapporter")
    page.locator("main table").get_by_role("link", name="Granska Huddinge", exact=True).click()
    page.wait_for_load_state()
    text = main_text(page)
    assert f"Migrationsverket: {official} · kommunen: {own['received']}" in text
    message = field(page, "Meddelande till kommunen").input_value()
    assert f"Migrationsverket {official}, kommunen {own['received']}" in message
    page.get_by_role("button", name="Skicka tillbaka").click()
    page.wait_for_load_state()
    assert "Rapporten är skickad tillbaka till Huddinge" in alerts(page)
    report.refresh_from_db()
    assert report.status == ReportStatus.RETURNED
    assert report.review_message == message
