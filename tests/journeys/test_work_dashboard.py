"""The work dashboard: staff land on what waits and go through the waiting reports one
after another; reporters land on what is due; staff approve several reports at once."""

from __future__ import annotations

import re

from reception.models import FollowUpReport, ReportStatus
from tests.journeys.steps import (
    REPORTER,
    STAFF,
    alerts,
    heading,
    main_text,
    nav,
    sign_in,
)


def _waiting() -> int:
    return FollowUpReport.objects.filter(
        period__county__code="01", status=ReportStatus.SUBMITTED
    ).count()


def _figure(page, title: str) -> str:
    card = page.locator(".dashboard__item").filter(
        has=page.get_by_role("heading", name=re.compile(title))
    )
    return card.locator(".dashboard__figure").inner_text()


def test_staff_dashboard_to_the_waiting_report_approve_and_next(page):
    sign_in(page, STAFF)
    assert heading(page) == "Att göra – Stockholms län"
    waiting_before = _waiting()
    assert waiting_before >= 2, "the demo data has reports waiting"
    shown = int(_figure(page, "^Väntar på granskning$"))
    assert shown >= waiting_before  # activity reports count too
    assert re.search(r"Den äldsta har väntat i \d+ dag", main_text(page))

    page.get_by_role("link", name="Väntar på granskning").click()
    assert heading(page).startswith("Granska rapporter")
    assert "Väntar på granskning" in main_text(page)  # the filter is shown
    next_link = page.get_by_role("link", name=re.compile("^Nästa rapport som väntar"))
    first = next_link.locator(".next-waiting__name").inner_text()
    next_link.click()
    assert heading(page).endswith(first)
    report = FollowUpReport.objects.get(pk=int(re.search(r"/granska/(\d+)/", page.url).group(1)))
    page.get_by_role("button", name="Godkänn rapporten").click()

    assert f"Rapporten från {first} är godkänd" in alerts(page)
    report.refresh_from_db()
    assert report.status == ReportStatus.APPROVED
    assert report.reviewed_by.email == STAFF.email
    next_link = page.get_by_role("link", name=re.compile("^Nästa rapport som väntar"))
    second = next_link.locator(".next-waiting__name").inner_text()
    assert second != first
    next_link.click()
    assert heading(page).endswith(second)
    assert _waiting() == waiting_before - 1


def test_reporter_dashboard_shows_what_is_due_and_opens_it(page):
    sign_in(page, REPORTER)
    assert heading(page).startswith("Rapporter")
    due = page.locator(".dashboard__item").filter(
        has=page.get_by_role("heading", name="Nästa att lämna")
    )
    period = due.locator(".dashboard__figure").inner_text()
    assert re.search(r"Senast \d{4}-\d{2}-\d{2}\.", due.inner_text())
    due.get_by_role("link", name=re.compile("^Öppna rapporten för")).click()
    page.wait_for_load_state()
    assert period.lower() in heading(page).lower()
    assert "Södertälje" in heading(page)


def test_staff_approve_several_reports_without_warnings(page):
    sign_in(page, STAFF)
    nav(page, "Granska rapporter")
    page.get_by_role("link", name="Godkänn flera rapporter utan varningar").click()
    assert heading(page).startswith("Godkänn flera rapporter för")
    table = page.get_by_role("table", name="Rapporter utan varningar")
    boxes = table.get_by_role("checkbox")
    listed = [row.locator("th").inner_text() for row in table.locator("tbody tr").all()]
    assert listed and boxes.count() == len(listed)
    assert all(boxes.nth(i).is_checked() for i in range(boxes.count()))
    # Leave the last one for a review of its own.
    keep = listed[-1]
    table.get_by_role("checkbox", name=f"Godkänn {keep}").uncheck()
    page.get_by_role("button", name="Godkänn de valda rapporterna").click()

    message = alerts(page)
    assert f"{len(listed) - 1} rapporter för" in message
    assert heading(page).startswith("Granska rapporter")
    statuses = dict(
        FollowUpReport.objects.filter(period__county__code="01", municipality__name__in=listed)
        .filter(reviewed_by__email=STAFF.email, status=ReportStatus.APPROVED)
        .values_list("municipality__name", "status")
    )
    assert set(statuses) >= set(listed[:-1])
    assert keep not in statuses
