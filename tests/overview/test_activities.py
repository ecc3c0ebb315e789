"""SFI and civic orientation on the county overview and the municipality page.

The activity fixture (county 01, 2025), with hand-computed figures:

* "SFI Södertälje" (16 places) serves A 0181. A: January approved 6 women,
  4 men (3 first time, 2 completed, 1 dropped); February submitted 5 + 5 (waits
  for review: shown apart); March approved 5 + 3.
* "SFI gemensam" (30 places) serves A and B 0126. January approved: A 3 + 2
  (2 first time, 1 completed), B 4 + 6 (5 first time, 1 dropped). February: B
  submitted 9 + 9, then returned (counted nowhere).
* "SO Huddinge" (civic orientation, 25 places) serves B. January approved 10 + 5
  (15 first time); March a draft of 50 + 50 (not counted).
* "SFI 2024" (2024 only) and a language café serving A: not in the 2025 tables.
* C 0180 has no activities.

Fill rate = participants of every municipality ÷ (places × periods with approved reports):
SFI Södertälje 18 / (16 × 2), SFI gemensam 15 / (30 × 1), SO Huddinge 15 / (25 × 1).
"""

from __future__ import annotations

import csv
import datetime
import io
from decimal import Decimal

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from core.exports import HEADER_ROW, SV_INTEGER, SV_PERCENT
from core.models import Municipality
from overview.activities import activity_overview, municipality_activities
from tests.factories.accounts import client_for

from .world import activity_world  # noqa: F401  (the "activities" fixture)

pytestmark = pytest.mark.django_db


def _figures(overview, kind):
    table = overview.table(kind)
    return {r.municipality.code: r.figures for r in table.rows}, table.total


def _values(f):
    return (
        f.activities, f.places, f.women, f.men, f.participants,
        f.first_time, f.completed, f.dropped, f.fill_rate, f.submitted,
    )  # fmt: skip


def test_sfi_figures_equal_hand_computed_ones(county, activities):
    rows, total = _figures(activity_overview(county, 2025), "sfi")
    # A: both SFI activities; 18 + 15 participants over 16 × 2 + 30 × 1 places.
    assert _values(rows["0181"]) == (2, 46, 14, 9, 23, 5, 3, 1, Decimal("53.2"), 10)
    # B: the joint one only (its fill counts A's participants too); the returned report
    # is neither approved nor waiting.
    assert _values(rows["0126"]) == (1, 30, 4, 6, 10, 5, 0, 1, Decimal("50.0"), 0)
    assert _values(rows["0180"]) == (0, 0, 0, 0, 0, 0, 0, 0, None, 0)
    # The joint activity counts once for the county.
    assert _values(total) == (2, 46, 18, 15, 33, 10, 3, 2, Decimal("53.2"), 10)


def test_civic_orientation_figures_skip_drafts(county, activities):
    rows, total = _figures(activity_overview(county, 2025), "civic")
    assert _values(rows["0126"]) == (1, 25, 10, 5, 15, 15, 0, 0, Decimal("60.0"), 0)
    assert _values(rows["0181"]) == (0, 0, 0, 0, 0, 0, 0, 0, None, 0)
    assert _values(total) == _values(rows["0126"])


def test_every_municipality_of_the_county_has_a_row(county, activities):
    overview = activity_overview(county, 2025)
    codes = [r.municipality.code for r in overview.table("sfi").rows]
    assert len(codes) == Municipality.objects.in_county(county).count() == 26
    assert overview.has_data


def test_a_year_without_activities_is_empty_and_explained(staff, county, activities):
    overview = activity_overview(county, 2023)
    assert not overview.has_data
    page = client_for(staff).get(reverse("overview:county", kwargs={"year": 2023}))
    assert page.status_code == 200
    html = page.content.decode()
    assert "inga sfi- eller samhällsorienteringsaktiviteter" in html
    assert 'id="aktiviteter-sfi"' not in html


def test_an_ended_activity_counts_in_its_own_year(county, activities):
    rows, total = _figures(activity_overview(county, 2024), "sfi")
    assert (rows["0181"].activities, rows["0181"].places, total.participants) == (1, 40, 0)


