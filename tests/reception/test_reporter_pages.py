"""What the reporter's pages say: when a report can be handed in, who handed it in, the
plausibility warnings, the error summary of the confirmation step and the history."""

from __future__ import annotations

import datetime

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from reception import services
from reception.models import FollowUpReport, ReportStatus
from reception.periods import periods_ensure
from tests.factories.reporting import (
    AFTER_YEAR,
    YEAR,
    approved,
    draft,
    figures,
    make_agreement,
    submitted,
)

pytestmark = pytest.mark.django_db


def _current_period(county):
    today = timezone.localdate()
    return next(
        p for p in periods_ensure(county=county, year=today.year) if p.start <= today <= p.end
    )


def _edit_url(period, code: str = "0181") -> str:
    return reverse("reception:report_edit", kwargs={"code": code, "period_pk": period.pk})


def _post(version=0, action="draft", anvisade="3"):
    return {
        "version": version,
        "received_anvisade": anvisade,
        "received_kvotflyktingar": "0",
        "received_ensamkommande": "0",
        "received_massflykt": "0",
        "self_settled": "",
        "comment": "",
        "action": action,
    }


# A period still running: drafts yes, submission once it has ended


def test_report_for_a_running_period_is_saved_as_a_draft_but_cannot_be_submitted(
    county, municipality_a, reporter_a
):
    january = periods_ensure(county=county, year=YEAR)[0]
    during = datetime.date(YEAR, 1, 20)
    report = services.report_save_draft(
        municipality=municipality_a,
        period=january,
        user=reporter_a,
        figures=figures(anvisade=2),
        self_settled=None,
        comment="",
        version=0,
        today=during,
    )
    with pytest.raises(ValidationError) as refused:
        services.report_submit(
            report=report, user=reporter_a, version=report.version, confirmed=True, today=during
        )
    assert refused.value.code == "running"
    assert f"från {YEAR}-02-01" in refused.value.messages[0]
    report.refresh_from_db()
    assert report.status == ReportStatus.DRAFT and report.submitted_at is None
    assert mail.outbox == []

    submitted_report = services.report_submit(
        report=report,
        user=reporter_a,
        version=report.version,
        confirmed=True,
        today=datetime.date(YEAR, 2, 1),
    )
    assert submitted_report.status == ReportStatus.SUBMITTED


def test_form_of_a_running_period_says_when_submission_opens_and_offers_only_the_draft(
    reporter_a_client, county
):
    period = _current_period(county)
    page = reporter_a_client.get(_edit_url(period)).content.decode()
    opens = (period.end + datetime.timedelta(days=1)).isoformat()
    assert f"pågår till och med {period.end.isoformat()}" in page
    assert f"skicka in rapporten från {opens}" in page
    assert "Spara utkast" in page
    assert "Gå vidare till att skicka in" not in page


def test_posting_submit_for_a_running_period_saves_the_draft_and_stays_on_the_form(
    reporter_a_client, county
):
    period = _current_period(county)
    response = reporter_a_client.post(_edit_url(period), _post(action="submit"))
    assert response["Location"] == _edit_url(period)
    report = FollowUpReport.objects.get()
    assert report.status == ReportStatus.DRAFT

    submit_url = reverse("reception:report_submit", kwargs={"pk": report.pk})
    response = reporter_a_client.post(submit_url, {"version": report.version, "confirm": "on"})
    assert response["Location"] == _edit_url(period)
    page = reporter_a_client.get(_edit_url(period)).content.decode()
    assert "Du kan spara ett utkast nu" in page
    assert FollowUpReport.objects.get().status == ReportStatus.DRAFT
    assert mail.outbox == []


def test_form_of_an_ended_period_offers_submission(reporter_a_client, county):
    period = periods_ensure(county=county, year=YEAR)[0]
    page = reporter_a_client.get(_edit_url(period)).content.decode()
    assert "Gå vidare till att skicka in" in page
    assert "pågår till och med" not in page


# Who handed it in


