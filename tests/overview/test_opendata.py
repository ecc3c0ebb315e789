"""Open data: only approved figures, stable columns, CSV/JSON/HTML agree."""

from __future__ import annotations

import csv
import io
import json

import pytest
from django.core.cache import cache
from django.urls import reverse

from core.models import Municipality
from overview import opendata
from overview.models import OpenDataVersion
from overview.services import opendata_publish
from reception import services
from tests.factories.reporting import YEAR, approved, draft, make_agreement, period_of, submitted

pytestmark = pytest.mark.django_db

COLUMNS = [
    "ar",
    "lan_kod",
    "lan",
    "kommun_kod",
    "kommun",
    "kategori_kod",
    "kategori",
    "mal",
    "mottagna",
    "maluppfyllelse_procent",
    "varav_kvinnor",
    "varav_man",
    "varav_barn",
]


@pytest.fixture(autouse=True)
def _empty_cache():
    cache.clear()


@pytest.fixture
def figures_a(county, municipality_a, municipality_b, reporter_a, reporter_b, staff):
    make_agreement(municipality_a, YEAR, {"anvisade": 40, "kvotflyktingar": 0})
    approved(municipality_a, period_of(county, YEAR, 1), reporter_a, staff, anvisade=10)
    submitted(municipality_a, period_of(county, YEAR, 2), reporter_a, anvisade=5)
    draft(municipality_a, period_of(county, YEAR, 3), reporter_a, anvisade=3)
    make_agreement(municipality_b, YEAR, {"anvisade": 12})
    publish()
    return municipality_a


def publish(reason: str = "Första versionen.") -> OpenDataVersion | None:
    return opendata_publish(year=YEAR, reason=reason)


def csv_rows(client, query=""):
    response = client.get(reverse("overview:opendata_csv", kwargs={"year": YEAR}) + query)
    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    reader = csv.reader(io.StringIO(response.content.decode("utf-8")))
    header, *rows = list(reader)
    assert header == COLUMNS
    return [dict(zip(header, row, strict=True)) for row in rows]


def test_csv_counts_only_approved_figures(client, figures_a):
    rows = {(r["kommun_kod"], r["kategori_kod"]): r for r in csv_rows(client)}
    row = rows[("0181", "anvisade")]
    assert row["kommun"] == "Södertälje"
    assert row["lan_kod"] == "01"
    assert row["mal"] == "40"
    assert row["mottagna"] == "10"  # not the 5 submitted nor the 3 in a draft
    assert row["maluppfyllelse_procent"] == "25.0"


def test_target_zero_has_no_fulfilment(client, figures_a):
    rows = {(r["kommun_kod"], r["kategori_kod"]): r for r in csv_rows(client)}
    assert rows[("0181", "kvotflyktingar")]["mal"] == "0"
    assert rows[("0181", "kvotflyktingar")]["maluppfyllelse_procent"] == ""
    assert rows[("0126", "anvisade")]["mottagna"] == "0"


def test_json_matches_csv_and_documents_columns(client, figures_a):
    response = client.get(reverse("overview:opendata_json", kwargs={"year": YEAR}))
    payload = json.loads(response.content)
    assert [c["namn"] for c in payload["kolumner"]] == COLUMNS
    assert all(c["beskrivning"] for c in payload["kolumner"])
    assert payload["data_per"] is not None
    row = next(
        r for r in payload["rader"] if r["kommun_kod"] == "0181" and r["kategori_kod"] == "anvisade"
    )
    assert row["mottagna"] == 10
    assert row["maluppfyllelse_procent"] == 25.0
    assert len(payload["rader"]) == len(csv_rows(client))


def test_html_table_shows_the_same_figures_with_swedish_formats(client, figures_a):
    response = client.get(reverse("overview:opendata_year", kwargs={"year": YEAR}))
    body = response.content.decode()
    assert "Södertälje (0181)" in body
    assert "25,0\u00a0%" in body
    assert "<caption>" in body


def test_county_filter_and_unknown_county_or_year(client, figures_a):
    assert {r["lan_kod"] for r in csv_rows(client, "?lan=01")} == {"01"}
    assert csv_rows(client, "?lan=03") == []
    url = reverse("overview:opendata_csv", kwargs={"year": YEAR})
    assert client.get(url + "?lan=99").status_code == 404
    assert client.get(reverse("overview:opendata_csv", kwargs={"year": 1999})).status_code == 404
    assert client.get(reverse("overview:opendata_year", kwargs={"year": 2099})).status_code == 404


def test_reopening_an_approved_report_changes_the_table_only_with_a_new_version(
    client, county, figures_a, staff
):
    assert {r["mottagna"] for r in csv_rows(client) if r["kommun_kod"] == "0181"} >= {"10"}
    report = figures_a.reports.get(period=period_of(county, YEAR, 1))
    services.report_reopen(report=report, user=staff, version=report.version, reason="Fel siffra")
    assert {r["mottagna"] for r in csv_rows(client) if r["kommun_kod"] == "0181"} >= {"10"}
    assert publish("Rapporten för januari öppnades igen.").number == 2
    row = next(
        r for r in csv_rows(client) if r["kommun_kod"] == "0181" and r["kategori_kod"] == "anvisade"
    )
    assert row["mottagna"] == "0"


def test_index_lists_years_and_columns(client, figures_a):
    body = client.get(reverse("overview:opendata")).content.decode()
    assert f"/oppna-data/{YEAR}.csv" in body
    assert "maluppfyllelse_procent" in body


def test_open_data_queries_do_not_grow_with_municipalities(
    client, county, reporter_a, staff, django_assert_max_num_queries
):
    municipalities = list(Municipality.objects.filter(county=county).order_by("code"))
    make_agreement(municipalities[0], YEAR, {"anvisade": 5})
    url = reverse("overview:opendata_csv", kwargs={"year": YEAR})

    def count() -> tuple[int, int]:
        cache.clear()
        with django_assert_max_num_queries(50) as building:
            opendata.build(YEAR, None)
        publish(f"{OpenDataVersion.objects.count()} versioner")
        cache.clear()
        with django_assert_max_num_queries(50) as serving:
            client.get(url)
        return len(building.captured_queries), len(serving.captured_queries)

    one = count()
    for municipality in municipalities[1:]:
        make_agreement(municipality, YEAR, {"anvisade": 5})
    assert count() == one
    with django_assert_max_num_queries(9):
        client.get(url)


def test_of_which_categories_come_right_under_the_category_they_are_part_of(client, figures_a):
    """ "varav kvotflyktingar" is read as part of the row above: never after another category."""
    make_agreement(
        Municipality.objects.get(code="0180"),
        YEAR,
        {"anvisade": 9, "kvotflyktingar": 3, "ensamkommande": 2, "massflykt": 1},
    )
    publish("Stockholm har fått mål.")
    codes = [r["kategori_kod"] for r in csv_rows(client) if r["kommun_kod"] == "0180"]
    assert codes == ["anvisade", "kvotflyktingar", "ensamkommande", "massflykt"]
    page = client.get(reverse("overview:opendata_year", kwargs={"year": YEAR})).content.decode()
    stockholm = page[page.index("Stockholm (0180)") :]
    assert (
        stockholm.index("Anvisade nyanlända")
        < stockholm.index("varav kvotflyktingar")
        < stockholm.index("Ensamkommande barn")
    )
