"""County staff through the views: queue, approve, return with message, reopen, capacity."""

from __future__ import annotations

import pytest
from django.core import mail
from django.urls import reverse

from reception.models import FollowUpReport, ReportingSettings, ReportStatus
from reception.periods import periods_ensure
from tests.factories.reporting import approved, make_agreement, submitted

pytestmark = pytest.mark.django_db


@pytest.fixture
def periods(county):
    return periods_ensure(county=county, year=2025)


def test_queue_lists_submitted_first_then_missing_then_approved(
    staff_client, reporter_a, reporter_b, municipality_a, municipality_b, periods, staff
):
    approved(municipality_b, periods[0], reporter_b, staff, anvisade=1)
    submitted(municipality_a, periods[0], reporter_a, anvisade=2)
    url = reverse("overview:review_queue") + f"?ar=2025&period={periods[0].pk}"
    body = staff_client.get(url).content.decode()
    assert body.index("Södertälje") < body.index("Stockholm <span") < body.index("Huddinge <span")
    assert "Granska<span" in body


def test_queue_defaults_to_a_period_with_waiting_reports(
    staff_client, reporter_a, municipality_a, periods
):
    report = submitted(municipality_a, periods[4], reporter_a, anvisade=2)
    body = staff_client.get(reverse("overview:review_queue") + "?ar=2025").content.decode()
    assert reverse("reception:report_review", kwargs={"pk": report.pk}) in body
    assert "maj 2025 (sista dag 2025-06-15)" in body


def test_staff_approves_and_the_reporter_is_emailed(
    staff_client, reporter_a, municipality_a, periods
):
    report = submitted(municipality_a, periods[0], reporter_a, anvisade=2)
    mail.outbox.clear()
    response = staff_client.post(
        reverse("reception:report_approve", kwargs={"pk": report.pk}), {"version": report.version}
    )
    assert response.status_code == 302
    assert FollowUpReport.objects.get().status == ReportStatus.APPROVED
    assert mail.outbox[0].to == [reporter_a.email]
    assert "Godkänd" in mail.outbox[0].subject


def test_staff_returns_with_a_message_the_reporter_sees_on_top(
    staff_client, reporter_a_client, reporter_a, municipality_a, periods
):
    report = submitted(municipality_a, periods[0], reporter_a, anvisade=2)
    mail.outbox.clear()
    url = reverse("reception:report_return", kwargs={"pk": report.pk})
    response = staff_client.post(url, {"version": report.version, "message": ""})
    assert response.status_code == 200
    assert "Skriv vad kommunen behöver rätta." in response.content.decode()
    assert FollowUpReport.objects.get().status == ReportStatus.SUBMITTED
    assert mail.outbox == []
    staff_client.post(url, {"version": report.version, "message": "Ensamkommande saknas."})
    assert FollowUpReport.objects.get().status == ReportStatus.RETURNED
    assert "Ensamkommande saknas." in mail.outbox[0].body
    inbox = reporter_a_client.get(reverse("reception:inbox") + "?ar=2025").content.decode()
    assert inbox.index("Ensamkommande saknas.") < inbox.index("<table")


def test_stale_approve_is_refused(staff_client, reporter_a, municipality_a, periods):
    report = submitted(municipality_a, periods[0], reporter_a, anvisade=2)
    response = staff_client.post(
        reverse("reception:report_approve", kwargs={"pk": report.pk}),
        {"version": report.version - 1},
    )
    assert response.status_code == 200
    assert "Någon annan har ändrat rapporten" in response.content.decode()
    assert FollowUpReport.objects.get().status == ReportStatus.SUBMITTED


def test_reopening_an_approved_report_needs_a_reason(
    staff_client, staff, reporter_a, municipality_a, periods
):
    report = approved(municipality_a, periods[0], reporter_a, staff, anvisade=2)
    url = reverse("reception:report_reopen", kwargs={"pk": report.pk})
    response = staff_client.post(url, {"version": report.version, "reason": " "})
    assert "Skriv varför rapporten öppnas igen." in response.content.decode()
    staff_client.post(url, {"version": report.version, "reason": "Fel kategori"})
    report.refresh_from_db()
    assert report.status == ReportStatus.REOPENED
    detail = staff_client.get(reverse("reception:report_detail", kwargs={"pk": report.pk}))
    body = detail.content.decode()
    assert "Öppnad igen: Fel kategori" in body
    assert "Godkänd → Öppnad igen" in body


def test_audit_trail_shows_figure_changes_with_who_and_why(
    staff_client, reporter_a, municipality_a, periods
):
    from tests.factories.reporting import draft

    report = draft(municipality_a, periods[0], reporter_a, anvisade=1)
    draft(municipality_a, periods[0], reporter_a, version=report.version, anvisade=4)
    body = staff_client.get(
        reverse("reception:report_detail", kwargs={"pk": report.pk})
    ).content.decode()
    assert "Anvisade nyanlända (kommuntal), mottagna: 1 → 4" in body


def test_capacity_table_shows_each_municipality_and_county_totals(
    staff_client, staff, reporter_a, municipality_a, municipality_b, periods
):
    make_agreement(municipality_a, 2025, {"anvisade": 1200})
    make_agreement(municipality_b, 2025, {"anvisade": 40})
    approved(municipality_a, periods[0], reporter_a, staff, anvisade=300)
    submitted(municipality_a, periods[1], reporter_a, anvisade=100)
    body = staff_client.get(reverse("overview:county", kwargs={"year": 2025})).content.decode()
    assert "1\u00a0200" in body  # thousands with a no-break space
    assert "33,3\u00a0%" in body  # 400 / 1 200
    assert "Hela länet" in body
    assert "1\u00a0240" in body  # total target
    assert "Efter plan" in body  # the whole year has passed


