"""The reporting endpoints through the form's services: validation, warnings, versions,
history naming the token, e-mails; and the bad input of issue 21."""

from __future__ import annotations

import json
import logging

import pytest
from django.core import mail
from django.test import Client, override_settings

from reception.models import FollowUpReport, ReportStatus
from tests.api.conftest import full_figures
from tests.api.helpers import ApiClient
from tests.factories.reporting import draft

pytestmark = pytest.mark.django_db


def _url(period, code="0181") -> str:
    return f"/api/v1/municipalities/{code}/reports/{period.pk}"


def _fields(response) -> dict[str, str]:
    return {e["field"]: e["message"] for e in response.json().get("errors", [])}


def test_draft_then_submit_names_the_token_in_the_history_and_mails_as_the_form(
    write_token, period, agreement_a, municipality_a, reporter_a, staff
):
    token, secret = write_token
    client = ApiClient(secret)
    saved = client.put(_url(period), {"version": 0, "figures": full_figures(anvisade=4)})
    assert saved.status_code == 200, saved.content
    assert saved["ETag"] == '"1"' and saved.json()["status"] == "draft"
    sent = client.post(_url(period) + "/submit", {"version": 1})
    assert sent.status_code == 200, sent.content
    report = FollowUpReport.objects.get(municipality=municipality_a, period=period)
    assert report.status == ReportStatus.SUBMITTED and report.submitted_by == reporter_a
    reasons = list(report.history.order_by("history_id").values_list("history_change_reason",
                                                                     "history_user"))  # fmt: skip
    assert reasons == [
        ("Utkast påbörjat (API-nyckel Ärendesystem)", reporter_a.pk),
        ("Inskickad (API-nyckel Ärendesystem)", reporter_a.pk),
    ]
    figure = report.figures.get(category__code="anvisade")
    assert figure.history.first().history_change_reason.endswith("(API-nyckel Ärendesystem)")
    # The receipt to the token's owner and the arrival to the county's staff, as the form.
    recipients = sorted(address for m in mail.outbox for address in m.to)
    assert recipients == sorted([reporter_a.email, staff.email])


def test_the_of_which_rule_is_the_forms_and_names_the_field(write_token, period, agreement_a):
    client = ApiClient(write_token[1])
    response = client.put(
        _url(period),
        {"version": 0, "figures": full_figures(anvisade=2, kvot=5)},
    )
    assert response.status_code == 422
    assert response["Content-Type"] == "application/problem+json"
    assert "figures.kvotflyktingar.received" in _fields(response)
    assert not FollowUpReport.objects.exists()


def test_women_and_men_must_make_the_received(write_token, period, agreement_a):
    body = {"version": 0, "figures": full_figures(anvisade=5)}
    body["figures"]["anvisade"].update({"women": 1, "men": 1})
    response = ApiClient(write_token[1]).put(_url(period), body)
    assert response.status_code == 422
    assert "figures.anvisade.women" in _fields(response)


def test_a_missing_category_is_named(write_token, period):
    figures = full_figures()
    del figures["massflykt"]
    response = ApiClient(write_token[1]).put(_url(period), {"version": 0, "figures": figures})
    assert response.status_code == 422
    assert "figures.massflykt.received" in _fields(response)


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"version": 0, "figures": full_figures(), "extra": 1}, "extra"),
        (
            {"version": 0, "figures": {**full_figures(), "okand": {"received": 1}}},
            "figures.okand",
        ),  # fmt: skip
        ({"version": 0, "figures": full_figures(anvisade={"x": 1})}, "figures.anvisade.received"),
    ],
    ids=["unknown-field", "unknown-category", "object-for-number"],
)
def test_unknown_fields_and_wrong_types_are_refused(write_token, period, body, field):
    response = ApiClient(write_token[1]).put(_url(period), body)
    assert response.status_code == 422, response.content
    assert field in _fields(response)
    assert not FollowUpReport.objects.exists()


def test_a_number_as_text_is_a_wrong_type(write_token, period):
    figures = full_figures()
    figures["anvisade"]["received"] = "12"
    response = ApiClient(write_token[1]).put(_url(period), {"version": 0, "figures": figures})
    assert response.status_code == 422
    assert "figures.anvisade.received" in _fields(response)


