"""The county analysts' reads: per county and year, paginated, filtered, JSON and CSV."""

from __future__ import annotations

import csv
import io

import pytest

from reception import services
from tests.api.conftest import full_figures
from tests.api.helpers import ApiClient
from tests.factories.reporting import AFTER_YEAR, approved, draft, make_agreement, period_of

pytestmark = pytest.mark.django_db


@pytest.fixture
def filled(county, municipality_a, municipality_b, reporter_a, reporter_b, staff, agreement_a):
    make_agreement(municipality_b, 2025, {"anvisade": 20})
    jan, feb = period_of(county, 2025, 1), period_of(county, 2025, 2)
    approved(municipality_a, jan, reporter_a, staff, anvisade=3)
    draft(municipality_a, feb, reporter_a, anvisade=1)
    report = draft(municipality_b, jan, reporter_b, anvisade=2)
    services.report_submit(
        report=report, user=reporter_b, version=report.version, confirmed=True, today=AFTER_YEAR,
        via="API-nyckel Ärendesystem B",
    )  # fmt: skip
    return jan, feb


def _csv(response) -> list[dict]:
    assert response["Content-Type"].startswith("text/csv")
    return list(csv.DictReader(io.StringIO(response.content.decode())))


def test_reports_with_statuses_figures_filters_and_pages(county_token, filled):
    client = ApiClient(county_token[1])
    everything = client.get("/api/v1/counties/01/reports?year=2025").json()
    assert everything["count"] == 3
    statuses = {(r["municipality"], r["period"]["number"]): r["status"]
                for r in everything["results"]}  # fmt: skip
    assert statuses == {("0181", 1): "approved", ("0181", 2): "draft", ("0126", 1): "submitted"}
    one = client.get("/api/v1/counties/01/reports?year=2025&status=submitted").json()
    assert [r["municipality"] for r in one["results"]] == ["0126"]
    assert one["results"][0]["figures"][0]["received"] == 2
    feb = client.get("/api/v1/counties/01/reports?year=2025&period=2").json()
    assert [r["municipality"] for r in feb["results"]] == ["0181"]
    mine = client.get("/api/v1/counties/01/reports?year=2025&municipality=0126").json()
    assert mine["count"] == 1
    paged = client.get("/api/v1/counties/01/reports?year=2025&page_size=2&page=2").json()
    assert paged["pages"] == 2 and len(paged["results"]) == 1
    assert client.get("/api/v1/counties/01/reports?status=nonsense").status_code == 422
    assert client.get("/api/v1/counties/01/reports?page_size=0").status_code == 422


def test_reports_as_csv_one_row_per_report_and_category(county_token, filled, categories):
    rows = _csv(ApiClient(county_token[1]).get("/api/v1/counties/01/reports?year=2025&format=csv"))
    assert len(rows) == 3 * len(categories)
    assert {"report_id", "municipality", "status", "category", "received"} <= set(rows[0])


def test_review_history_names_the_token(county_token, filled):
    client = ApiClient(county_token[1])
    history = client.get("/api/v1/counties/01/review-history?year=2025").json()["results"]
    b = [h for h in history if h["municipality"] == "0126"]
    assert [h["status"] for h in b] == ["draft", "submitted"]
    assert b[-1]["reason"] == "Inskickad (API-nyckel Ärendesystem B)"
    assert b[-1]["who"] == "Bertil Reporter"
    a = [h["status"] for h in history if h["municipality"] == "0181" and h["period"].startswith(
        "januari")]  # fmt: skip
    assert a == ["draft", "submitted", "approved"]
    rows = _csv(client.get("/api/v1/counties/01/review-history?year=2025&format=csv"))
    assert len(rows) == len(history)


def test_targets_per_municipality(county_token, filled):
    client = ApiClient(county_token[1])
    body = client.get("/api/v1/counties/01/targets?year=2025&municipality=0181&page_size=500")
    rows = {r["category"]: r for r in body.json()["results"]}
    assert rows["anvisade"]["target"] == 40 and rows["anvisade"]["approved"] == 3
    csv_rows = _csv(client.get("/api/v1/counties/01/targets?year=2025&format=csv"))
    assert {r["municipality"] for r in csv_rows} >= {"0181", "0126", "0180"}


def test_activity_reports(county_token, staff, reporter_a, municipality_a, county):
    from tests.factories.activities import make_activity, make_organisation, report

    organisation = make_organisation(county, staff)
    activity = make_activity(county, staff, organisation, [municipality_a], title="SFI kväll")
    courses = {
        "1A": {"completed_women": 2, "continuing_men": 2},
        "1B": {"dropped_women": 1},
    }
    report(activity, municipality_a, period_of(county, 2025, 1), reporter_a, courses=courses)
    client = ApiClient(county_token[1])
    rows = client.get("/api/v1/counties/01/activity-reports?year=2025").json()["results"]
    assert [(r["activity_title"], r["municipality"]) for r in rows] == [("SFI kväll", "0181")]
    by_course = {c["course"]: c for c in rows[0]["courses"]}
    assert by_course["1A"]["completed_women"] == 2 and by_course["1A"]["continuing_men"] == 2
    assert by_course["1B"]["dropped_women"] == 1 and by_course["1B"]["completed_men"] == 0
    # The CSV: one row per course of the report, the report's own figures on each.
    csv_rows = _csv(client.get("/api/v1/counties/01/activity-reports?year=2025&format=csv"))
    assert [(r["course"], r["completed_women"], r["women"]) for r in csv_rows] == [
        ("1A", "2", "3"),
        ("1B", "0", "3"),
    ]


def test_the_query_count_does_not_grow_with_the_rows(
    county_token, county, municipality_a, reporter_a, agreement_a
):
    client = ApiClient(county_token[1])
    draft(municipality_a, period_of(county, 2025, 1), reporter_a, anvisade=1)
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client.get("/api/v1/counties/01/reports?year=2025")  # "last used" is written once a minute
    with CaptureQueriesContext(connection) as one:
        client.get("/api/v1/counties/01/reports?year=2025")
    for number in range(2, 9):
        draft(municipality_a, period_of(county, 2025, number), reporter_a, anvisade=number)
    with CaptureQueriesContext(connection) as many:
        client.get("/api/v1/counties/01/reports?year=2025")
    assert len(many) == len(one)


def test_a_reporter_cannot_save_for_another_municipality_with_the_body(write_token, period):
    """The municipality is the token's: the path of another one is 404."""
    body = {"version": 0, "figures": full_figures()}
    response = ApiClient(write_token[1]).put(f"/api/v1/municipalities/0126/reports/{period.pk}",
                                             body)  # fmt: skip
    assert response.status_code == 404