def test_report_pages_say_once_who_submitted_and_when(
    reporter_a_client, reporter_a, municipality_a, county
):
    report = submitted(municipality_a, periods_ensure(county=county, year=YEAR)[0], reporter_a)
    when = timezone.localtime(report.submitted_at).strftime("%Y-%m-%d %H:%M")
    page = reporter_a_client.get(
        reverse("reception:report_detail", kwargs={"pk": report.pk})
    ).content.decode()
    assert f"Anna Reporter skickade in rapporten {when}." in page
    assert "Inskickad Inskickad" not in " ".join(page.split())


def test_receipt_and_report_page_work_when_the_submitters_account_is_gone(
    staff_client, reporter_a, municipality_a, county
):
    report = submitted(municipality_a, periods_ensure(county=county, year=YEAR)[0], reporter_a)
    reporter_a.delete()
    pages = {}
    for name in ("reception:report_receipt", "reception:report_detail", "reception:report_review"):
        response = staff_client.get(reverse(name, kwargs={"pk": report.pk}))
        assert response.status_code == 200, name
        pages[name] = response.content.decode()
        assert "None" not in pages[name], name
    assert "<dt>Av</dt><dd>–</dd>" in pages["reception:report_receipt"]
    assert "Rapporten skickades in " in pages["reception:report_detail"]
    assert "Rapporten skickades in " in pages["reception:report_review"]


# Plausibility warnings, the confirmation step's error summary


@pytest.fixture
def big_draft(municipality_a, reporter_a, county):
    make_agreement(municipality_a, YEAR, {"anvisade": 1200})
    january, february = periods_ensure(county=county, year=YEAR)[:2]
    submitted(municipality_a, january, reporter_a, anvisade=400)
    return draft(municipality_a, february, reporter_a, anvisade=1300)


def test_plausibility_warnings_group_thousands_with_a_no_break_space(big_draft):
    warnings = services.report_warnings(big_draft)
    assert any("1\u00a0700 mottagna i år, fler än målet 1\u00a0200" in w for w in warnings)
    assert any(
        "1\u00a0300 är mer än 3 gånger så många som förra perioden (400)" in w for w in warnings
    )


def test_unconfirmed_warning_reads_as_one_sentence_in_the_error_summary(
    reporter_a_client, big_draft
):
    url = reverse("reception:report_submit", kwargs={"pk": big_draft.pk})
    page = reporter_a_client.post(url, {"version": big_draft.version}).content.decode()
    assert (
        '<a href="#id_confirm">Bekräfta att du har kontrollerat varningarna innan du skickar '
        "in.</a>"
    ) in page
    assert "stämmer.:" not in page


def test_error_summary_of_the_confirmation_step_does_not_say_nothing_was_saved(
    reporter_a_client, big_draft
):
    url = reverse("reception:report_submit", kwargs={"pk": big_draft.pk})
    page = reporter_a_client.post(url, {"version": big_draft.version}).content.decode()
    assert 'id="error-summary"' in page
    assert "Inget har sparats" not in page
    assert "Rapporten är inte inskickad. Utkastet är sparat som det var" in page
    big_draft.refresh_from_db()
    assert big_draft.status == ReportStatus.DRAFT


def test_error_summary_of_the_report_form_still_says_nothing_was_saved(reporter_a_client, county):
    period = periods_ensure(county=county, year=YEAR)[0]
    page = reporter_a_client.post(_edit_url(period), _post(anvisade="tre")).content.decode()
    assert "Rätta följande och skicka igen. Inget har sparats." in page
    assert not FollowUpReport.objects.exists()


# History


def _reasons(report) -> list[str]:
    return list(
        report.history.order_by("history_date", "history_id").values_list(
            "history_change_reason", flat=True
        )
    )


