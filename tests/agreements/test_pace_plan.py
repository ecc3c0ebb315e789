"""A municipality's pace plan (planned receptions per month) replaces the even line of
its kommuntal: hand-computed examples, the staff page, bad input, a stale save."""

from __future__ import annotations

import datetime

import pytest
from django.urls import reverse

from agreements import services
from agreements.models import PacePlan
from overview.county import overview
from reception.capacity import capacity_total, municipality_capacity, planned_by
from tests.factories.reporting import approved, make_agreement, period_of

pytestmark = pytest.mark.django_db

FRONT_LOADED = [30, 30, 0, 0, 10, 10, 10, 10, 5, 5, 5, 5]  # 120 over the year


def _anvisade(rows):
    return next(r for r in rows if r.category.code == "anvisade")


def _plan(municipality, months, user=None, year=2025):
    return services.pace_plan_save(
        municipality=municipality,
        year=year,
        months=months,
        source="Årsplanering",
        user=user,
        expected_version=0,
    )


def _url(municipality, year=2025):
    return reverse("agreements:pace_plan", kwargs={"year": year, "code": municipality.code})


def test_planned_by_counts_whole_months_and_the_share_of_this_one():
    months = [10] * 12
    assert planned_by(months, 2026, datetime.date(2026, 1, 1)) == 0  # 10 × 1/31 → 0
    assert planned_by(months, 2026, datetime.date(2026, 1, 31)) == 10
    # Jan + Feb in full, then 10 × 15/31 = 4.8 → 4.
    assert planned_by(months, 2026, datetime.date(2026, 3, 15)) == 24
    assert planned_by(months, 2026, datetime.date(2025, 12, 31)) == 0
    assert planned_by(months, 2026, datetime.date(2027, 1, 1)) == 120
    # A leap year's February: 29 days.
    assert planned_by([0, 29] + [0] * 10, 2024, datetime.date(2024, 2, 14)) == 14


def test_a_front_loaded_plan_sets_the_expected_pace_and_the_status(
    county, municipality_a, reporter_a, staff
):
    make_agreement(municipality_a, 2025, {"anvisade": 120, "kvotflyktingar": 20})
    approved(municipality_a, period_of(county, 2025, 1), reporter_a, staff, anvisade=25, kvot=5)
    on = datetime.date(2025, 2, 28)
    even = _anvisade(municipality_capacity(municipality_a, 2025, on))
    # Even line: 120 × 59 / 365 = 19.4 → 19; 25 received is on track.
    assert (even.expected, even.status, even.follows_plan) == (19, "on_track", False)
    _plan(municipality_a, FRONT_LOADED, staff)
    rows = municipality_capacity(municipality_a, 2025, on)
    planned = _anvisade(rows)
    # The plan: January's 30 and February's 30 in full by 28 February = 60; 25 is behind.
    assert (planned.expected, planned.status, planned.follows_plan) == (60, "behind", True)
    assert planned.plan_total == 120
    # Only the kommuntal follows the plan; quota refugees keep the even line (20 × 59/365).
    kvot = next(r for r in rows if r.category.code == "kvotflyktingar")
    assert (kvot.expected, kvot.follows_plan) == (3, False)


def test_the_county_line_sums_each_municipalitys_own_pace(
    county, municipality_a, municipality_b, reporter_a, staff
):
    make_agreement(municipality_a, 2025, {"anvisade": 120})
    make_agreement(municipality_b, 2025, {"anvisade": 365})
    _plan(municipality_a, FRONT_LOADED, staff)
    on = datetime.date(2025, 2, 28)
    rows = [_anvisade(municipality_capacity(m, 2025, on)) for m in (municipality_a, municipality_b)]
    total = capacity_total(rows, rows[0].category)
    # 60 (A's plan) + 365 × 59 / 365 = 59 (B's even line) = 119.
    assert total.expected == 119


