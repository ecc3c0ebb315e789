"""The staff dashboard: what waits, each figure right, each a link to its filtered list,
and the same number of queries for 1 municipality or the country's 290."""

from __future__ import annotations

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from agreements.models import Agreement, CountyQuota, TargetCategory
from core import clock
from core.models import County, Municipality
from overview.dashboard import county_work
from reception.models import FollowUpReport, ReportStatus
from reception.periods import periods_ensure
from tests.factories.accounts import PASSWORD, client_for
from tests.factories.reporting import make_agreement
from tests.overview.test_queries import count

pytestmark = pytest.mark.django_db

DASHBOARD = reverse("overview:dashboard")
#: Session, user, county (staff's own), periods (ensure), counties with their municipality
#: count, waiting follow-up and activity reports, the latest overdue period, next year's
#: signed agreements, county quotas, municipal quotas.
BUDGET = 12


def _periods(county, today):
    return periods_ensure(county=county, year=today.year)


def _past(periods, today):
    return [p for p in periods if p.deadline < today]


def add_work(municipalities, today) -> None:
    """In each municipality: a report waiting, one returned (an earlier period)."""
    by_county: dict[int, list] = {}
    for m in municipalities:
        by_county.setdefault(m.county_id, []).append(m)
    reports = []
    for county_id, members in by_county.items():
        periods = _periods(County.objects.get(pk=county_id), today)
        for m in members:
            reports.append(
                FollowUpReport(
                    municipality=m,
                    period=periods[0],
                    status=ReportStatus.SUBMITTED,
                    submitted_at=timezone.now() - datetime.timedelta(days=3),
                )
            )
            reports.append(
                FollowUpReport(municipality=m, period=periods[1], status=ReportStatus.RETURNED)
            )
    FollowUpReport.objects.bulk_create(reports)
    for m in municipalities:
        make_agreement(m, today.year, {"anvisade": 5})
        make_agreement(m, today.year + 1, {"anvisade": 4})


def test_staff_dashboard_counts_what_waits(staff, county, municipality_a, municipality_b):
    today = clock.today()
    periods = _periods(county, today)
    three_days_ago = timezone.now() - datetime.timedelta(days=3)
    FollowUpReport.objects.create(
        municipality=municipality_a,
        period=periods[0],
        status=ReportStatus.SUBMITTED,
        submitted_at=three_days_ago,
    )
    FollowUpReport.objects.create(
        municipality=municipality_b, period=periods[0], status=ReportStatus.RETURNED
    )
    make_agreement(municipality_a, today.year + 1, {"anvisade": 30})
    make_agreement(municipality_b, today.year + 1, {"anvisade": 20}, status="draft")
    CountyQuota.objects.create(
        county=county,
        year=today.year + 1,
        category=TargetCategory.objects.get(is_settlement_quota=True),
        places=80,
        effective_from=datetime.date(today.year + 1, 1, 1),
    )
    [work] = county_work([county], today)
    assert work.waiting == 1 and work.returned == 1
    assert work.oldest_age_days(today) == 3
    total = Municipality.objects.in_county(county).count()
    assert work.next_year_signed == 1 and work.next_year_unsigned == total - 1
    next_quota = next(q for q in work.quotas if q.year == today.year + 1)
    assert (next_quota.county, next_quota.municipal, next_quota.shortfall) == (80, 50, 30)
    past = _past(periods, today)
    if past:  # the latest period whose deadline has passed: everyone but handed-in owes it
        assert work.overdue_period == past[-1]
        assert work.overdue == total - (past[-1] == periods[0])

    page = client_for(staff).get(DASHBOARD).content.decode()
    assert "Väntar på granskning" in page
    assert "Den äldsta har väntat i 3 dagar." in page
    assert f"{reverse('overview:review_queue')}?status=submitted" in page
    assert f"{reverse('overview:review_queue')}?status=returned" in page
    assert "30 kvar att fördela" in page


