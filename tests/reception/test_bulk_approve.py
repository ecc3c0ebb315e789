"""Bulk approval: the period's submitted reports without warnings, listed on a
confirmation page, approved all or none with each version checked."""

from __future__ import annotations

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.urls import reverse

from core.locking import StaleVersion
from reception import services
from reception.models import FollowUpReport, ReportStatus
from tests.factories.accounts import client_for
from tests.factories.reporting import YEAR, make_agreement, period_of, submitted

pytestmark = pytest.mark.django_db


@pytest.fixture
def period(county):
    return period_of(county, YEAR, 2)


@pytest.fixture
def reports(period, municipality_a, municipality_b, reporter_a, reporter_b):
    """A report without warnings (A) and one above its target (B)."""
    make_agreement(municipality_b, YEAR, {"anvisade": 1})
    return (
        submitted(municipality_a, period, reporter_a, anvisade=2),
        submitted(municipality_b, period, reporter_b, anvisade=5),
    )


def _url(period):
    return reverse("reception:bulk_approve", kwargs={"period_pk": period.pk})


def test_confirmation_lists_only_reports_without_warnings(staff, period, reports):
    clean, warned = reports
    page = client_for(staff).get(_url(period))
    assert [r.pk for r in page.context["clean"]] == [clean.pk]
    assert [r.pk for r, _ in page.context["flagged"]] == [warned.pk]
    html = page.content.decode()
    assert f'value="{clean.pk}:{clean.version}"' in html
    assert f'value="{warned.pk}:' not in html
    assert "fler än målet" in html


def test_staff_approve_the_chosen_reports_and_the_municipalities_are_mailed(staff, period, reports):
    clean, warned = reports
    mail.outbox.clear()
    response = client_for(staff).post(_url(period), {"reports": [f"{clean.pk}:{clean.version}"]})
    assert response.status_code == 302
    clean.refresh_from_db()
    warned.refresh_from_db()
    assert clean.status == ReportStatus.APPROVED and clean.reviewed_by == staff
    assert warned.status == ReportStatus.SUBMITTED
    assert [m.to for m in mail.outbox] == [["reporter.a@kommun-a.example"]]
    reason = clean.history.order_by("-history_id").first().history_change_reason
    assert reason == "Godkänd (flera på en gång)"


def test_nothing_chosen_is_an_error_and_approves_nothing(staff, period, reports):
    response = client_for(staff).post(_url(period), {})
    assert response.status_code == 200
    assert "Välj minst en rapport att godkänna." in response.content.decode()
    assert not FollowUpReport.objects.filter(status=ReportStatus.APPROVED).exists()


def test_a_report_changed_since_the_page_was_shown_approves_none(staff, period, reports):
    clean, _ = reports
    old = clean.version
    services.report_return(report=clean, user=staff, version=old, message="Rätta.")
    response = client_for(staff).post(_url(period), {"reports": [f"{clean.pk}:{old}"]})
    assert response.status_code == 200  # the choice is no longer offered
    clean.refresh_from_db()
    assert clean.status == ReportStatus.RETURNED


def test_service_refuses_stale_version_and_reports_with_warnings_all_or_none(
    staff, period, reports
):
    clean, warned = reports
    with pytest.raises(StaleVersion):
        services.reports_approve_bulk(
            period=period, versions={clean.pk: clean.version - 1}, user=staff, link=str
        )
    with pytest.raises(ValidationError, match="varningar"):
        services.reports_approve_bulk(
            period=period,
            versions={clean.pk: clean.version, warned.pk: warned.version},
            user=staff,
            link=str,
        )
    assert not FollowUpReport.objects.filter(status=ReportStatus.APPROVED).exists()


def test_service_refuses_a_report_of_another_period(staff, county, period, reports):
    clean, _ = reports
    other = period_of(county, YEAR, 3)
    with pytest.raises(ValidationError, match="hör inte till perioden"):
        services.reports_approve_bulk(
            period=other, versions={clean.pk: clean.version}, user=staff, link=str
        )


def test_other_county_staff_get_404_and_reporters_403(
    other_county_staff, reporter_a, period, reports
):
    assert client_for(other_county_staff).get(_url(period)).status_code == 404
    assert client_for(reporter_a).get(_url(period)).status_code == 403


def test_confirmation_page_queries_do_not_grow_with_reports(
    staff, county, period, reporter_a, django_assert_max_num_queries
):
    from core.models import Municipality
    from tests.overview.test_queries import count

    client = client_for(staff)
    municipalities = list(Municipality.objects.in_county(county).order_by("code"))
    submitted(municipalities[0], period, reporter_a, anvisade=1)
    one = count(client, _url(period))
    for m in municipalities[1:]:
        submitted(m, period, reporter_a, anvisade=1)
    assert count(client, _url(period)) == one
    assert len(client.get(_url(period)).context["clean"]) == len(municipalities)
