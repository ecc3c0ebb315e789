"""Every overview table downloads as CSV and XLSX with the same figures as the page."""

from __future__ import annotations

import csv
import io
from decimal import Decimal
from html.parser import HTMLParser

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from core.exports import HEADER_ROW, SV_INTEGER, SV_PERCENT
from tests.factories.accounts import client_for

from .world import activity_world, small_world  # noqa: F401  (fixtures)

pytestmark = pytest.mark.django_db


def _export(client, table: str, fmt: str, query: str = ""):
    url = reverse("overview:county_export", kwargs={"year": 2025, "table": table, "fmt": fmt})
    return client.get(url + query)


def _xlsx(response):
    sheet = load_workbook(io.BytesIO(response.content)).active
    return sheet, [list(row) for row in sheet.iter_rows(min_row=HEADER_ROW, values_only=True)]


def _csv(response):
    text = response.content.decode("utf-8-sig")
    return list(csv.reader(io.StringIO(text), delimiter=";"))


def test_municipality_table_xlsx_matches_the_page(staff, small):
    client = client_for(staff)
    response = _export(client, "kommuner", "xlsx")
    assert response.status_code == 200
    disposition = response["Content-Disposition"]
    assert "2025" in disposition and "01-stockholms-lan" in disposition
    assert disposition.endswith('.xlsx"')
    sheet, rows = _xlsx(response)
    assert rows[0][:3] == ["Kommunkod", "Kommun", "Mål (Anvisade nyanlända (kommuntal))"]
    assert len(rows) == 1 + 26 + 1  # header, every municipality, county line
    by_code = {r[0]: r for r in rows[1:]}
    a = by_code["0181"]
    # Target 90 (amended), approved 10, submitted 5, received 15, remaining 75.
    assert a[1:8] == ["Södertälje", 90, 10, 5, 15, 75, pytest.approx(16.7)]
    assert a[8] == 90 and a[9] == "Efter plan"
    assert by_code["0126"][2:8] == [0, 2, 0, 2, 0, None]  # target 0: no percentage
    total = rows[-1]
    assert total[1] == "Hela länet" and total[2:7] == [90, 12, 5, 17, 75]
    assert sheet.cell(row=HEADER_ROW + 1, column=3).number_format == SV_INTEGER
    assert sheet.cell(row=HEADER_ROW + 1, column=8).number_format == SV_PERCENT
    page = client.get(reverse("overview:county", kwargs={"year": 2025})).content.decode()
    assert "16,7\u00a0%" in page and "18,9\u00a0%" in page  # the same figures on the page


def test_csv_uses_semicolons_and_decimal_comma(staff, small):
    response = _export(client_for(staff), "kommuner", "csv")
    assert response["Content-Type"].startswith("text/csv")
    rows = _csv(response)
    a = next(r for r in rows if r[0] == "0181")
    assert a[2:8] == ["90", "10", "5", "15", "75", "16,7"]
    assert (
        "oversikt-kommuner-anvisade-01-stockholms-lan-2025.csv" in response["Content-Disposition"]
    )


def test_export_follows_the_filters_and_sorting_of_the_page(staff, small):
    rows = _csv(_export(client_for(staff), "kommuner", "csv", "?lage=above"))
    assert [r[1] for r in rows[1:]] == ["Huddinge", "Hela länet"]
    rows = _csv(_export(client_for(staff), "kommuner", "csv", "?sort=-mottagna"))
    assert [r[1] for r in rows[1:3]] == ["Södertälje", "Huddinge"]


