"""A reporter makes an API token in the browser; the municipality's case system (a
script, over HTTP to the live server) hands in a report with it; county staff find it
in the review queue, with the token named in the report's history."""

from __future__ import annotations

import re

import requests
from django.utils import timezone

from api.models import ApiToken
from reception.models import FollowUpReport, ReportStatus
from tests.journeys.steps import (
    REPORTER,
    STAFF,
    field,
    heading,
    main_text,
    nav,
    sign_in,
    sign_out,
)

SHOTS = "docs/screenshots/issue-21"


def _case_system_hands_in(base: str, secret: str) -> dict:
    """What a case system does: what is due, the categories, a draft, the submission."""
    session = requests.Session()
    session.headers.update({"Authorization": f"Bearer {secret}", "Accept-Language": "sv"})
    today = timezone.localdate().isoformat()
    due = session.get(f"{base}/api/v1/municipalities/0181/periods", timeout=10)
    assert due.status_code == 200, due.text
    open_ = [
        d
        for d in due.json()
        if d["status"] in ("not_started", "draft", "returned", "reopened")
        and d["period"]["submission_opens"] <= today
    ]
    assert open_, f"nothing to hand in: {due.json()}"
    chosen = max(open_, key=lambda d: d["period"]["start"])
    targets = session.get(f"{base}/api/v1/municipalities/0181/targets", timeout=10).json()
    figures = {t["category"]: {"received": 0} for t in targets}
    figures["anvisade"] = {"received": 1, "women": 1, "men": 0}
    url = f"{base}/api/v1/municipalities/0181/reports/{chosen['period']['id']}"
    current = session.get(url, timeout=10).json()
    saved = session.put(
        url,
        json={"version": current["version"], "figures": figures, "comment": "Från ärendesystemet"},
        timeout=10,
    )
    assert saved.status_code == 200, saved.text
    sent = session.post(
        f"{url}/submit",
        json={"version": saved.json()["version"], "confirm_warnings": True},
        timeout=10,
    )
    assert sent.status_code == 200, sent.text
    assert sent.json()["status"] == "submitted"
    # Without the token the same call is refused.
    assert requests.get(url, timeout=10).status_code == 401
    return sent.json()


def test_a_case_system_hands_in_a_report_with_a_token_the_reporter_made(page, phone_page, demo):
    sign_in(page, REPORTER)
    nav(page, "Mina sidor")
    page.get_by_role("link", name="API-nycklar").click()
    assert heading(page) == "API-nycklar"
    field(page, "Namn").fill("Ärendesystem")
    assert page.get_by_label("Spara utkast och skicka in rapporter").is_checked()
    page.get_by_role("button", name="Skapa API-nyckel").click()
    assert "Nyckeln Ärendesystem är skapad" in main_text(page)
    secret = page.get_by_label("API-nyckel", exact=True).input_value()
    assert re.fullmatch(r"ip_\w+_[\w-]+", secret)
    page.screenshot(path=f"{SHOTS}/token-created-1280.png", full_page=True)
    token = ApiToken.objects.get(name="Ärendesystem")
    assert token.municipality.code == "0181" and secret not in token.secret_hash

    page.reload()  # shown once: not again
    assert secret not in page.content()
    page.screenshot(path=f"{SHOTS}/tokens-1280.png", full_page=True)
    page.get_by_role("link", name="Läs API-dokumentationen").click()
    assert heading(page) == "API-dokumentation"
    page.screenshot(path=f"{SHOTS}/docs-1280.png")

    answer = _case_system_hands_in(demo.url, secret)
    report = FollowUpReport.objects.get(pk=answer["id"])
    assert report.status == ReportStatus.SUBMITTED
    assert report.submitted_by.email == REPORTER.email
    reason = report.history.latest("history_id").history_change_reason
    # "Inskickad", or "Inskickad igen efter retur" for a report the county sent back.
    assert reason.startswith("Inskickad") and reason.endswith("(API-nyckel Ärendesystem)")
    token.refresh_from_db()
    assert token.last_used_at is not None
    sign_out(page)

    sign_in(page, STAFF)
    nav(page, "Granska rapporter")
    label = report.period.label
    picker = field(page, "Period")
    value = picker.locator("option").filter(has_text=re.compile(rf"^{re.escape(label)}", re.I))
    picker.select_option(value.first.get_attribute("value"))
    page.get_by_role("button", name="Visa").click()
    page.locator("main table").get_by_role("link", name="Granska Södertälje", exact=True).click()
    assert heading(page).endswith("Södertälje")
    text = main_text(page)
    assert reason in text  # the history names the token
    assert "Från ärendesystemet" in text

    # The token pages and the docs at 375 px.
    sign_in(phone_page, REPORTER)
    phone_page.goto("/konto/api-nycklar/")
    phone_page.screenshot(path=f"{SHOTS}/tokens-375.png", full_page=True)
    phone_page.goto("/api/v1/dokumentation/")
    phone_page.screenshot(path=f"{SHOTS}/docs-375.png")
