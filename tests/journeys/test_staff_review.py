"""County staff: review the municipalities' follow-up reports (return, approve, reopen)."""

from __future__ import annotations

import re

from django.core import mail

from reception.models import FollowUpReport, ReportStatus
from tests.journeys.steps import (
    STAFF,
    alerts,
    error_summary,
    field,
    heading,
    link_in,
    main_text,
    nav,
    sent_mail,
    sign_in,
)

HUDDINGE_REPORTER = "amir.haddad@huddinge.example"


def _sign_in_to_the_queue(page) -> None:
    mail.outbox.clear()  # what seeding the demo data sent is not this journey's
    sign_in(page, STAFF)
    nav(page, "Granska rapporter")


def _open(page, action: str, municipality: str) -> None:
    """In the review queue's table: the row's "Granska" or "Visa" link."""
    page.locator("main table").get_by_role(
        "link", name=f"{action} {municipality}", exact=True
    ).click()
    page.wait_for_load_state()


def _chosen_period(page) -> str:
    return field(page, "Period").locator("option:checked").inner_text()


def _report(municipality: str, period_label: str) -> FollowUpReport:
    reports = FollowUpReport.objects.filter(municipality__name=municipality).select_related(
        "period"
    )
    return next(r for r in reports if r.period.label.lower() == period_label.lower())


def test_staff_return_a_report_with_a_message(page):
    _sign_in_to_the_queue(page)
    period = _chosen_period(page).split(" – ")[0]
    report = _report("Huddinge", period)
    assert report.status == ReportStatus.SUBMITTED
    _open(page, "Granska", "Huddinge")
    assert heading(page) == f"Granska {period.lower()}, Huddinge"

    page.get_by_role("button", name="Skicka tillbaka").click()
    assert "Skriv vad kommunen behöver rätta" in error_summary(page)
    report.refresh_from_db()
    assert report.status == ReportStatus.SUBMITTED
    assert not sent_mail(to=HUDDINGE_REPORTER)

    message = "Kvotflyktingarna saknas. Fyll i dem och skicka in igen."
    field(page, "Meddelande till kommunen").fill(message)
    page.get_by_role("button", name="Skicka tillbaka").click()

    assert "Rapporten är skickad tillbaka till Huddinge med ditt meddelande" in alerts(page)
    assert heading(page).startswith("Granska rapporter")
    row = (
        page.locator("main table tbody tr")
        .filter(has_text="Huddinge")
        .filter(has_text="Uppföljning")
    )
    assert "Skickad tillbaka" in row.inner_text()
    report.refresh_from_db()
    assert report.status == ReportStatus.RETURNED
    assert report.review_message == message
    assert report.reviewed_by.email == STAFF.email
    [mail] = sent_mail(to=HUDDINGE_REPORTER, subject_contains="Behöver rättas")
    assert message in mail.body
    link = link_in(mail, r"https?://\S+")
    assert link.endswith(f"/rapporter/fyll-i/0126/{report.period_id}/")


def test_staff_approve_a_report(page):
    _sign_in_to_the_queue(page)
    period = _chosen_period(page).split(" – ")[0]
    report = _report("Huddinge", period)
    assert report.status == ReportStatus.SUBMITTED
    _open(page, "Granska", "Huddinge")
    page.get_by_role("button", name="Godkänn rapporten").click()

    assert "Rapporten från Huddinge är godkänd" in alerts(page)
    row = (
        page.locator("main table tbody tr")
        .filter(has_text="Huddinge")
        .filter(has_text="Uppföljning")
    )
    assert "Godkänd" in row.inner_text()
    report.refresh_from_db()
    assert report.status == ReportStatus.APPROVED
    assert report.reviewed_by.email == STAFF.email
    [mail] = sent_mail(to=HUDDINGE_REPORTER)
    assert "godkänt" in mail.body.lower() or "godkänd" in mail.body.lower()

    _open(page, "Visa", "Huddinge")
    assert "Godkänd" in main_text(page)
    assert page.get_by_role("button", name="Godkänn rapporten").count() == 0
    assert page.get_by_role("button", name="Öppna igen").is_visible()


def test_staff_reopen_an_approved_report_with_a_reason(page):
    _sign_in_to_the_queue(page)
    # The period before the one shown: Huddinge's report there is approved.
    options = field(page, "Period").locator("option").all_inner_texts()
    shown = options.index(_chosen_period(page))
    if shown == 0:  # January: the period before is last year's last
        page.get_by_role("link", name=re.compile(r"^Perioder \d{4}$")).click()
        options = field(page, "Period").locator("option").all_inner_texts()
    earlier = options[shown - 1]
    field(page, "Period").select_option(label=earlier)
    page.get_by_role("button", name="Visa", exact=True).click()
    period = earlier.split(" – ")[0]
    report = _report("Huddinge", period)
    assert report.status == ReportStatus.APPROVED
    _open(page, "Visa", "Huddinge")

    page.get_by_role("button", name="Öppna igen").click()
    assert error_summary(page)
    report.refresh_from_db()
    assert report.status == ReportStatus.APPROVED

    reason = "Migrationsverkets statistik visar två fler anvisade i perioden."
    field(page, "Skäl till att öppna rapporten igen").fill(reason)
    page.get_by_role("button", name="Öppna igen").click()

    assert "Rapporten från Huddinge är öppnad igen" in alerts(page)
    report.refresh_from_db()
    assert report.status == ReportStatus.REOPENED
    assert report.review_message == reason
    [mail] = sent_mail(to=HUDDINGE_REPORTER)
    assert reason in mail.body
    _open(page, "Visa", "Huddinge")
    assert reason in main_text(page)
