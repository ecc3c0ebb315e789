"""Pages run the same number of queries for 1 and for every municipality of the county."""

from __future__ import annotations

import datetime

import pytest
from django.urls import reverse

from agreements.models import Agreement, TargetCategory, TargetRevision
from core.models import Municipality
from reception.models import FollowUpReport, ReportFigure, ReportStatus
from reception.periods import periods_ensure
from tests.factories.accounts import client_for
from tests.overview.test_queries import COUNTY_BUDGET

pytestmark = pytest.mark.django_db

STATUSES = [ReportStatus.APPROVED, ReportStatus.SUBMITTED, ReportStatus.DRAFT]


def _fill(county, municipalities, year: int = 2025) -> None:
    """Signed agreements with targets and a report with figures for every period."""
    periods = periods_ensure(county=county, year=year)
    categories = list(TargetCategory.objects.all())
    for i, municipality in enumerate(municipalities):
        agreement = Agreement.objects.create(
            municipality=municipality,
            year=year,
            status=Agreement.Status.SIGNED,
            valid_from=datetime.date(year, 1, 1),
            valid_to=datetime.date(year, 12, 31),
        )
        revision = TargetRevision.objects.create(
            agreement=agreement, effective_from=datetime.date(year, 1, 1)
        )
        for category in categories:
            revision.targets.create(category=category, places=10 + i)
        reports = FollowUpReport.objects.bulk_create(
            FollowUpReport(municipality=municipality, period=p, status=STATUSES[n % 3])
            for n, p in enumerate(periods)
        )
        ReportFigure.objects.bulk_create(
            ReportFigure(report=r, category=c, received=1) for r in reports for c in categories
        )


def _count(django_assert_max_num_queries, client, url: str) -> int:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url).status_code == 200
    return len(ctx.captured_queries)


@pytest.fixture
def all_of_county(county):
    return list(Municipality.objects.in_county(county))


def test_capacity_table_queries_do_not_grow(
    staff, county, municipality_a, all_of_county, django_assert_max_num_queries
):
    client = client_for(staff)
    url = reverse("overview:county", kwargs={"year": 2025})
    _fill(county, [municipality_a])
    # The user and the categories are read once, then cached (another page of the same view).
    client.get(url + "?sort=kommun")
    one = _count(django_assert_max_num_queries, client, url)
    _fill(county, [m for m in all_of_county if m != municipality_a])
    client.get(url + "?sort=kommun")  # the writes raised the county's version: warm again
    many = _count(django_assert_max_num_queries, client, url)
    assert one == many
    # The table grew into the county overview (completeness, series, activities); see
    # tests/reception/test_overview_queries.py for its flat budgets.
    with django_assert_max_num_queries(COUNTY_BUDGET):
        client.get(url)


def test_capacity_for_every_municipality_in_the_country_is_flat(
    admin, django_assert_max_num_queries
):
    from reception.capacity import active_categories, capacity_rows

    categories = active_categories()
    everyone = Municipality.objects.all()
    assert everyone.count() == 290
    with django_assert_max_num_queries(4):
        rows = capacity_rows(
            municipalities=everyone,
            year=2025,
            on_date=datetime.date(2025, 6, 1),
            categories=categories,
        )
    assert len(rows) == 290 * len(categories)


def test_review_queue_queries_do_not_grow(
    staff, county, municipality_a, all_of_county, django_assert_max_num_queries
):
    client = client_for(staff)
    _fill(county, [municipality_a])
    period = periods_ensure(county=county, year=2025)[0]
    url = reverse("overview:review_queue") + f"?ar=2025&period={period.pk}"
    one = _count(django_assert_max_num_queries, client, url)
    _fill(county, [m for m in all_of_county if m != municipality_a])
    assert _count(django_assert_max_num_queries, client, url) == one
    # 9: one of them lists the period's activity reports (flat as they grow:
    # tests/activities/test_query_budgets.py).
    with django_assert_max_num_queries(9):
        client.get(url)


def test_inbox_queries_do_not_grow_with_municipalities_or_reports(
    reporter_a, county, municipality_a, all_of_county, django_assert_max_num_queries
):
    from django.db.models import F

    from reception.models import ReportingPeriod

    def afresh() -> int:
        """The page's queries rendered afresh after a write to the county's periods."""
        ReportingPeriod.objects.filter(county=county).update(deadline=F("deadline"))
        return _count(django_assert_max_num_queries, client, url)

    client = client_for(reporter_a)
    url = reverse("reception:inbox") + "?ar=2025"
    _fill(county, [municipality_a])
    client.get(url)
    one = afresh()
    _fill(county, [m for m in all_of_county if m != municipality_a])
    reporter_a.municipalities.set(all_of_county)
    # The first request after the change reads the user, the reference data and the new
    # municipalities' versions afresh (a change to a user raises ``g``).
    client.get(url)
    assert afresh() == one
    # 12: the page's own 11 plus one for the reporter's navigation (their municipalities).
    with django_assert_max_num_queries(12):
        client.get(url)


def test_report_detail_queries_do_not_grow_with_history(
    staff, reporter_a, municipality_a, county, django_assert_max_num_queries
):
    from tests.factories.reporting import draft

    period = periods_ensure(county=county, year=2025)[0]
    report = draft(municipality_a, period, reporter_a, anvisade=1)
    client = client_for(staff)
    url = reverse("reception:report_detail", kwargs={"pk": report.pk})
    client.get(reverse("accounts:home"))  # the signed-in user is read once, then cached
    one = _count(django_assert_max_num_queries, client, url)
    for n in range(2, 30):
        report = draft(municipality_a, period, reporter_a, version=report.version, anvisade=n)
    assert _count(django_assert_max_num_queries, client, url) == one
