"""County staff choose whether they are e-mailed when a report comes in (issue #16)."""

from __future__ import annotations

from pathlib import Path

from accounts.models import User
from tests.journeys.steps import STAFF, alerts, heading, nav, sign_in

SHOTS = Path(__file__).resolve().parents[2] / "docs/screenshots/issue-16"


def test_staff_turn_off_the_email_about_incoming_reports(page):
    assert User.objects.get(email=STAFF.email).notify_on_report is True
    sign_in(page, STAFF)
    nav(page, "Mina sidor")
    page.get_by_role("link", name="E-postaviseringar").click()
    assert heading(page) == "E-postaviseringar"
    box = page.get_by_label("E-post när en rapport kommer in")
    assert box.is_checked()  # on by default for the county's staff
    for width in (1280, 375):
        page.set_viewport_size({"width": width, "height": 800})
        page.screenshot(path=str(SHOTS / f"notification-settings-{width}.png"), full_page=True)
    page.set_viewport_size({"width": 1280, "height": 800})

    box.uncheck()
    page.get_by_role("button", name="Spara").click()

    assert "Sparat. Du får inte e-post när en rapport kommer in." in alerts(page)
    assert not page.get_by_label("E-post när en rapport kommer in").is_checked()
    assert User.objects.get(email=STAFF.email).notify_on_report is False