def test_history_tells_a_resubmission_after_a_reopen_from_one_after_a_return(
    reporter_a, staff, municipality_a, county
):
    january, february = periods_ensure(county=county, year=YEAR)[:2]
    returned = submitted(municipality_a, january, reporter_a, anvisade=1)
    returned = services.report_return(
        report=returned, user=staff, version=returned.version, message="Fel"
    )
    returned = draft(municipality_a, january, reporter_a, version=returned.version, anvisade=2)
    services.report_submit(
        report=returned, user=reporter_a, version=returned.version, confirmed=True, today=AFTER_YEAR
    )
    assert _reasons(returned)[-1] == "Inskickad igen efter retur"

    reopened = approved(municipality_a, february, reporter_a, staff, anvisade=1)
    reopened = services.report_reopen(
        report=reopened, user=staff, version=reopened.version, reason="Siffran ändrades"
    )
    reopened = draft(municipality_a, february, reporter_a, version=reopened.version, anvisade=3)
    services.report_submit(
        report=reopened, user=reporter_a, version=reopened.version, confirmed=True, today=AFTER_YEAR
    )
    assert _reasons(reopened)[-1] == "Inskickad igen efter att ha öppnats igen"
    assert "Inskickad igen efter retur" not in _reasons(reopened)


# Sign-in and the inbox


def test_reporter_lands_on_what_is_due_after_signing_in(client, reporter_a):
    from tests.factories.accounts import PASSWORD

    response = client.post(
        reverse("accounts:login"), {"username": reporter_a.email, "password": PASSWORD}
    )
    assert response.status_code == 302
    assert response["Location"] == reverse("reception:inbox")


def test_staff_land_on_their_own_pages_and_a_next_link_is_still_followed(client, staff):
    from tests.factories.accounts import PASSWORD
    from tests.factories.mfa import code_now, give_app, sign_in_with_code

    give_app(staff)
    response = sign_in_with_code(client, staff)  # password, then the app's code
    assert response["Location"] == reverse("overview:dashboard")
    client.post(reverse("accounts:logout"))
    response = client.post(
        reverse("accounts:login") + "?next=/granska/",
        {"username": staff.email, "password": PASSWORD},
    )
    assert response["Location"] == reverse("accounts:mfa_sign_in_code")
    # The next code (a code is used once): the link is followed after the second step.
    response = client.post(response["Location"], {"code": code_now(offset=1)})
    assert response["Location"] == "/granska/"


def test_a_report_sent_back_in_a_later_year_stays_on_top_of_the_inbox(
    reporter_a_client, reporter_a, staff, municipality_a, county
):
    """December's report, returned in January, must not vanish when the year turns."""
    last_year = timezone.localdate().year - 1
    december = periods_ensure(county=county, year=last_year)[-1]
    after = december.end + datetime.timedelta(days=1)
    report = services.report_save_draft(
        municipality=municipality_a,
        period=december,
        user=reporter_a,
        figures=figures(anvisade=1),
        self_settled=None,
        comment="",
        version=0,
        today=after,
    )
    report = services.report_submit(
        report=report, user=reporter_a, version=report.version, confirmed=True, today=after
    )
    report = services.report_return(
        report=report, user=staff, version=report.version, message="Saknar kvotflyktingar."
    )
    # Not overdue: pretend the deadline is still ahead, as it is in early January.
    type(december).objects.filter(pk=december.pk).update(
        deadline=timezone.localdate() + datetime.timedelta(days=10)
    )
    body = reporter_a_client.get(reverse("reception:inbox")).content.decode()
    assert "Saknar kvotflyktingar." in body
    assert f"Rätta rapporten för {december.label}" in body


def test_changes_since_the_last_submission_group_thousands(
    reporter_a_client, reporter_a, staff, municipality_a, county
):
    january = periods_ensure(county=county, year=YEAR)[0]
    report = submitted(municipality_a, january, reporter_a, anvisade=3)
    report = services.report_return(report=report, user=staff, version=report.version, message="X")
    report = draft(municipality_a, january, reporter_a, version=report.version, anvisade=1250)
    page = reporter_a_client.get(
        reverse("reception:report_submit", kwargs={"pk": report.pk})
    ).content.decode()
    assert "mottagna: 3 → 1\u00a0250" in page