def test_the_overview_series_follows_the_plan(county, municipality_a, staff):
    make_agreement(municipality_a, 2025, {"anvisade": 120})
    _plan(municipality_a, FRONT_LOADED, staff)
    for month in range(1, 13):
        period_of(county, 2025, month)
    category = _anvisade(municipality_capacity(municipality_a, 2025, datetime.date(2025, 3, 1)))
    ov = overview(
        county=county,
        year=2025,
        category=category.category,
        today=datetime.date(2025, 12, 31),
        municipalities=type(municipality_a).objects.filter(pk=municipality_a.pk),
    )
    lines = [p.target_line for p in ov.series]
    assert lines[:3] == [30, 60, 60] and lines[-1] == 120


def test_staff_save_a_plan_on_the_page_and_it_is_drawn_again(staff_client, municipality_a):
    make_agreement(municipality_a, 2025, {"anvisade": 120})
    page = staff_client.get(_url(municipality_a))
    assert page.status_code == 200
    html = page.content.decode()
    for n in range(1, 13):
        assert f'name="m{n:02d}"' in html
    assert 'name="source"' in html and 'name="version"' in html
    data = {f"m{n:02d}": str(c) for n, c in enumerate(FRONT_LOADED, start=1)}
    data["m01"] = "1 030"  # a thousands space is accepted
    response = staff_client.post(_url(municipality_a), data | {"source": "MV", "version": "0"})
    assert response.status_code == 302
    plan = PacePlan.objects.get(municipality=municipality_a, year=2025)
    assert plan.months[0] == 1030 and plan.months[1:] == FRONT_LOADED[1:]
    again = staff_client.get(_url(municipality_a)).content.decode()
    assert 'value="1030"' in again
    assert "Planen omfattar 1\u00a0120 personer och kommuntalet 120" in again or (
        "Planen omfattar 1 120 personer och kommuntalet 120" in again
    )


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("m03", "-1", "Antalet kan inte vara negativt."),
        ("m04", "tre", "Ange antalet personer som ett heltal"),
        ("m05", "", "Ange antalet för maj (0 om ingen)."),
        ("m06", "100001", "Antalet får vara högst 100 000."),
    ],
)
def test_bad_figures_are_the_forms_message_and_nothing_is_saved(
    staff_client, municipality_a, field, value, message
):
    data = {f"m{n:02d}": "1" for n in range(1, 13)} | {"version": "0", field: value}
    response = staff_client.post(_url(municipality_a), data)
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not PacePlan.objects.exists()


def test_a_stale_save_is_refused_and_shows_the_saved_plan(staff_client, municipality_a, staff):
    _plan(municipality_a, [1] * 12, staff)  # version 1
    data = {f"m{n:02d}": "2" for n in range(1, 13)} | {"version": "0"}
    response = staff_client.post(_url(municipality_a), data)
    assert response.status_code == 200
    assert "Någon annan har ändrat planen medan du arbetade" in response.content.decode()
    assert PacePlan.objects.get().months == [1] * 12
    # Saving again after seeing it carries the current version and wins.
    assert 'name="version" value="1"' in response.content.decode()


def test_remove_goes_back_to_the_even_line_and_a_stale_remove_removes_nothing(
    staff_client, municipality_a, staff
):
    plan = _plan(municipality_a, [1] * 12, staff)
    stale = staff_client.post(_url(municipality_a), {"remove": "1", "version": "7"})
    assert stale.status_code == 302 and PacePlan.objects.exists()
    gone = staff_client.post(_url(municipality_a), {"remove": "1", "version": str(plan.version)})
    assert gone.status_code == 302 and not PacePlan.objects.exists()


def test_other_county_staff_do_not_find_the_page(other_county_staff, municipality_a):
    from tests.factories.accounts import client_for

    assert client_for(other_county_staff).get(_url(municipality_a)).status_code == 404


def test_allocation_and_municipality_pages_link_the_plan(staff_client, municipality_a, staff):
    make_agreement(municipality_a, 2025, {"anvisade": 120})
    allocation = staff_client.get(reverse("agreements:allocation", kwargs={"year": 2025}))
    assert _url(municipality_a) in allocation.content.decode()
    _plan(municipality_a, FRONT_LOADED, staff)
    page = staff_client.get(
        reverse("overview:municipality", kwargs={"code": municipality_a.code}) + "?ar=2025"
    ).content.decode()
    assert "följer kommunens planerade takt för 2025 (120 personer över året)" in page
    assert "Ändra den planerade takten" in page