def test_staff_changes_reporting_settings(staff_client, county):
    response = staff_client.post(
        reverse("reception:settings"),
        {
            "frequency": "quarterly",
            "deadline_days": "20",
            "reminder_days": "3",
            "jump_factor": "2,5",
            "version": "0",
        },
    )
    assert response.status_code == 302, response.content.decode()[:3000]
    config = ReportingSettings.objects.get(county=county)
    assert (config.frequency, config.deadline_days, str(config.jump_factor)) == (
        "quarterly",
        20,
        "2.5",
    )


def test_two_staff_saving_the_default_settings_first_one_wins_the_other_is_told(staff, county):
    """Both open the page while the county has no settings row (the defaults, version 0);
    the first save creates the row at version 1; the second, based on the defaults, must
    not overwrite it (it used to succeed: both posted the same version)."""
    from tests.factories.accounts import client_for

    first, second = client_for(staff), client_for(staff)
    page = first.get(reverse("reception:settings")).content.decode()
    assert 'name="version" value="0"' in page
    second.get(reverse("reception:settings"))
    values = {"frequency": "monthly", "deadline_days": "15", "reminder_days": "5"}
    ok = first.post(reverse("reception:settings"), {**values, "jump_factor": "3", "version": "0"})
    assert ok.status_code == 302
    late = second.post(
        reverse("reception:settings"), {**values, "jump_factor": "4", "version": "0"}
    )
    assert late.status_code == 200
    assert "Någon annan har sparat ändringar" in late.content.decode()
    config = ReportingSettings.objects.get(county=county)
    assert (config.version, str(config.jump_factor)) == (1, "3.0")


def test_settings_reject_bad_input(staff_client, county):
    response = staff_client.post(
        reverse("reception:settings"),
        {
            "frequency": "weekly",
            "deadline_days": "-3",
            "reminder_days": "3",
            "jump_factor": "0",
            "version": "1",
        },
    )
    assert response.status_code == 200
    assert 'id="error-summary"' in response.content.decode()
    assert not ReportingSettings.objects.exists()


def test_staff_cannot_open_another_countys_queue_or_capacity(other_county_staff, admin):
    from tests.factories.accounts import client_for

    other = client_for(other_county_staff)
    assert other.get(reverse("overview:review_queue") + "?lan=01").status_code == 404
    assert (
        other.get(reverse("overview:county", kwargs={"year": 2025}) + "?lan=01").status_code == 404
    )
    body = other.get(reverse("overview:review_queue")).content.decode()
    assert "Uppsala" in body and "Södertälje" not in body
    page = client_for(admin).get(reverse("overview:county", kwargs={"year": 2025}) + "?lan=03")
    assert "Uppsala" in page.content.decode()


def test_reporter_sees_only_own_municipality_in_inbox(reporter_b):
    from tests.factories.accounts import client_for

    body = client_for(reporter_b).get(reverse("reception:inbox")).content.decode()
    assert "Huddinge" in body and "Södertälje" not in body


def test_queue_of_an_earlier_year_links_back_but_never_makes_next_years_periods(
    staff_client, county
):
    from core import clock
    from reception.models import ReportingPeriod

    year = clock.today().year
    earlier = staff_client.get(reverse("overview:review_queue"), {"ar": year - 1})
    page = earlier.content.decode()
    assert f'href="?ar={year - 2}"' in page and f'href="?ar={year}"' in page
    current = staff_client.get(reverse("overview:review_queue")).content.decode()
    assert f'href="?ar={year - 1}"' in current and f"?ar={year + 1}" not in current
    # Showing next year would make its periods now, with today's interval.
    assert not ReportingPeriod.objects.filter(county=county, year=year + 1).exists()
    assert staff_client.get(reverse("overview:review_queue"), {"ar": year + 3}).status_code == 404


def test_approving_a_report_of_a_municipality_without_active_reporter_says_no_email_went(
    municipality_a, reporter_a, staff_client
):
    from django.core import mail as outbox_mail

    from tests.factories.reporting import YEAR, period_of, submitted

    report = submitted(municipality_a, period_of(municipality_a.county, YEAR, 1), reporter_a)
    reporter_a.is_active = False
    reporter_a.save()
    outbox_mail.outbox.clear()
    response = staff_client.post(
        reverse("reception:report_approve", kwargs={"pk": report.pk}),
        {"version": report.version},
        follow=True,
    )
    page = response.content.decode()
    assert "Ingen aktiv rapportör i Södertälje – inget e-postmeddelande skickades." in page
    assert outbox_mail.outbox == []


def test_approving_a_report_with_an_active_reporter_does_not_warn(
    municipality_a, reporter_a, staff_client
):
    from tests.factories.reporting import YEAR, period_of, submitted

    report = submitted(municipality_a, period_of(municipality_a.county, YEAR, 1), reporter_a)
    response = staff_client.post(
        reverse("reception:report_approve", kwargs={"pk": report.pk}),
        {"version": report.version},
        follow=True,
    )
    assert "Ingen aktiv rapportör" not in response.content.decode()
