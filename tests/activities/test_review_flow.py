"""Activity reports through the views: the confirmation step, the receipt, and the
e-mails of the shared review moves (approve, return, reopen)."""

from __future__ import annotations

import pytest
from django.core import mail
from django.core.mail.backends.base import BaseEmailBackend
from django.urls import reverse

from accounts.models import User
from activities.models import ActivityReport
from reception.models import ReportStatus
from tests.factories.accounts import PASSWORD, client_for
from tests.factories.activities import report, submit

pytestmark = pytest.mark.django_db


@pytest.fixture
def draft(sfi, municipality_a, periods, reporter_a):
    return report(sfi, municipality_a, periods[0], reporter_a, women=4, men=3)


@pytest.fixture
def submitted(draft, reporter_a):
    saved = submit(draft, reporter_a)
    mail.outbox.clear()
    return saved


@pytest.fixture
def colleague(municipality_a) -> User:
    """A second reporter of municipality A; both get the county's e-mails."""
    user = User.objects.create_user(
        "kollega@kommun-a.example", PASSWORD, role=User.Role.REPORTER, first_name="Kim"
    )
    user.municipalities.set([municipality_a])
    return user


def _submit_url(saved):
    return reverse("activities:activity_report_submit", args=[saved.pk])


def _move(client, name: str, saved, **data):
    return client.post(
        reverse(f"activities:activity_report_{name}", args=[saved.pk]),
        {"version": saved.version, **data},
    )


# The confirmation step


def test_confirmation_page_summarises_the_figures_and_changes_nothing(reporter_a, draft):
    response = client_for(reporter_a).get(_submit_url(draft))
    page = response.content.decode()
    assert response.status_code == 200
    assert "Kontrollera och skicka in" in page
    assert "<dt>Deltagare totalt</dt><dd>7</dd>" in page
    assert '<th scope="row">1A</th>' in page
    assert f'name="version" value="{draft.version}"' in page
    assert ActivityReport.objects.get().status == ReportStatus.DRAFT
    assert mail.outbox == []


def test_confirming_submits_sends_a_receipt_and_shows_its_number(reporter_a, draft):
    client = client_for(reporter_a)
    response = client.post(_submit_url(draft), {"version": draft.version})
    saved = ActivityReport.objects.select_related("municipality", "period").get()
    assert response["Location"] == reverse("activities:activity_report_detail", args=[saved.pk])
    assert saved.status == ReportStatus.SUBMITTED and saved.submitted_by == reporter_a
    # The receipt, then the county staff hear of it (test_staff_notifications.py).
    assert [m.to for m in mail.outbox] == [[reporter_a.email], ["staff@lansstyrelsen.example"]]
    receipt = mail.outbox[0]
    assert receipt.subject == (
        "Kvitto: aktivitetsrapport för SFI studieväg 1 (Södertälje), januari 2025"
    )
    assert saved.receipt_number in receipt.body
    assert "Deltagare, kvinnor: 4" in receipt.body and "- 1A: 0 / 0 / 7" in receipt.body
    assert f"http://testserver/aktiviteter/rapporter/{saved.pk}/" in receipt.body
    page = client.get(response["Location"]).content.decode()
    assert f"Kvittonummer: {saved.receipt_number}" in page


def test_confirming_with_a_stale_version_is_a_conflict_and_saves_nothing(reporter_a, draft):
    response = client_for(reporter_a).post(_submit_url(draft), {"version": draft.version - 1})
    assert response.status_code == 200
    assert "Någon annan har ändrat rapporten" in response.content.decode()
    assert ActivityReport.objects.get().status == ReportStatus.DRAFT
    assert mail.outbox == []


@pytest.mark.parametrize("version", ["", "abc", "-1", "99999999999999999999"])
def test_confirming_with_a_bad_version_saves_nothing(reporter_a, draft, version):
    response = client_for(reporter_a).post(_submit_url(draft), {"version": version})
    assert response.status_code == 200
    assert ActivityReport.objects.get().status == ReportStatus.DRAFT


def test_confirmation_of_a_submitted_report_goes_to_the_read_view(reporter_a, submitted):
    client = client_for(reporter_a)
    response = client.get(_submit_url(submitted))
    assert response["Location"] == reverse("activities:activity_report_detail", args=[submitted.pk])
    again = client.post(_submit_url(submitted), {"version": submitted.version})
    assert again.status_code == 302
    assert mail.outbox == []


