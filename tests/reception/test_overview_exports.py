"""Every overview table downloads as CSV and XLSX with the same figures as the page."""

from __future__ import annotations

import csv
import io
from decimal import Decimal

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from agreements.exports import SV_INTEGER, SV_PERCENT
from tests.conftest import client_for

from .overview_world import small_world  # noqa: F401  (the "small" fixture)

pytestmark = pytest.mark.django_db


def _export(client, table: str, fmt: str, query: str = ""):
    url = reverse("reception:overview_export", kwargs={"year": 2025, "table": table, "fmt": fmt})
    return client.get(url + query)


def _xlsx(response):
    sheet = load_workbook(io.BytesIO(response.content)).active
    return sheet, [list(row) for row in sheet.iter_rows(values_only=True)]


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
    assert sheet.cell(row=2, column=3).number_format == SV_INTEGER
    assert sheet.cell(row=2, column=8).number_format == SV_PERCENT
    page = client.get(reverse("reception:capacity", kwargs={"year": 2025})).content.decode()
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
            "reception:municipality_export", kwargs={"code": "0181", "table": table, "fmt": fmt}
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
        "reception:municipality_export", kwargs={"code": "0181", "table": "x", "fmt": "csv"}
    )
    assert client.get(bad).status_code == 404
