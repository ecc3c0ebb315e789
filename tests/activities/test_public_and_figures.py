"""Public search, fill rates on hand-computed examples, the county figures."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from activities import services
from activities.figures import activity_fill_rates, county_figures, fill_rate
from tests.factories.accounts import client_for
from tests.factories.activities import make_activity, make_organisation, report, submit

pytestmark = pytest.mark.django_db

URL = "activities:activity_search"


@pytest.fixture
def listed(county, staff, organisation, municipality_a, municipality_b, other_county_staff):
    today = timezone.localdate()
    future = {"start": today, "end": today + datetime.timedelta(days=90)}
    make_activity(county, staff, organisation, [municipality_a], title="SFI arabiska",
                  languages=("ar",), **future)  # fmt: skip
    make_activity(county, staff, organisation, [municipality_b], title="SO dari", kind="civic",
                  hours=100, languages=("prs",), **future)  # fmt: skip
    make_activity(county, staff, organisation, [municipality_a], title="Hemlig plan",
                  languages=("ar",), published=False, **future)  # fmt: skip
    make_activity(county, staff, organisation, [municipality_a], title="Avslutad kurs",
                  languages=("ar",), start=datetime.date(2024, 1, 1),
                  end=today - datetime.timedelta(days=1))  # fmt: skip
    other = make_organisation(other_county_staff.county, other_county_staff, "Uppsala org")
    from core.models import Municipality

    make_activity(other_county_staff.county, other_county_staff, other,
                  [Municipality.objects.get(code="0380")], title="Uppsala SFI",
                  languages=("ar",), **future)  # fmt: skip


def _titles(client, query=""):
    response = client.get(reverse(URL) + query)
    assert response.status_code == 200
    return [a.title for a in response.context["activities"]], response.content.decode()


def test_public_page_shows_published_upcoming_activities_without_login(anonymous, listed):
    titles, page = _titles(client_for(anonymous))
    assert titles == ["SFI arabiska", "SO dari"]
    assert "Kim Exempel" in page and "kim@example.org" in page and "Storgatan 1" in page


def test_public_search_by_municipality(anonymous, listed):
    assert _titles(client_for(anonymous), "?kommun=0126")[0] == ["SO dari"]


def test_public_search_by_language(anonymous, listed):
    assert _titles(client_for(anonymous), "?sprak=ar")[0] == ["SFI arabiska"]
    assert _titles(client_for(anonymous), "?sprak=uk")[0] == []


def test_unpublished_and_ended_activities_are_never_public(anonymous, listed):
    for query in ("", "?kommun=0181", "?sprak=ar", "?kommun=0181&sprak=ar"):
        titles, page = _titles(client_for(anonymous), query)
        assert "Hemlig plan" not in page and "Avslutad kurs" not in page
        assert "Uppsala SFI" not in titles


def test_unknown_search_value_shows_an_error_not_a_crash(anonymous, listed):
    response = client_for(anonymous).get(reverse(URL) + "?kommun=9999")
    assert response.status_code == 200
    assert "kommun" in response.context["form"].errors


def test_fill_rate_hand_computed():
    assert fill_rate(15, 20) == Decimal("75.0")
    assert fill_rate(1, 3) == Decimal("33.3")
    assert fill_rate(2, 3) == Decimal("66.7")
    assert fill_rate(25, 20) == Decimal("125.0")
    assert fill_rate(5, 0) is None


def test_activity_fill_rate_adds_municipalities_and_skips_drafts(
    county, staff, organisation, municipality_a, municipality_b, reporter_a, reporter_b, periods
):
    joint = make_activity(county, staff, organisation, [municipality_a, municipality_b], places=20)
    submit(report(joint, municipality_a, periods[0], reporter_a, women=6, men=5), reporter_a)
    submit(report(joint, municipality_b, periods[0], reporter_b, women=3, men=1), reporter_b)
    submit(report(joint, municipality_a, periods[1], reporter_a, women=1, men=0), reporter_a)
    report(joint, municipality_b, periods[1], reporter_b, women=9, men=9)  # draft: not counted
    rows = activity_fill_rates(joint)
    assert [(r["participants"], r["fill_rate"]) for r in rows] == [
        (15, Decimal("75.0")),
        (1, Decimal("5.0")),
    ]
    page = client_for(staff).get(reverse("activities:activity_detail", args=[joint.pk]))
    assert "75,0\u00a0%" in page.content.decode()


def test_county_figures_per_municipality_and_kind(
    county, staff, organisation, municipality_a, reporter_a, periods
):
    sfi = make_activity(county, staff, organisation, [municipality_a])
    civic = make_activity(
        county, staff, organisation, [municipality_a], kind="civic", hours=100, title="SO"
    )
    submit(report(sfi, municipality_a, periods[0], reporter_a, women=4, men=2), reporter_a)
    saved = submit(
        report(civic, municipality_a, periods[0], reporter_a, women=2, men=3, first_time=5),
        reporter_a,
    )
    services.activity_report_review(
        action="approve", report=saved, user=staff, version=saved.version
    )
    report(civic, municipality_a, periods[1], reporter_a, women=50, men=50)  # draft
    figures = county_figures(county, 2025)
    row = next(r for r in figures["rows"] if r["municipality"] == municipality_a)
    assert (row["sfi"]["women"], row["sfi"]["men"]) == (4, 2)
    assert (row["civic"]["participants"], row["civic"]["first_time"]) == (5, 5)
    assert figures["totals"]["civic"]["participants"] == 5
    assert county_figures(county, 2024)["totals"]["sfi"]["participants"] == 0


def test_county_figures_answer_the_follow_up_years_and_link_only_to_those(staff):
    """The one valid-year rule (core.years): 404 outside 2000 – two years ahead."""
    from core import clock

    client = client_for(staff)
    this_year = clock.today().year
    page = client.get(reverse("activities:activity_figures", kwargs={"year": this_year + 2}))
    assert page.status_code == 200
    body = page.content.decode()
    assert f"/aktiviteter/uppfoljning/{this_year + 1}/" in body
    assert f"/aktiviteter/uppfoljning/{this_year + 3}/" not in body
    for year in (1999, this_year + 3, 99999):
        url = reverse("activities:activity_figures", kwargs={"year": year})
        assert client.get(url).status_code == 404, year
    first = client.get(reverse("activities:activity_figures", kwargs={"year": 2000}))
    assert "/aktiviteter/uppfoljning/1999/" not in first.content.decode()