def test_county_page_shows_both_tables_with_totals(staff, activities):
    html = client_for(staff).get(reverse("overview:county", kwargs={"year": 2025}))
    html = html.content.decode()
    sfi = html[
        html.index('id="aktiviteter-sfi"') : html.index('id="aktiviteter-samhallsorientering"')
    ]
    assert "SFI – svenska för invandrare 2025 per kommun: godkända aktivitetsrapporter" in sfi
    assert '<tfoot><tr><th scope="row">Hela länet</th><td class="num">2</td>' in sfi
    assert "53,2\u00a0%" in sfi and "50,0\u00a0%" in sfi
    assert "60,0\u00a0%" in html
    assert "visas för sig" in html  # submitted-but-not-approved figures are shown apart
    assert 'href="/uppfoljning/2025/export/sfi.xlsx"' in html


def test_admin_export_links_keep_the_county(admin, activities):
    html = client_for(admin).get(reverse("overview:county", kwargs={"year": 2025}) + "?lan=01")
    assert 'href="/uppfoljning/2025/export/samhallsorientering.csv?lan=01"' in html.content.decode()


def _export(client, table, fmt, query=""):
    url = reverse("overview:county_export", kwargs={"year": 2025, "table": table, "fmt": fmt})
    return client.get(url + query)


def test_sfi_xlsx_matches_the_table(staff, county, activities):
    response = _export(client_for(staff), "sfi", "xlsx")
    assert response.status_code == 200
    assert 'filename="oversikt-sfi-01-stockholms-lan-2025.xlsx"' in response["Content-Disposition"]
    sheet = load_workbook(io.BytesIO(response.content)).active
    rows = [list(r) for r in sheet.iter_rows(min_row=HEADER_ROW, values_only=True)]
    assert sheet.title == "SFI"
    assert rows[0] == [
        "Kommunkod", "Kommun", "Aktiviteter", "Platser", "Deltagare, kvinnor",
        "Deltagare, män", "Deltagare", "Började för första gången", "Slutförde", "Avbröt",
        "Beläggning (%)", "Deltagare i inskickade, ej godkända rapporter",
    ]  # fmt: skip
    assert len(rows) == 1 + 26 + 1
    by_code = {r[0]: r for r in rows[1:-1]}
    assert by_code["0181"][1:] == ["Södertälje", 2, 46, 14, 9, 23, 5, 3, 1, pytest.approx(53.2), 10]
    assert by_code["0180"][2:] == [0, 0, 0, 0, 0, 0, 0, 0, None, 0]
    assert rows[-1][:4] == [None, "Hela länet", 2, 46] or rows[-1][:4] == ["", "Hela länet", 2, 46]
    assert rows[-1][4:] == [18, 15, 33, 10, 3, 2, pytest.approx(53.2), 10]
    # The same figures as the page's table, row by row.
    table = activity_overview(county, 2025).table("sfi")
    assert [r[1] for r in rows[1:-1]] == [r.municipality.name for r in table.rows]
    assert [r[6] for r in rows[1:-1]] == [r.figures.participants for r in table.rows]
    assert sheet.cell(row=HEADER_ROW + 1, column=3).number_format == SV_INTEGER
    assert sheet.cell(row=HEADER_ROW + 1, column=11).number_format == SV_PERCENT


def test_civic_csv_has_swedish_headers_and_decimal_comma(staff, activities):
    response = _export(client_for(staff), "samhallsorientering", "csv")
    assert (
        "oversikt-samhallsorientering-01-stockholms-lan-2025.csv" in response["Content-Disposition"]
    )
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig")), delimiter=";"))
    assert rows[0][2] == "Aktiviteter" and rows[0][10] == "Beläggning (%)"
    b = next(r for r in rows if r[0] == "0126")
    assert b[2:] == ["1", "25", "10", "5", "15", "15", "0", "0", "60,0", "0"]
    assert rows[-1][1] == "Hela länet" and rows[-1][6] == "15"


def test_activity_export_of_an_empty_year_is_a_table_of_zeros(staff, activities):
    url = reverse("overview:county_export", kwargs={"year": 2023, "table": "sfi", "fmt": "csv"})
    rows = list(
        csv.reader(
            io.StringIO(client_for(staff).get(url).content.decode("utf-8-sig")), delimiter=";"
        )
    )
    assert len(rows) == 28 and rows[-1][2:7] == ["0", "0", "0", "0", "0"]