def test_dashboard_links_lead_to_the_filtered_queue(staff, county, municipality_a, municipality_b):
    today = clock.today()
    periods = _periods(County.objects.get(pk=county.pk), today)
    FollowUpReport.objects.create(
        municipality=municipality_a,
        period=periods[0],
        status=ReportStatus.SUBMITTED,
        submitted_at=timezone.now(),
    )
    FollowUpReport.objects.create(
        municipality=municipality_b, period=periods[0], status=ReportStatus.RETURNED
    )
    client = client_for(staff)
    waiting = client.get(reverse("overview:review_queue") + "?status=submitted")
    rows = [r["municipality"].name for r in waiting.context["rows"]]
    assert rows == [municipality_a.name]
    assert waiting.context["period"] == periods[0]
    assert waiting.context["next_waiting"]["report"].municipality == municipality_a
    returned = client.get(reverse("overview:review_queue") + "?status=returned")
    assert [r["municipality"].name for r in returned.context["rows"]] == [municipality_b.name]
    overdue = client.get(
        reverse("overview:review_queue") + f"?period={periods[0].pk}&status=overdue"
    )
    names = {r["municipality"].name for r in overdue.context["rows"]}
    if periods[0].deadline < today:
        assert municipality_a.name not in names and municipality_b.name in names
    # An unknown filter shows everything.
    everything = client.get(reverse("overview:review_queue") + "?status=nonsense")
    assert everything.context["status_filter"] == ""


def test_staff_dashboard_same_queries_for_1_and_26_municipalities(
    staff, county, municipality_a, django_assert_max_num_queries
):
    today = clock.today()
    client = client_for(staff)
    add_work([municipality_a], today)
    one = count(client, DASHBOARD)
    add_work(list(Municipality.objects.in_county(county).exclude(pk=municipality_a.pk)), today)
    assert count(client, DASHBOARD) == one
    with django_assert_max_num_queries(BUDGET):
        client.get(DASHBOARD)


def test_admin_counties_at_a_glance_same_queries_for_1_and_290_municipalities(
    admin, municipality_a, django_assert_max_num_queries
):
    today = clock.today()
    client = client_for(admin)
    add_work([municipality_a], today)
    one = count(client, DASHBOARD)
    everyone = list(Municipality.objects.exclude(pk=municipality_a.pk))
    assert len(everyone) == 289
    add_work(everyone, today)
    assert count(client, DASHBOARD) == one
    with django_assert_max_num_queries(BUDGET):
        page = client.get(DASHBOARD)
    rows = page.context["rows"]
    assert len(rows) == 21
    assert sum(r.waiting for r in rows) == 290
    assert sum(r.next_year_signed for r in rows) == 290


def test_staff_land_on_the_dashboard_and_reporters_on_their_reports(client, staff, reporter_a):
    from tests.factories.mfa import give_app, sign_in_with_code

    give_app(staff)
    response = sign_in_with_code(client, staff)  # password, then the app's code
    assert response["Location"] == DASHBOARD
    client.post(reverse("accounts:logout"))
    response = client.post(
        reverse("accounts:login"), {"username": reporter_a.email, "password": PASSWORD}
    )
    assert response["Location"] == reverse("reception:inbox")


def test_reporter_may_not_open_the_staff_dashboard(reporter_a):
    assert client_for(reporter_a).get(DASHBOARD).status_code == 403


def test_terminated_agreement_is_not_counted_as_signed(county, municipality_a):
    today = clock.today()
    agreement = make_agreement(municipality_a, today.year + 1, {"anvisade": 1})
    agreement.status = Agreement.Status.TERMINATED
    agreement.save()
    [work] = county_work([county], today)
    assert work.next_year_signed == 0


def test_reporter_landing_shows_what_is_due_next_returned_and_received_against_target(
    reporter_a, municipality_a
):
    today = clock.today()
    periods = _periods(municipality_a.county, today)
    make_agreement(municipality_a, today.year, {"anvisade": 40})
    started = [p for p in periods if p.start <= today]
    FollowUpReport.objects.create(
        municipality=municipality_a,
        period=started[0],
        status=ReportStatus.RETURNED,
        review_message="Kvotflyktingarna saknas.",
    )
    response = client_for(reporter_a).get(reverse("reception:inbox"))
    [section] = response.context["sections"]
    owed = [p for p in started[1:] if p.deadline >= today] or [
        p for p in started if p.deadline >= today
    ]
    due = min(owed, key=lambda p: p.deadline) if owed else None
    assert (section["next_due"]["period"] if section["next_due"] else None) == due
    page = response.content.decode()
    assert "Nästa att lämna" in page and "Att rätta" in page
    assert "Kvotflyktingarna saknas." in page
    if due:
        edit = reverse(
            "reception:report_edit", kwargs={"code": municipality_a.code, "period_pk": due.pk}
        )
        assert edit in page
    assert section["quota"].target == 40