def test_completeness_and_period_tables_export(staff, small):
    client = client_for(staff)
    _sheet, rows = _xlsx(_export(client, "rapportering", "xlsx"))
    assert rows[0] == [
        "Kommunkod",
        "Kommun",
        "Förväntade",
        "Inskickade",
        "I tid",
        "För sent",
        "Saknas",
        "Andel i tid (%)",
    ]
    a = next(r for r in rows if r[0] == "0181")
    # The whole of 2025 is due: January on time, February late, ten missing.
    assert a[2:7] == [12, 2, 1, 1, 10]
    assert a[7] == pytest.approx(float(Decimal("8.3")))
    _sheet, periods = _xlsx(_export(client, "perioder", "xlsx"))
    assert periods[1][0] == "januari 2025"
    assert periods[1][-3:] == [12, 12, 90 * 31 // 365]
    assert periods[-1][0] == "Hela året" and periods[-1][-3] == 17


def test_unknown_table_or_format_is_404(staff):
    client = client_for(staff)
    assert _export(client, "hemligt", "csv").status_code == 404
    assert _export(client, "kommuner", "pdf").status_code == 404


def test_municipality_exports_match_its_page(reporter_a, small, municipality_a):
    client = client_for(reporter_a)

    def get(table, fmt):
        url = reverse(
            "overview:municipality_export", kwargs={"code": "0181", "table": table, "fmt": fmt}
        )
        return client.get(url + "?ar=2025")

    response = get("perioder", "xlsx")
    assert "0181-sodertalje-01-stockholms-lan-2025" in response["Content-Disposition"]
    _sheet, rows = _xlsx(response)
    assert rows[1][2] == "Godkänd" and rows[1][4] == "I tid" and rows[1][5] == 10
    assert rows[2][4] == "För sent" and rows[2][6] == 5
    assert rows[3][2] == "Skickad tillbaka" and rows[3][4] == "Saknas"
    agreements = _csv(get("overenskommelser", "csv"))
    assert agreements[1][0] == "2025" and agreements[1][3] == "90"
    bad = reverse(
        "overview:municipality_export", kwargs={"code": "0181", "table": "x", "fmt": "csv"}
    )
    assert client.get(bad).status_code == 404


# Every export against its table on the page, cell by cell.


class _Tables(HTMLParser):
    """The page's tables by caption: per row, the text of its numeric (class="num") cells."""

    def __init__(self) -> None:
        super().__init__()
        self.tables: dict[str, list[list[str]]] = {}
        self._caption: str | None = None
        self._rows: list[list[str]] | None = None
        self._cell: list[str] | None = None
        self._in_caption = False

    def handle_starttag(self, tag, attrs):
        if tag == "table":
            self._rows, self._caption = [], ""
        elif tag == "caption":
            self._in_caption = True
        elif tag == "tr" and self._rows is not None:
            self._rows.append([])
        elif tag == "td" and "num" in (dict(attrs).get("class") or "").split():
            self._cell = []

    def handle_endtag(self, tag):
        if tag == "caption":
            self._in_caption = False
        elif tag == "td" and self._cell is not None:
            self._rows[-1].append("".join(self._cell).strip())
            self._cell = None
        elif tag == "table" and self._rows is not None:
            self.tables[self._caption.strip()] = [r for r in self._rows if r]
            self._rows = None

    def handle_data(self, data):
        if self._in_caption:
            self._caption += data
        elif self._cell is not None:
            self._cell.append(data)


def _page_number(text: str):
    text = text.replace("\u00a0", "").replace("%", "").replace("−", "-").strip()
    if text in ("", "–"):
        return None
    return float(text.replace(",", ".")) if "," in text else int(text)


def _page_table(html: str, caption_start: str) -> list[list]:
    parser = _Tables()
    parser.feed(html)
    (rows,) = [rows for caption, rows in parser.tables.items() if caption.startswith(caption_start)]
    return [[n for n in map(_page_number, row) if n is not None] for row in rows]


def _export_numbers(response) -> list[list]:
    """The numeric columns (integer and percent formats) of every body row, None left out."""
    sheet = load_workbook(io.BytesIO(response.content)).active
    numeric = [
        cell.column
        for cell in sheet[HEADER_ROW + 1]
        if cell.number_format in (SV_INTEGER, SV_PERCENT)
    ]
    rows = []
    for row in sheet.iter_rows(min_row=HEADER_ROW + 1):
        values = [row[c - 1].value for c in numeric]
        rows.append(
            [pytest.approx(v) if isinstance(v, float) else v for v in values if v is not None]
        )
    return rows


COUNTY_TABLES = [
    ("kommuner", "Anvisade nyanlända (kommuntal) 2025: mål"),
    ("rapportering", "Rapportering per kommun 2025"),
    ("perioder", "Rapportering och mottagna per period 2025"),
    ("sfi", "SFI – svenska för invandrare 2025 per kommun"),
    ("samhallsorientering", "Samhällsorientering 2025 per kommun"),
]


@pytest.mark.parametrize(("table", "caption"), COUNTY_TABLES, ids=[t for t, _c in COUNTY_TABLES])
def test_every_county_export_has_the_figures_of_its_table(staff, small, activities, table, caption):
    client = client_for(staff)
    html = client.get(reverse("overview:county", kwargs={"year": 2025})).content.decode()
    page = _page_table(html, caption)
    export = _export_numbers(_export(client, table, "xlsx"))
    assert len(page) == len(export) > 2
    assert any(any(row) for row in page)  # not a table of zeros
    assert export == page


MUNICIPALITY_TABLES = [
    ("perioder", "Rapporter och mottagna per period 2025"),
    ("overenskommelser", "Överenskommelser, senast gällande mål"),
    ("aktiviteter", "Aktiviteter för Södertälje 2025"),
]


@pytest.mark.parametrize(
    ("table", "caption"), MUNICIPALITY_TABLES, ids=[t for t, _c in MUNICIPALITY_TABLES]
)
def test_every_municipality_export_has_the_figures_of_its_table(
    reporter_a, small, activities, table, caption
):
    client = client_for(reporter_a)
    url = reverse("overview:municipality", kwargs={"code": "0181"}) + "?ar=2025"
    page = _page_table(client.get(url).content.decode(), caption)
    export_url = reverse(
        "overview:municipality_export", kwargs={"code": "0181", "table": table, "fmt": "xlsx"}
    )
    export = _export_numbers(client.get(export_url + "?ar=2025"))
    assert len(page) == len(export) > 0
    assert any(any(row) for row in page)
    assert export == page