def test_only_the_municipalitys_reporter_may_confirm(staff, reporter_b, draft):
    assert client_for(staff).post(_submit_url(draft), {"version": 1}).status_code == 403
    assert client_for(reporter_b).post(_submit_url(draft), {"version": 1}).status_code == 404
    assert ActivityReport.objects.get().status == ReportStatus.DRAFT


def test_form_submit_button_saves_then_asks_for_confirmation(reporter_a, draft, sfi, periods):
    url = reverse(
        "activities:activity_report_edit",
        kwargs={"pk": sfi.pk, "code": "0181", "period_pk": periods[0].pk},
    )
    data = {
        "version": draft.version,
        "women": "5",
        "men": "3",
        "first_time": "1",
        "completed": "0",
        "dropped": "0",
        "continuing_women_1A": "5",
        "continuing_men_1A": "3",
        "action": "submit",
    }
    response = client_for(reporter_a).post(url, data)
    assert response["Location"] == _submit_url(draft)
    saved = ActivityReport.objects.get()
    assert (saved.women, saved.status) == (5, ReportStatus.DRAFT)


# E-mails of the review moves


def test_approve_emails_every_reporter_of_the_municipality(
    staff, submitted, reporter_a, reporter_b, colleague
):
    response = _move(client_for(staff), "approve", submitted)
    assert response.status_code == 302
    assert len(mail.outbox) == 1
    sent = mail.outbox[0]
    assert sorted(sent.to) == sorted([reporter_a.email, colleague.email])
    assert reporter_b.email not in sent.to
    assert sent.subject == (
        "Godkänd: aktivitetsrapport för SFI studieväg 1 (Södertälje), januari 2025"
    )
    assert "Länsstyrelsen har godkänt aktivitetsrapporten" in sent.body
    assert f"http://testserver/aktiviteter/rapporter/{submitted.pk}/" in sent.body


def test_inactive_reporters_get_no_email(staff, submitted, reporter_a, colleague):
    colleague.is_active = False
    colleague.save()
    _move(client_for(staff), "approve", submitted)
    assert mail.outbox[0].to == [reporter_a.email]


def test_return_emails_the_staff_message_and_a_link_to_the_form(
    staff, submitted, reporter_a, sfi, periods
):
    _move(client_for(staff), "return", submitted, message="Antalet män verkar fel.\nKolla 1A.")
    assert ActivityReport.objects.get().status == ReportStatus.RETURNED
    sent = mail.outbox[0]
    assert sent.to == [reporter_a.email]
    assert sent.subject.startswith("Behöver rättas: aktivitetsrapport för SFI studieväg 1")
    assert "Antalet män verkar fel.\nKolla 1A." in sent.body
    form_url = reverse(
        "activities:activity_report_edit",
        kwargs={"pk": sfi.pk, "code": "0181", "period_pk": periods[0].pk},
    )
    assert f"http://testserver{form_url}" in sent.body


def test_reopen_emails_the_reason(staff, submitted, reporter_a):
    client = client_for(staff)
    _move(client, "approve", submitted)
    approved = ActivityReport.objects.get()
    mail.outbox.clear()
    _move(client, "reopen", approved, reason="Fel period, flytta till februari.")
    assert ActivityReport.objects.get().status == ReportStatus.REOPENED
    sent = mail.outbox[0]
    assert sent.subject.startswith("Öppnad igen: aktivitetsrapport för SFI studieväg 1")
    assert "Fel period, flytta till februari." in sent.body


@pytest.mark.parametrize(
    ("name", "data", "error"),
    [
        ("return", {"message": "   "}, "Skriv vad kommunen behöver rätta."),
        ("reopen", {"reason": "Fel."}, "Bara godkända rapporter kan öppnas igen."),
        ("approve", {"version": 1}, "Någon annan har ändrat rapporten"),
    ],
)
def test_refused_move_sends_nothing_and_changes_nothing(staff, submitted, name, data, error):
    response = _move(client_for(staff), name, submitted, **data)
    assert response.status_code == 200
    assert error in response.content.decode()
    assert ActivityReport.objects.get().status == ReportStatus.SUBMITTED
    assert mail.outbox == []


