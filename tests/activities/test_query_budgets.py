"""Activity pages run the same number of queries for 1 and for 50 activities."""

from __future__ import annotations

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from activities.models import Activity, ActivityReport, Language
from core.models import Municipality
from reception.models import ReportStatus
from reception.periods import periods_ensure
from tests.factories.accounts import client_for
from tests.factories.activities import make_organisation

pytestmark = pytest.mark.django_db


def _make(county, organisation, n: int, start: int = 0) -> list[Activity]:
    today = timezone.localdate()
    activities = Activity.objects.bulk_create(
        Activity(
            county=county,
            kind=["sfi", "civic", "language_cafe"][i % 3],
            title=f"Aktivitet {i:03}",
            organisation=organisation,
            delivery="classroom",
            study_form="regular",
            start=datetime.date(today.year, 1, 1),
            end=today + datetime.timedelta(days=60),
            places=20,
            hours=120,
            location="Plats",
            contact_name="Kim",
            published=True,
        )
        for i in range(start, start + n)
    )
    municipalities = list(Municipality.objects.in_county(county).order_by("code")[:3])
    languages = list(Language.objects.all()[:3])
    Activity.municipalities.through.objects.bulk_create(
        Activity.municipalities.through(activity=a, municipality=m)
        for a in activities
        for m in municipalities
    )
    Activity.languages.through.objects.bulk_create(
        Activity.languages.through(activity=a, language=lang)
        for a in activities
        for lang in languages
    )
    periods = [p for p in periods_ensure(county=county, year=today.year) if p.start <= today]
    ActivityReport.objects.bulk_create(
        ActivityReport(
            activity=a,
            municipality=m,
            period=p,
            status=ReportStatus.APPROVED,
            women=2,
            men=1,
            first_time=1,
            completed=0,
            dropped=0,
        )
        for a in activities
        for m in municipalities
        for p in periods[:3]
    )
    return activities


def _count(client, url: str) -> int:
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
        assert response.status_code == 200
    return len(ctx.captured_queries)


PAGES = [
    ("staff", lambda a: reverse("activities:activity_list")),
    ("staff", lambda a: reverse("activities:activity_export", kwargs={"fmt": "csv"})),
    ("staff", lambda a: reverse("activities:organisation_list")),
    ("staff", lambda a: reverse("activities:activity_figures", kwargs={"year": 2026})),
    ("staff", lambda a: reverse("activities:activity_detail", args=[a.pk])),
    ("anonymous", lambda a: reverse("activities:activity_search")),
    ("anonymous", lambda a: reverse("activities:activity_search") + "?kommun=0114&sprak=am"),
    ("reporter_a", lambda a: reverse("activities:activity_inbox")),
]


@pytest.mark.parametrize(("persona", "url"), PAGES)
def test_activity_page_queries_do_not_grow(
    persona, url, personas, county, staff, django_assert_max_num_queries
):
    organisation = make_organisation(county, staff)
    first = _make(county, organisation, 1)[0]
    reporter = personas["reporter_a"]
    reporter.municipalities.add(*Municipality.objects.in_county(county).order_by("code")[:1])
    client = client_for(personas[persona])
    client.get(reverse("accounts:home"))  # the signed-in user is read once, then cached
    one = _count(client, url(first))
    _make(county, organisation, 49, start=1)
    many = _count(client, url(first))
    assert one == many
    with django_assert_max_num_queries(14):
        client.get(url(first))


def test_review_queue_with_activity_reports_is_flat(county, staff, django_assert_max_num_queries):
    """The queue lists the period's activity reports beside the follow-up reports."""
    organisation = make_organisation(county, staff)
    _make(county, organisation, 1)
    period = ActivityReport.objects.order_by("period__start").first().period
    client = client_for(staff)
    url = reverse("overview:review_queue") + f"?ar={period.year}&period={period.pk}"
    one = _count(client, url)
    _make(county, organisation, 49, start=1)
    assert ActivityReport.objects.filter(period=period).count() == 150
    many = _count(client, url)
    assert one == many
    # The same 9 as with follow-up reports only (tests/reception/test_query_budgets.py).
    with django_assert_max_num_queries(9):
        client.get(url)
