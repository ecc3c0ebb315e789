"""Capacity on hand-computed examples (year 2025 has 365 days)."""

import datetime
from decimal import Decimal

import pytest

from agreements.models import Agreement
from core.models import Municipality
from reception.capacity import (
    active_categories,
    capacity_rows,
    capacity_total,
    municipality_capacity,
    year_progress,
)
from tests.factories.reporting import approved, draft, make_agreement, period_of, submitted

pytestmark = pytest.mark.django_db


def _row(rows, code="anvisade"):
    return next(r for r in rows if r.category.code == code)


def test_year_progress_is_clamped_to_the_year():
    assert year_progress(2025, datetime.date(2025, 7, 2)) == (183, 365)
    assert year_progress(2025, datetime.date(2024, 12, 1)) == (0, 365)
    assert year_progress(2024, datetime.date(2030, 1, 1)) == (366, 366)


def test_capacity_counts_approved_and_submitted_apart(county, municipality_a, reporter_a, staff):
    make_agreement(municipality_a, 2025, {"anvisade": 100, "kvotflyktingar": 20})
    approved(municipality_a, period_of(county, 2025, 1), reporter_a, staff, anvisade=20, kvot=5)
    approved(municipality_a, period_of(county, 2025, 2), reporter_a, staff, anvisade=15)
    submitted(municipality_a, period_of(county, 2025, 3), reporter_a, anvisade=10)
    draft(municipality_a, period_of(county, 2025, 4), reporter_a, anvisade=99)  # not counted
    row = _row(municipality_capacity(municipality_a, 2025, datetime.date(2025, 7, 2)))
    assert (row.target, row.approved, row.submitted, row.received) == (100, 35, 10, 45)
    assert row.remaining == 55
    assert row.fulfilment == Decimal("45.0")
    # 100 × 183 / 365 = 50.1 → 50 expected by 2 July; 45 received is behind.
    assert row.expected == 50
    assert row.status == "behind"
    kvot = _row(
        municipality_capacity(municipality_a, 2025, datetime.date(2025, 7, 2)), "kvotflyktingar"
    )
    assert (kvot.target, kvot.received, kvot.fulfilment) == (20, 5, Decimal("25.0"))


def test_on_track_when_received_reaches_the_pace(county, municipality_a, reporter_a, staff):
    make_agreement(municipality_a, 2025, {"anvisade": 12})
    approved(municipality_a, period_of(county, 2025, 1), reporter_a, staff, anvisade=1)
    row = _row(municipality_capacity(municipality_a, 2025, datetime.date(2025, 1, 31)))
    # 12 × 31 / 365 = 1.02 → 1 expected; 1 received.
    assert (row.expected, row.status) == (1, "on_track")


def test_target_zero_has_no_percentage_and_any_arrival_is_above_target(
    county, municipality_a, reporter_a, staff
):
    make_agreement(municipality_a, 2025, {"anvisade": 0})
    row = _row(municipality_capacity(municipality_a, 2025, datetime.date(2025, 6, 1)))
    assert (row.target, row.remaining, row.fulfilment, row.expected, row.status) == (
        0,
        0,
        None,
        0,
        "on_track",
    )
    approved(municipality_a, period_of(county, 2025, 1), reporter_a, staff, anvisade=2)
    row = _row(municipality_capacity(municipality_a, 2025, datetime.date(2025, 6, 1)))
    assert (row.received, row.remaining, row.fulfilment, row.status) == (2, 0, None, "above")


def test_mid_year_amendment_changes_the_target_from_its_date(county, municipality_a):
    make_agreement(
        municipality_a,
        2025,
        {"anvisade": 100},
        amendments=[(datetime.date(2025, 7, 1), {"anvisade": 80})],
    )
    before = _row(municipality_capacity(municipality_a, 2025, datetime.date(2025, 6, 30)))
    after = _row(municipality_capacity(municipality_a, 2025, datetime.date(2025, 12, 31)))
    assert (before.target, before.expected) == (100, 49)  # 100 × 181 / 365 = 49.6
    assert (after.target, after.expected) == (80, 80)


def test_only_signed_agreements_give_a_target(municipality_a):
    make_agreement(municipality_a, 2025, {"anvisade": 50}, status=Agreement.Status.NEGOTIATION)
    row = _row(municipality_capacity(municipality_a, 2025, datetime.date(2025, 6, 1)))
    assert (row.target, row.remaining, row.status) == (None, None, "no_target")


def test_county_total_sums_rows(county, municipality_a, municipality_b, reporter_a, staff):
    make_agreement(municipality_a, 2025, {"anvisade": 30})
    make_agreement(municipality_b, 2025, {"anvisade": 10})
    approved(municipality_a, period_of(county, 2025, 1), reporter_a, staff, anvisade=40)
    category = next(c for c in active_categories() if c.code == "anvisade")
    rows = capacity_rows(
        municipalities=Municipality.objects.in_county(county),
        year=2025,
        on_date=datetime.date(2025, 12, 31),
        categories=[category],
    )
    assert len(rows) == Municipality.objects.in_county(county).count()
    total = capacity_total(rows, category)
    # A: 40 of 30 (0 remaining), B: 0 of 10 (10 remaining).
    assert (total.target, total.received, total.remaining) == (40, 40, 10)
    assert total.fulfilment == Decimal("100.0")
