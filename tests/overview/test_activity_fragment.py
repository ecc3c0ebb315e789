"""The county overview's SFI and civic-orientation tables are rendered once per version of
the county's shared rows: a follow-up report saved in the county renders the page afresh
but not those tables (no activity query); an activity report changed by any code path
shows at once."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from activities.models import ActivityReport
from tests.factories import activities as make
from tests.factories.accounts import client_for
from tests.factories.reporting import YEAR, draft, period_of

pytestmark = pytest.mark.django_db

URL = reverse("overview:county", kwargs={"year": YEAR})


def get(client):
    with CaptureQueriesContext(connection) as captured:
        response = client.get(URL)
    assert response.status_code == 200
    sql = " ".join(q["sql"] for q in captured.captured_queries)
    return response, sql


@pytest.fixture
def reported(county, staff, municipality_a, reporter_a):
    organisation = make.make_organisation(county, staff)
    activity = make.make_activity(county, staff, organisation, [municipality_a])
    period = period_of(county, YEAR, 1)
    report = make.report(activity, municipality_a, period, reporter_a, women=4, men=3)
    make.submit(report, reporter_a)
    return report


def test_a_follow_up_report_leaves_the_activity_tables_as_they_were(
    staff, county, municipality_b, reporter_b, reported
):
    client = client_for(staff)
    first, sql = get(client)
    assert "activities_activityreport" in sql
    draft(municipality_b, period_of(county, YEAR, 2), reporter_b, anvisade=5)
    again, sql = get(client)
    assert again["X-Portal-Cache"] == "miss"  # the page shows the report's county
    assert "activities_activityreport" not in sql  # the tables came from the fragment
    html = again.content.decode()
    assert html.count('id="aktiviteter-sfi"') == 1
    start = first.content.decode().index('id="aktiviteter"')
    assert html[html.index('id="aktiviteter"') :].startswith(
        first.content.decode()[start : start + 2000]
    )


def test_an_activity_report_changed_without_the_services_shows_at_once(staff, reported):
    client = client_for(staff)
    first, _ = get(client)
    assert "Inskickat, ej godkänt" in first.content.decode()
    assert ">7</td>" in sfi_table(first)  # 4 women + 3 men, submitted
    ActivityReport.objects.filter(pk=reported.pk).update(women=40)
    again, sql = get(client)
    assert again["X-Portal-Cache"] == "miss"
    assert "activities_activityreport" in sql
    assert ">43</td>" in sfi_table(again)
    with connection.cursor() as cursor:
        cursor.execute("UPDATE activities_activityreport SET men = 30 WHERE id = %s", [reported.pk])
    third, sql = get(client)
    assert "activities_activityreport" in sql
    assert ">70</td>" in sfi_table(third)


def sfi_table(response) -> str:
    html = response.content.decode()
    start = html.index('id="aktiviteter-sfi"')
    return html[start : html.index("</table>", start)]
