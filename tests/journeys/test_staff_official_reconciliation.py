"""County staff compare Migrationsverket's figures with the municipalities' own on the
county overview: import a month, show only the differences, open the municipality and
read both series month by month (issue 18)."""

from __future__ import annotations

from django.utils import timezone

from core.models import Municipality
from reception.models import HANDED_IN, FollowUpReport, OfficialPublication
from reception.official import own_year_to_date
from tests.journeys.steps import STAFF, alerts, field, heading, nav, sign_in
from tests.journeys.test_staff_official_import import _workbook


def test_staff_filter_the_overview_to_differences_and_see_both_series(page, tmp_path):
    year = timezone.localdate().year
    report = (
        FollowUpReport.objects.filter(
            municipality__name="Huddinge", period__year=year, status__in=list(HANDED_IN)
        )
        .select_related("period", "municipality")
        .order_by("-period__end")
        .first()
    )
    month = report.period.end.month
    huddinge = own_year_to_date(report.municipality, year, month)
    vasby = own_year_to_date(Municipality.objects.get(name="Upplands Väsby"), year, month)
    path = tmp_path / "kommunmottagande.xlsx"
    _workbook(
        path,
        year,
        [
            ["Stockholms län", "Huddinge", 40, huddinge["received"] + 2, huddinge["self_settled"]],
            ["Stockholms län", "Upplands-Väsby", 12, vasby["received"], vasby["self_settled"]],
        ],
    )
    sign_in(page, STAFF)
    nav(page, "Mina sidor")
    page.get_by_role("link", name="Läs in Migrationsverkets statistik").click()
    page.wait_for_load_state()
    field(page, "Migrationsverkets fil (Excel, .xlsx)").set_input_files(path)
    field(page, "År").fill(str(year))
    field(page, "Uppgifterna gäller till och med").select_option(str(month))
    field(page, "Publicerad").fill(f"{year}-{month:02d}-28")
    page.get_by_role("button", name="Förhandsgranska").click()
    page.wait_for_load_state()
    # The first file of a county: staff confirm the guessed columns before importing.
    page.get_by_role("button", name="Bekräfta kolumnerna och granska igen").click()
    page.wait_for_load_state()
    page.get_by_role("button", name="Läs in siffrorna för 2 kommuner").click()
    page.wait_for_load_state()
    assert "Migrationsverkets siffror för 2 kommuner är inlästa" in alerts(page)
    assert OfficialPublication.objects.get().through_month == month

    nav(page, "Översikt")
    caption = f"Mottagna {year} hittills enligt Migrationsverket och enligt kommunernas rapporter"
    table = page.get_by_role("region", name=caption)
    assert "Stämmer" in table.get_by_role("row").filter(has_text="Upplands Väsby").inner_text()
    page.get_by_role("link", name="Visa bara skillnader").click()
    page.wait_for_load_state()
    rows = table.locator("tbody tr")
    assert rows.count() == 1
    assert "Skiljer sig" in rows.first.inner_text()
    assert "Visar 1 av 26 kommuner: bara de med skillnader." in page.locator("main").inner_text()

    table.get_by_role("link", name="Huddinge").click()
    page.wait_for_load_state()
    assert heading(page).endswith("Huddinge")
    series = page.get_by_role(
        "region",
        name=f"Mottagna efter anvisning {year}: Migrationsverket och kommunens rapporter per månad",
    )
    last = series.locator("tbody tr").last
    cells = [c.inner_text().strip() for c in last.locator("td").all()]
    assert cells[1] == str(huddinge["received"] + 2)
    assert cells[3].replace("\u00a0", "") == str(huddinge["received"])
    assert cells[4] == "Skiljer sig"