def test_activity_export_refuses_unknown_year_and_format(staff, activities):
    client = client_for(staff)
    assert _export(client, "sfi", "pdf").status_code == 404
    url = reverse("overview:county_export", kwargs={"year": 1999, "table": "sfi", "fmt": "csv"})
    assert client.get(url).status_code == 404


def test_reporter_may_not_export_the_county_activity_tables(reporter_a, activities):
    assert _export(client_for(reporter_a), "sfi", "csv").status_code == 403


# The municipality page.


def test_municipality_activities_equal_hand_computed_ones(municipality_a, activities):
    lines = municipality_activities(municipality_a, 2025)
    assert [line.activity.title for line in lines] == [
        "SFI Södertälje", "SFI gemensam", "Språkcafé"
    ]  # fmt: skip
    own, joint, cafe = lines
    assert (own.participants, own.completed, own.fill_rate, own.submitted) == (
        18, 2, Decimal("56.3"), 10,
    )  # fmt: skip
    # Participants and completed are A's own; the fill rate is the activity's (A + B).
    assert (joint.participants, joint.completed, joint.fill_rate, joint.submitted) == (
        5, 1, Decimal("50.0"), 0,
    )  # fmt: skip
    assert (cafe.participants, cafe.completed, cafe.fill_rate, cafe.submitted) == (0, 0, None, 0)
    assert [line.activity.title for line in municipality_activities(municipality_a, 2024)] == [
        "SFI 2024"
    ]


def _municipality_page(user, code="0181", year=2025):
    url = reverse("overview:municipality", kwargs={"code": code}) + f"?ar={year}"
    return client_for(user).get(url)


def test_staff_see_the_activities_with_links_to_their_detail(staff, activities):
    html = _municipality_page(staff).content.decode()
    section = html[html.index('id="aktiviteter"') : html.index('id="kontakt"')]
    detail = reverse("activities:activity_detail", args=[activities["own"].pk])
    assert f'<a href="{detail}">SFI Södertälje</a>' in section
    assert "Lärcenter" in section and "arabiska, tigrinja" in section
    assert "2025-01-01–2030-06-30" in section and "56,3\u00a0%" in section
    assert "SFI 2024" not in section and "SO Huddinge" not in section


def test_reporter_sees_own_activities_without_staff_links(reporter_b, activities):
    html = _municipality_page(reporter_b, code="0126").content.decode()
    section = html[html.index('id="aktiviteter"') : html.index('id="kontakt"')]
    assert "SO Huddinge" in section and "SFI gemensam" in section
    assert "SFI Södertälje" not in section
    assert "/aktiviteter/" not in section.replace("/export/aktiviteter", "")
    assert "60,0\u00a0%" in section


def test_municipality_without_activities_says_so(staff, activities):
    html = _municipality_page(staff, code="0180").content.decode()
    assert "deltar inte i någon registrerad aktivitet under 2025" in html


def test_municipality_activity_export_matches_its_table(reporter_a, activities):
    url = reverse(
        "overview:municipality_export",
        kwargs={"code": "0181", "table": "aktiviteter", "fmt": "xlsx"},
    )
    response = client_for(reporter_a).get(url + "?ar=2025")
    assert response.status_code == 200
    assert "aktiviteter" in response["Content-Disposition"]
    assert "0181-sodertalje-01-stockholms-lan-2025" in response["Content-Disposition"]
    rows = [list(r) for r in load_workbook(io.BytesIO(response.content)).active.iter_rows(
        min_row=HEADER_ROW, values_only=True)]  # fmt: skip
    assert rows[0][:4] == ["Typ", "Aktivitet", "Ansvarig organisation", "Språk"]
    assert [r[1] for r in rows[1:]] == ["SFI Södertälje", "SFI gemensam", "Språkcafé"]
    own = rows[1]
    assert own[2:4] == ["Lärcenter", "arabiska"]
    assert own[4].date() == datetime.date(2025, 1, 1)
    assert own[6:] == [16, 18, 2, pytest.approx(56.3), 10]


def test_other_municipality_activity_export_is_404(reporter_b, activities):
    url = reverse(
        "overview:municipality_export",
        kwargs={"code": "0181", "table": "aktiviteter", "fmt": "csv"},
    )
    assert client_for(reporter_b).get(url + "?ar=2025").status_code == 404
