"""What an activity report's pages and e-mails say: when it can be handed in, who handed it
in, and the activity named with its municipality once."""

from __future__ import annotations

import datetime

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from activities import services
from activities.models import ActivityReport, activity_for_municipality
from reception.models import ReportStatus
from reception.periods import periods_ensure
from tests.factories.accounts import client_for
from tests.factories.activities import make_activity, report, submit

pytestmark = pytest.mark.django_db


def _edit_url(activity, period) -> str:
    return reverse(
        "activities:activity_report_edit",
        kwargs={"pk": activity.pk, "code": "0181", "period_pk": period.pk},
    )


def test_activity_report_for_a_running_period_cannot_be_submitted(
    sfi, municipality_a, periods, reporter_a
):
    saved = report(sfi, municipality_a, periods[0], reporter_a)
    with pytest.raises(ValidationError) as refused:
        services.activity_report_submit(
            report=saved, user=reporter_a, version=saved.version, today=datetime.date(2025, 1, 31)
        )
    assert refused.value.code == "running"
    saved.refresh_from_db()
    assert saved.status == ReportStatus.DRAFT and saved.submitted_at is None
    assert mail.outbox == []
    services.activity_report_submit(
        report=saved, user=reporter_a, version=saved.version, today=datetime.date(2025, 2, 1)
    )
    saved.refresh_from_db()
    assert saved.status == ReportStatus.SUBMITTED


def test_activity_form_of_a_running_period_offers_only_the_draft(
    sfi, county, reporter_a, municipality_a
):
    today = timezone.localdate()
    period = next(
        p for p in periods_ensure(county=county, year=today.year) if p.start <= today <= p.end
    )
    client = client_for(reporter_a)
    page = client.get(_edit_url(sfi, period)).content.decode()
    assert f"pågår till och med {period.end.isoformat()}" in page
    assert 'value="submit"' not in page

    data = {
        "version": 0,
        "women": "1",
        "men": "1",
        "first_time": "0",
        "completed": "0",
        "dropped": "0",
        "continuing_women_1A": "1",
        "continuing_men_1A": "1",
        "action": "submit",
    }
    response = client.post(_edit_url(sfi, period), data)
    assert response["Location"] == _edit_url(sfi, period)
    saved = ActivityReport.objects.get()
    assert saved.status == ReportStatus.DRAFT
    submit_url = reverse("activities:activity_report_submit", args=[saved.pk])
    assert client.post(submit_url, {"version": saved.version})["Location"] == _edit_url(sfi, period)
    assert ActivityReport.objects.get().status == ReportStatus.DRAFT


def test_activity_report_page_says_once_who_submitted_and_when(
    sfi, municipality_a, periods, reporter_a
):
    saved = submit(report(sfi, municipality_a, periods[0], reporter_a), reporter_a)
    when = timezone.localtime(saved.submitted_at).strftime("%Y-%m-%d %H:%M")
    page = (
        client_for(reporter_a)
        .get(reverse("activities:activity_report_detail", args=[saved.pk]))
        .content.decode()
    )
    assert f"Anna Reporter skickade in rapporten {when}." in page
    assert "Inskickad Inskickad" not in " ".join(page.split())
    assert "av None" not in page


def test_activity_report_page_works_when_the_submitters_account_is_gone(
    sfi, municipality_a, periods, reporter_a, staff
):
    saved = submit(report(sfi, municipality_a, periods[0], reporter_a), reporter_a)
    reporter_a.delete()
    response = client_for(staff).get(reverse("activities:activity_report_detail", args=[saved.pk]))
    assert response.status_code == 200
    page = response.content.decode()
    assert "Rapporten skickades in " in page
    assert "None" not in page


def test_receipt_subject_names_the_municipality_once_when_the_title_has_it(
    county, staff, organisation, municipality_a, periods, reporter_a
):
    activity = make_activity(
        county, staff, organisation, [municipality_a], title="SFI studieväg 1, Södertälje"
    )
    submit(report(activity, municipality_a, periods[0], reporter_a), reporter_a)
    receipt, to_staff = mail.outbox
    assert to_staff.subject == (
        "Ny aktivitetsrapport att granska: SFI studieväg 1, Södertälje, januari 2025"
    )
    assert receipt.subject == (
        "Kvitto: aktivitetsrapport för SFI studieväg 1, Södertälje, januari 2025"
    )
    assert receipt.subject.count("Södertälje") == 1
    assert receipt.body.count("Södertälje") == 1


def test_activity_is_named_with_its_municipality_only_where_the_title_lacks_it():
    assert activity_for_municipality("SFI kväll, Södertälje", "Södertälje") == (
        "SFI kväll, Södertälje"
    )
    assert activity_for_municipality("Samhällsorientering, Sydväst", "Salem") == (
        "Samhällsorientering, Sydväst (Salem)"
    )
    # A name inside another word is not the municipality ("Salem" in "Salemsborg").
    assert activity_for_municipality("Kurs i Salemsborg", "Salem") == "Kurs i Salemsborg (Salem)"


def test_activity_inbox_keeps_last_years_periods_that_are_not_handed_in(
    sfi, county, municipality_a, reporter_a, staff
):
    """December's participants are reported in January: last year's open periods stay."""
    last_year = timezone.localdate().year - 1
    periods = periods_ensure(county=county, year=last_year)
    done = submit(report(sfi, municipality_a, periods[0], reporter_a), reporter_a)
    services.activity_report_approve(report=done, user=staff, version=done.version)
    page = client_for(reporter_a).get(reverse("activities:activity_inbox")).content.decode()
    assert _edit_url(sfi, periods[-1]) in page  # December last year: still to report
    assert _edit_url(sfi, periods[1]) in page
    assert reverse("activities:activity_report_detail", args=[done.pk]) not in page