def test_an_unknown_field_inside_a_figure_is_refused(write_token, period):
    figures = full_figures()
    figures["anvisade"]["recieved"] = 3
    response = ApiClient(write_token[1]).put(_url(period), {"version": 0, "figures": figures})
    assert response.status_code == 422
    assert "figures.anvisade.recieved" in _fields(response)


def test_malformed_json_is_400(write_token, period):
    response = ApiClient(write_token[1]).put(_url(period), '{"version": 0, "figures": ')
    assert response.status_code == 400
    assert response.json()["code"] == "malformed_json"


def test_a_huge_body_is_413_before_it_is_read(write_token, period):
    body = json.dumps({"version": 0, "figures": full_figures(), "comment": "x" * 70_000})
    response = ApiClient(write_token[1]).put(_url(period), body)
    assert response.status_code == 413
    assert response["Content-Type"] == "application/problem+json"
    assert not FollowUpReport.objects.exists()


def test_a_body_above_the_portals_limit_is_413_problem_json_too(write_token, period):
    response = Client().put(
        _url(period), "{}", content_type="application/json", CONTENT_LENGTH="99999999"
    )
    assert response.status_code == 413
    assert response["Content-Type"] == "application/problem+json"


def test_a_stale_version_is_409_with_the_current_report(
    write_token, period, agreement_a, municipality_a, reporter_a
):
    draft(municipality_a, period, reporter_a, anvisade=7)  # version 1, by the form
    client = ApiClient(write_token[1])
    draft(municipality_a, period, reporter_a, version=1, anvisade=8)  # now version 2
    response = client.put(_url(period), {"version": 1, "figures": full_figures()})
    assert response.status_code == 409
    body = response.json()
    assert body["code"] == "stale" and body["current"]["version"] == 2
    assert {f["category"]: f["received"] for f in body["current"]["figures"]}["anvisade"] == 8
    assert FollowUpReport.objects.get().figures.get(category__code="anvisade").received == 8


def test_if_match_carries_the_version_and_none_at_all_is_428(write_token, period, agreement_a):
    client = ApiClient(write_token[1])
    body = {"figures": full_figures()}
    assert client.put(_url(period), body).status_code == 428
    assert client.put(_url(period), body, **{"If-Match": '"0"'}).status_code == 200
    stale = client.put(_url(period), body, **{"If-Match": '"0"'})
    assert stale.status_code == 409
    assert client.put(_url(period), body, **{"If-Match": '"1"'}).status_code == 200


def test_warnings_are_data_and_need_confirm_warnings(
    write_token, period, agreement_a, municipality_a
):
    client = ApiClient(write_token[1])
    saved = client.put(_url(period), {"version": 0, "figures": full_figures(anvisade=60)})
    assert saved.json()["warnings"], "above the target of 40 is a warning"
    refused = client.post(_url(period) + "/submit", {"version": 1})
    assert refused.status_code == 422
    assert refused.json()["code"] == "unconfirmed" and refused.json()["warnings"]
    assert FollowUpReport.objects.get().status == ReportStatus.DRAFT
    sent = client.post(_url(period) + "/submit", {"version": 1, "confirm_warnings": True})
    assert sent.status_code == 200 and sent.json()["status"] == "submitted"


def test_a_submitted_report_cannot_be_changed(write_token, period, agreement_a):
    client = ApiClient(write_token[1])
    client.put(_url(period), {"version": 0, "figures": full_figures()})
    client.post(_url(period) + "/submit", {"version": 1})
    response = client.put(_url(period), {"version": 2, "figures": full_figures()})
    assert response.status_code == 409 and response.json()["code"] == "locked"


def test_a_session_cookie_is_not_accepted_and_a_token_needs_no_csrf(
    reporter_a, write_token, period, agreement_a
):
    browser = Client(enforce_csrf_checks=True)
    browser.force_login(reporter_a)
    response = browser.put(
        _url(period), json.dumps({"version": 0, "figures": full_figures()}),
        content_type="application/json",
    )  # fmt: skip
    assert response.status_code == 401
    assert not FollowUpReport.objects.exists()
    response = browser.put(
        _url(period), json.dumps({"version": 0, "figures": full_figures()}),
        content_type="application/json", headers={"Authorization": f"Bearer {write_token[1]}"},
    )  # fmt: skip
    assert response.status_code == 200


