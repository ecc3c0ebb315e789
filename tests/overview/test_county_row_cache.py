"""The county overview keeps each municipality's row (capacity, reports) in the cache under
that municipality's own version: a report saved by one municipality reads that one again,
and no row is ever stale, whatever wrote the data."""

from __future__ import annotations

import re

import pytest
from django.db import connection
from django.db.models import F
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from agreements.models import Target
from reception.models import ReportFigure
from tests.factories.accounts import client_for
from tests.factories.reporting import YEAR, make_agreement, period_of, submitted

pytestmark = pytest.mark.django_db

URL = reverse("overview:county", kwargs={"year": YEAR})


def row(html: str, name: str) -> str:
    """The municipality table's row of ``name`` (the first table of the page)."""
    match = re.search(
        r'<th scope="row"><a [^>]*>' + re.escape(name) + r"</a>.*?</th>(.*?)</tr>", html, re.S
    )
    assert match, name
    return match.group(1)


def get(client):
    with CaptureQueriesContext(connection) as captured:
        response = client.get(URL)
    assert response.status_code == 200
    return response.content.decode(), [q["sql"] for q in captured.captured_queries]


@pytest.fixture
def world(county, municipality_a, municipality_b, reporter_a, reporter_b):
    make_agreement(municipality_a, YEAR, {"anvisade": 40})
    make_agreement(municipality_b, YEAR, {"anvisade": 30})
    period = period_of(county, YEAR, 1)
    report_a = submitted(municipality_a, period, reporter_a, anvisade=4)
    return period, report_a


def test_a_report_of_one_municipality_reads_only_that_row_again(
    staff, county, municipality_a, municipality_b, reporter_b, world
):
    period, _report_a = world
    client = client_for(staff)
    html, _ = get(client)
    a_before = row(html, municipality_a.name)
    assert ">4</td>" in a_before
    submitted(municipality_b, period_of(county, YEAR, 2), reporter_b, anvisade=9)
    html, queries = get(client)
    assert ">9</td>" in row(html, municipality_b.name)
    assert row(html, municipality_a.name) == a_before
    # the capacity and report reads name the one municipality whose version changed
    reads = [q for q in queries if "reception_followupreport" in q and "municipality_id" in q]
    assert reads
    for sql in reads:
        assert f"IN ({municipality_a.pk}" not in sql and f", {municipality_a.pk})" not in sql


def test_no_row_is_stale_whatever_wrote_the_data(staff, municipality_a, municipality_b, world):
    _period, report_a = world
    client = client_for(staff)
    get(client)
    # the municipality's own figure, by hand
    with connection.cursor() as cursor:
        cursor.execute(
            "UPDATE reception_reportfigure SET received = 17 WHERE report_id = %s "
            "AND category_id = (SELECT id FROM agreements_targetcategory WHERE code = 'anvisade')",
            [report_a.pk],
        )
    html, _ = get(client)
    assert ">17</td>" in row(html, municipality_a.name)
    # a target (the county's shared rows), by a bulk update: every row is read again
    Target.objects.filter(revision__agreement__municipality=municipality_b).update(places=333)
    html, _ = get(client)
    assert ">333</td>" in row(html, municipality_b.name)
    assert ">17</td>" in row(html, municipality_a.name)
    ReportFigure.objects.filter(report=report_a).update(received=F("received") + 1)
    html, _ = get(client)
    assert ">18</td>" in row(html, municipality_a.name)
