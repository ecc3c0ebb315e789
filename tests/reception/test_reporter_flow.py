"""The reporter's side, through the views: inbox, form, confirmation, receipt, fixing a return."""

from __future__ import annotations

import datetime
import zoneinfo

import pytest
from django.core import mail
from django.urls import reverse

from reception import services
from reception.models import FollowUpReport, ReportFigure, ReportStatus
from reception.periods import periods_ensure
from tests.factories.reporting import make_agreement

pytestmark = pytest.mark.django_db


def _post_data(version=0, anvisade="3", kvot="1", ensam="0", mass="0", **extra):
    data = {
        "version": version,
        "received_anvisade": anvisade,
        "received_kvotflyktingar": kvot,
        "received_ensamkommande": ensam,
        "received_massflykt": mass,
        "self_settled": "",
        "comment": "",
        "action": "draft",
    }
    data.update(extra)
    return data


@pytest.fixture
def periods(county):
    return periods_ensure(county=county, year=2025)


def _edit_url(period):
    return reverse("reception:report_edit", kwargs={"code": "0181", "period_pk": period.pk})


def test_reporter_fills_in_saves_confirms_and_gets_a_receipt(
    reporter_a_client, reporter_a, municipality_a, periods
):
    make_agreement(municipality_a, 2025, {"anvisade": 24})
    page = reporter_a_client.get(_edit_url(periods[0])).content.decode()
    assert "Årets mål" in page and "24" in page

    response = reporter_a_client.post(_edit_url(periods[0]), _post_data(anvisade="1 2"))
    assert response.status_code == 302
    report = FollowUpReport.objects.get()
    assert report.status == ReportStatus.DRAFT
    assert report.figures.get(category__code="anvisade").received == 12
    page = reporter_a_client.get(_edit_url(periods[0])).content.decode()
    assert "Utkastet är sparat" in page
    assert 'data-after-for="id_received_anvisade" aria-live="polite">12<' in page

    response = reporter_a_client.post(
        _edit_url(periods[0]), _post_data(version=report.version, anvisade="2", action="submit")
    )
    submit_url = reverse("reception:report_submit", kwargs={"pk": report.pk})
    assert response["Location"] == submit_url
    assert FollowUpReport.objects.get().status == ReportStatus.DRAFT  # not yet submitted
    page = reporter_a_client.get(submit_url).content.decode()
    assert "Skicka in rapporten" in page

    report.refresh_from_db()
    response = reporter_a_client.post(submit_url, {"version": report.version})
    assert response["Location"] == reverse("reception:report_receipt", kwargs={"pk": report.pk})
    report.refresh_from_db()
    assert report.status == ReportStatus.SUBMITTED
    receipt = reporter_a_client.get(response["Location"]).content.decode()
    assert "Tack! Rapporten är inskickad" in receipt
    assert report.receipt_number in receipt
    assert len(mail.outbox) == 1 and mail.outbox[0].to == [reporter_a.email]
    assert "http://testserver/rapporter/" in mail.outbox[0].body


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("-1", "Antalet kan inte vara negativt."),
        ("2,5", "Skriv ett heltal"),
        ("tre", "Skriv ett heltal"),
        ("", "Fyll i antalet mottagna"),
    ],
)
def test_bad_figures_show_a_clear_error_and_save_nothing(
    reporter_a_client, periods, value, message
):
    response = reporter_a_client.post(_edit_url(periods[0]), _post_data(anvisade=value))
    assert response.status_code == 200
    body = response.content.decode()
    assert 'id="error-summary"' in body
    assert message in body
    assert 'href="#id_received_anvisade"' in body
    assert not FollowUpReport.objects.exists()


def test_of_which_above_total_is_an_error_next_to_the_field(reporter_a_client, periods):
    response = reporter_a_client.post(_edit_url(periods[0]), _post_data(anvisade="1", kvot="3"))
    body = response.content.decode()
    assert "kan inte vara fler än" in body
    assert not FollowUpReport.objects.exists()
    assert not ReportFigure.objects.exists()


def test_stale_form_is_refused_with_a_message(reporter_a_client, periods):
    reporter_a_client.post(_edit_url(periods[0]), _post_data(anvisade="1"))
    reporter_a_client.post(_edit_url(periods[0]), _post_data(version=1, anvisade="2"))
    response = reporter_a_client.post(_edit_url(periods[0]), _post_data(version=1, anvisade="5"))
    assert "Någon annan har ändrat rapporten" in response.content.decode()
    assert ReportFigure.objects.get(category__code="anvisade").received == 2


def test_second_report_for_the_same_period_is_refused(reporter_a_client, periods):
    reporter_a_client.post(_edit_url(periods[0]), _post_data(anvisade="1"))
    response = reporter_a_client.post(_edit_url(periods[0]), _post_data(version=0, anvisade="9"))
    assert "Det finns redan en rapport" in response.content.decode()
    assert FollowUpReport.objects.count() == 1