def test_approving_a_draft_sends_nothing(staff, draft):
    response = _move(client_for(staff), "approve", draft)
    assert "Bara inskickade rapporter kan godkännas." in response.content.decode()
    assert ActivityReport.objects.get().status == ReportStatus.DRAFT
    assert mail.outbox == []


def test_after_a_move_staff_land_in_the_queue_at_the_reports_period(staff, submitted, periods):
    response = _move(client_for(staff), "approve", submitted)
    assert response["Location"] == (
        f"{reverse('overview:review_queue')}?lan=01&ar=2025&period={periods[0].pk}"
    )


# The review queue


def _queue(client, period) -> str:
    url = reverse("overview:review_queue") + f"?ar=2025&period={period.pk}"
    return client.get(url).content.decode()


def test_queue_lists_the_periods_activity_reports_beside_follow_ups_submitted_first(
    staff, county, staff_org_activities, municipality_a, periods, reporter_a
):
    from tests.factories.reporting import submitted as follow_up_submitted

    first, second = staff_org_activities
    draft_ = report(first, municipality_a, periods[0], reporter_a)
    waiting = submit(report(second, municipality_a, periods[0], reporter_a), reporter_a)
    follow_up = follow_up_submitted(municipality_a, periods[0], reporter_a, anvisade=1)
    report(first, municipality_a, periods[1], reporter_a)  # another period: not listed
    page = _queue(client_for(staff), periods[0])
    table = page[page.index("<tbody>") :]
    waiting_link = reverse("activities:activity_report_detail", args=[waiting.pk])
    draft_link = reverse("activities:activity_report_detail", args=[draft_.pk])
    follow_up_link = reverse("reception:report_review", args=[follow_up.pk])
    # Submitted first (the follow-up, then the activity), drafts next, then the other
    # municipalities' follow-ups not started.
    assert (
        table.index(follow_up_link)
        < table.index(waiting_link)
        < table.index(draft_link)
        < table.index("Huddinge <span")
    )
    assert f'<a href="{waiting_link}">Granska' in table
    assert f'<a href="{draft_link}">Visa' in table
    assert "Aktivitet: Ö SFI kväll" in table and "Aktivitet: A SFI dag" in table
    assert table.count("Aktivitet: ") == 2


def test_queue_defaults_to_the_period_where_an_activity_report_waits(
    staff, sfi, municipality_a, periods, reporter_a
):
    submit(report(sfi, municipality_a, periods[4], reporter_a), reporter_a)
    page = client_for(staff).get(reverse("overview:review_queue") + "?ar=2025").content.decode()
    assert "maj 2025 (sista dag 2025-06-15)" in page
    assert "Maj 2025 – 1 väntar" in page


def test_other_countys_staff_never_see_the_activity_reports(
    other_county_staff, sfi, municipality_a, periods, reporter_a
):
    submit(report(sfi, municipality_a, periods[0], reporter_a), reporter_a)
    page = client_for(other_county_staff).get(reverse("overview:review_queue")).content.decode()
    assert "SFI studieväg 1" not in page


@pytest.fixture
def staff_org_activities(county, staff, organisation, municipality_a):
    from tests.factories.activities import make_activity

    return (
        make_activity(county, staff, organisation, [municipality_a], title="A SFI dag"),
        make_activity(county, staff, organisation, [municipality_a], title="Ö SFI kväll"),
    )


class RefusingBackend(BaseEmailBackend):
    """A mail server that refuses everything."""

    def send_messages(self, messages):
        raise OSError("mail server refused")


def test_a_refused_email_keeps_the_move_and_waits_in_the_outbox(staff, submitted, settings):
    settings.EMAIL_BACKEND = f"{__name__}.RefusingBackend"
    from activities import services
    from core.models import OutboxEmail

    services.activity_report_review(
        action="approve", report=submitted, user=staff, version=submitted.version
    )
    saved = ActivityReport.objects.get()
    assert (saved.status, saved.version) == (ReportStatus.APPROVED, submitted.version + 1)
    waiting = OutboxEmail.objects.exclude(status=OutboxEmail.Status.SENT).get()
    assert (waiting.status, waiting.attempts) == (OutboxEmail.Status.PENDING, 1)
    assert "refused" in waiting.last_error
