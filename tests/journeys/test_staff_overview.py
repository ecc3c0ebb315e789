"""County staff: the county overview and its exports."""

from __future__ import annotations

import io
import re
from decimal import Decimal

import openpyxl
from django.utils import timezone

from agreements.models import TargetCategory
from core.exports import HEADER_ROW
from core.models import Municipality
from reception.capacity import targets_for_year
from tests.journeys.steps import (
    STAFF,
    csv_rows,
    download,
    field,
    heading,
    main_text,
    nav,
    sign_in,
    table_rows,
)

#: Page columns → file columns (the file has the code and name apart, no bar).
COLUMNS = ["Mål", "Godkänt", "Inskickat", "Mottagna", "Kvar", "Måluppfyllelse", "Förväntat"]


def _number(text: str) -> Decimal | None:
    """A page cell's number ("1 234", "82,4 %", "–" for none)."""
    text = re.sub(r"[\s\u00a0\u202f%]", "", text)
    return None if text in ("–", "-", "") else Decimal(text.replace(",", "."))


def _file_number(value) -> Decimal | None:
    """A file cell's number (a number in XLSX, text with a decimal point or comma in CSV)."""
    if value is None or value == "":
        return None
    return Decimal(str(value).replace(",", "."))


def _page_table(page) -> list[list[str]]:
    """The municipalities table as (code, name, figures…, pace) without the bar."""
    table = page.get_by_role("region", name="Kommunerna").locator("table")
    found = []
    for cells in table_rows(page, table):
        name, code = re.match(r"(.+) \((\d{4})\)", cells[0]).groups()
        found.append([code, name, *[_number(c) for c in cells[1:8]], cells[8]])
    return found


def _open_overview(page, category: str) -> None:
    sign_in(page, STAFF)
    nav(page, "Översikt")
    year = timezone.localdate().year
    assert heading(page) == f"Översikt {year} – Stockholms län"
    field(page, "Kategori").select_option(label=category)
    page.get_by_role("button", name="Visa", exact=True).click()
    # Largest target first: a person clicks the column heading twice.
    table = page.get_by_role("region", name="Kommunerna")
    table.get_by_role("link", name="Mål", exact=True).click()
    page.wait_for_load_state()
    table.get_by_role("link", name=re.compile(r"^Mål\b")).click()
    page.wait_for_load_state()
    assert "▼" in table.locator("th[aria-sort=descending]").inner_text()


def test_staff_export_the_municipality_table_of_the_county_overview_as_excel(page):
    category = TargetCategory.objects.get(code="massflykt")
    _open_overview(page, category.name)
    shown = _page_table(page)
    assert len(shown) == Municipality.objects.filter(county__code="01").count()
    targets = [r[2] for r in shown if r[2] is not None]
    assert targets == sorted(targets, reverse=True) and targets

    # The page's targets are the signed agreements' (database).
    year = timezone.localdate().year
    county = Municipality.objects.filter(county__code="01")
    in_db = targets_for_year(county, year, timezone.localdate())
    by_code = {m.code: m.pk for m in county}
    for row in shown:
        expected = in_db.get((by_code[row[0]], category.pk))
        assert row[2] == expected, row

    region = page.get_by_role("main")
    name, data = download(
        page,
        lambda: region.get_by_role("link", name="Excel (XLSX) – kommuntabellen").click(),
    )
    assert name == f"oversikt-kommuner-massflykt-01-stockholms-lan-{year}.xlsx"
    sheet = openpyxl.load_workbook(io.BytesIO(data)).active
    rows = list(sheet.iter_rows(min_row=HEADER_ROW, values_only=True))
    assert rows[0][2] == f"Mål ({category.name})"
    body = rows[1:-1]
    assert [[r[0], r[1], *[_file_number(v) for v in r[2:9]], r[9]] for r in body] == shown
    assert rows[-1][1] == "Hela länet"
    assert isinstance(body[0][2], int)  # numbers are numbers in the workbook


def test_staff_export_the_municipality_table_of_the_county_overview_as_csv(page):
    category = TargetCategory.objects.get(is_settlement_quota=True)
    _open_overview(page, category.name)
    shown = _page_table(page)
    total = page.get_by_role("region", name="Kommunerna").locator("tfoot tr").inner_text()

    name, data = download(
        page,
        lambda: page.get_by_role("main").get_by_role("link", name="CSV – kommuntabellen").click(),
    )
    assert name.endswith(".csv") and "kommuner" in name
    rows = csv_rows(data)
    assert rows[0][:3] == ["Kommunkod", "Kommun", f"Mål ({category.name})"]
    assert [[*r[:2], *[_file_number(v) for v in r[2:9]], r[9]] for r in rows[1:-1]] == shown
    assert rows[-1][1] == "Hela länet"
    assert _number(total.split("\t")[1]) == _file_number(rows[-1][2])
    assert "Läget" in main_text(page)


def test_staff_read_kolada_beside_a_municipality_and_choose_another_key_figure(page, settings):
    """The Kolada panel on a municipality page, then a title search in Kolada (a local
    server answering from the recorded v3 files) and a key figure chosen."""
    from overview.models import KoladaKpi, KoladaValue
    from tests.overview.kolada_server import KoladaServer

    sign_in(page, STAFF)
    nav(page, "Översikt")
    page.get_by_role("region", name="Kommunerna").get_by_role(
        "link", name="Södertälje", exact=True
    ).click()
    page.wait_for_load_state()
    assert heading(page).endswith("Södertälje")
    panel = page.get_by_role("region", name="Nyckeltal från Kolada", exact=True)
    assert "Källa: Kolada" in main_text(page)
    newest = (
        KoladaValue.objects.filter(municipality__code="0181", kpi__kpi_id="N00919", gender="T")
        .order_by("-period")
        .first()
    )
    rows = {r[0]: r[1:] for r in table_rows(page, panel.locator("table"))}
    shown = next(cells for name, cells in rows.items() if "(N00919)" in name)
    assert shown == [f"{newest.value.normalize():f}".replace(".", ","), str(newest.period)]

    with KoladaServer() as server:
        settings.KOLADA_BASE_URL = server.base
        page.get_by_role("link", name="Välj nyckeltal från Kolada").click()
        page.wait_for_load_state()
        assert heading(page) == "Nyckeltal från Kolada"
        field(page, "Sök nyckeltal på namn").fill("sfi")
        page.get_by_role("button", name="Sök i Kolada").click()
        page.wait_for_load_state()
        page.get_by_role("button", name="Välj Elever i sfi, antal").click()
        page.wait_for_load_state()
    assert "Elever i sfi, antal är valt" in main_text(page)
    assert KoladaKpi.objects.filter(kpi_id="U00401", chosen_by__email=STAFF.email).exists()