def test_future_period_cannot_be_reported(reporter_a_client, county):
    future = periods_ensure(county=county, year=datetime.date.today().year + 1)[5]
    response = reporter_a_client.get(_edit_url(future), follow=True)
    assert "har inte börjat än" in response.content.decode()
    response = reporter_a_client.post(_edit_url(future), _post_data())
    assert not FollowUpReport.objects.exists()


def test_approved_report_cannot_be_edited_through_the_form(
    reporter_a_client, reporter_a, staff, municipality_a, periods
):
    from tests.factories.reporting import approved

    report = approved(municipality_a, periods[0], reporter_a, staff, anvisade=1)
    response = reporter_a_client.post(_edit_url(periods[0]), _post_data(version=report.version))
    assert response.status_code == 302
    assert response["Location"] == reverse("reception:report_detail", kwargs={"pk": report.pk})
    assert ReportFigure.objects.get(category__code="anvisade").received == 1


def test_warnings_must_be_confirmed_before_submitting(reporter_a_client, municipality_a, periods):
    make_agreement(municipality_a, 2025, {"anvisade": 2})
    reporter_a_client.post(_edit_url(periods[0]), _post_data(anvisade="5", kvot="0"))
    report = FollowUpReport.objects.get()
    url = reverse("reception:report_submit", kwargs={"pk": report.pk})
    page = reporter_a_client.get(url).content.decode()
    assert "fler än målet 2" in page
    response = reporter_a_client.post(url, {"version": report.version})
    assert response.status_code == 200
    assert "Bekräfta att du har kontrollerat varningarna" in response.content.decode()
    assert FollowUpReport.objects.get().status == ReportStatus.DRAFT
    response = reporter_a_client.post(url, {"version": report.version, "confirm": "on"})
    assert response.status_code == 302
    assert FollowUpReport.objects.get().status == ReportStatus.SUBMITTED


def test_inbox_shows_overdue_and_returned_message_on_top(
    reporter_a_client, reporter_a, staff, municipality_a, periods
):
    from tests.factories.reporting import submitted

    report = submitted(municipality_a, periods[2], reporter_a, anvisade=0)
    services.report_return(
        report=report, user=staff, version=report.version, message="Saknar kvotflyktingar i mars."
    )
    body = reporter_a_client.get(reverse("reception:inbox") + "?ar=2025").content.decode()
    assert body.index("Saknar kvotflyktingar i mars.") < body.index("<table")
    assert "Försenad" in body
    # Every 2025 period is past its deadline and none is handed in: all twelve stay marked.
    assert body.count('class="is-overdue"') == 12


def test_handed_in_report_is_no_longer_overdue_but_shows_it_was_late(
    reporter_a_client, reporter_a, municipality_a, periods
):
    from tests.factories.reporting import submitted

    submitted(municipality_a, periods[0], reporter_a, anvisade=1)
    body = reporter_a_client.get(reverse("reception:inbox") + "?ar=2025").content.decode()
    assert body.count('class="is-overdue"') == 11
    assert "Inskickad efter sista dag" in body


def test_inbox_judges_late_on_the_stockholm_date_of_submission(
    reporter_a_client, reporter_a, municipality_a, periods
):
    """23:30 in Stockholm on the last day is on time; 00:30 the night after is late (the
    day is read with TruncDate in the database, in the portal's time zone)."""
    from tests.factories.reporting import submitted

    report = submitted(municipality_a, periods[0], reporter_a, anvisade=1)
    deadline = periods[0].deadline
    stockholm = zoneinfo.ZoneInfo("Europe/Stockholm")
    url = reverse("reception:inbox") + "?ar=2025"
    for moment, late in ((datetime.time(23, 30), False), (datetime.time(0, 30), True)):
        day = deadline + datetime.timedelta(days=late)
        at = datetime.datetime.combine(day, moment, stockholm).astimezone(datetime.UTC)
        FollowUpReport.objects.filter(pk=report.pk).update(submitted_at=at)
        body = reporter_a_client.get(url).content.decode()
        assert ("Inskickad efter sista dag" in body) is late, moment


def test_overdue_reports_from_earlier_years_stay_in_the_inbox(reporter_a_client, county):
    periods_ensure(county=county, year=2024)
    body = reporter_a_client.get(reverse("reception:inbox")).content.decode()
    assert "Försenade rapporter från tidigare år" in body
    assert "december 2024" in body.lower()


def test_resubmission_after_return_shows_what_changed(
    reporter_a_client, reporter_a, staff, municipality_a, periods
):
    from tests.factories.reporting import submitted

    report = submitted(municipality_a, periods[0], reporter_a, anvisade=3)
    report = services.report_return(
        report=report, user=staff, version=report.version, message="Fel antal"
    )
    page = reporter_a_client.get(_edit_url(periods[0])).content.decode()
    assert "Fel antal" in page
    reporter_a_client.post(
        _edit_url(periods[0]), _post_data(version=report.version, anvisade="4", kvot="0")
    )
    report.refresh_from_db()
    page = reporter_a_client.get(
        reverse("reception:report_submit", kwargs={"pk": report.pk})
    ).content.decode()
    assert "Ändrat sedan förra inskickningen" in page
    assert "mottagna: 3 → 4" in page