@pytest.mark.parametrize(
    "header", ["", "Basic dXNlcjpwYXNz", "Bearer ", "Bearer ip_nope_nope", "Bearer x" * 3]
)
def test_a_missing_or_malformed_token_is_401(header, period):
    headers = {"Authorization": header} if header else {}
    response = Client().get(_url(period), headers=headers)
    assert response.status_code == 401
    assert response["WWW-Authenticate"].startswith('Bearer realm="integrationsportalen"')
    assert response["Content-Type"] == "application/problem+json"


def test_errors_speak_english_when_asked(period):
    sv = ApiClient(language="sv").get(_url(period))
    en = ApiClient(language="en-GB,en;q=0.8").get(_url(period))
    assert sv.json()["title"] == "Inloggning krävs"
    assert en.json()["title"] == "Authentication required"
    assert en["Content-Language"] == "en"


def test_every_call_is_in_the_security_log_with_the_token_name_never_the_secret(
    write_token, period, caplog
):
    token, secret = write_token
    with caplog.at_level(logging.INFO, logger="integration_portal.security"):
        ApiClient(secret).get(_url(period))
        ApiClient(secret + "x").get(_url(period))
    lines = [r.getMessage() for r in caplog.records if r.name == "integration_portal.security"]
    assert any("event=api_call" in line and 'token="Ärendesystem"' in line for line in lines)
    assert any("event=api_refused" in line and "status=401" in line for line in lines)
    assert not any(secret in line or token.secret_hash in line for line in lines)


@override_settings(PORTAL_THROTTLES={"api_per_token": (3, 60)})
def test_too_many_calls_are_429_with_retry_after(read_token, period):
    client = ApiClient(read_token[1])
    answers = [client.get(_url(period)).status_code for _ in range(4)]
    assert answers == [200, 200, 200, 429]
    response = client.get(_url(period))
    assert response.status_code == 429
    assert 1 <= int(response["Retry-After"]) <= 61


def test_what_is_due_and_the_targets(read_token, period, agreement_a, municipality_a, reporter_a):
    draft(municipality_a, period, reporter_a, anvisade=3)
    client = ApiClient(read_token[1])
    due = client.get("/api/v1/municipalities/0181/periods?year=2025").json()
    assert [d["period"]["number"] for d in due] == list(range(1, 13))
    assert due[0]["status"] == "draft" and due[0]["version"] == 1 and due[0]["overdue"]
    targets = {t["category"]: t for t in client.get(
        "/api/v1/municipalities/0181/targets?year=2025").json()}  # fmt: skip
    assert targets["anvisade"]["target"] == 40 and targets["anvisade"]["received"] == 0
    assert client.get("/api/v1/municipalities/0181/targets?year=1999").status_code == 422
    assert client.get("/api/v1/municipalities/0181/targets?year=2999").status_code == 422


def test_field_messages_in_english(write_token, period):
    body = {"version": 0, "figures": full_figures(), "extra": 1}
    response = ApiClient(write_token[1], language="en").put(_url(period), body)
    assert _fields(response)["extra"] == "Unknown field. Fields the API does not know are refused."
    assert response.json()["detail"] == "The data has errors. See errors."


def test_undecodable_input_is_400_problem_json(read_token, period):
    response = ApiClient(read_token[1]).get(_url(period) + "?year=%00")
    assert response.status_code == 400
    assert response["Content-Type"] == "application/problem+json"


def test_answers_are_never_kept_by_a_proxy(read_token, period):
    response = ApiClient(read_token[1]).get(_url(period))
    assert "no-store" in response.get("Cache-Control", "")


def test_a_future_period_cannot_be_reported(write_token, county):
    from tests.factories.reporting import period_of

    future = period_of(county, 2027, 1)
    response = ApiClient(write_token[1]).put(
        _url(future), {"version": 0, "figures": full_figures()}
    )
    assert response.status_code == 422 and response.json()["code"] == "future"
    assert not FollowUpReport.objects.exists()


def test_a_running_period_takes_a_draft_but_not_a_submission(write_token, county):
    from django.utils import timezone

    from tests.factories.reporting import period_of

    today = timezone.localdate()
    running = period_of(county, today.year, today.month)
    client = ApiClient(write_token[1])
    saved = client.put(_url(running), {"version": 0, "figures": full_figures()})
    assert saved.status_code == 200
    refused = client.post(_url(running) + "/submit", {"version": 1})
    assert refused.status_code == 422 and refused.json()["code"] == "running"
    assert FollowUpReport.objects.get().status == ReportStatus.DRAFT
