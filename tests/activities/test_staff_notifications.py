"""Issue #16, notifications: county staff who want it get an e-mail (through the outbox)
when a municipality of their county submits a follow-up or an activity report."""

from __future__ import annotations

import pytest
from django.conf import settings
from django.core import mail
from django.db import transaction
from django.urls import reverse

from accounts.models import User
from core.models import OutboxEmail
from reception.notify import staff_to_notify
from tests.factories.accounts import client_for, make_user
from tests.factories.activities import report, submit
from tests.factories.reporting import YEAR, period_of, submitted

pytestmark = pytest.mark.django_db


@pytest.fixture
def opted_out(county) -> User:
    return make_user(
        "tyst@lansstyrelsen.example",
        role=User.Role.STAFF,
        county=county,
        notify_on_report=False,
    )


@pytest.fixture
def inactive(county) -> User:
    return make_user(
        "slutat@lansstyrelsen.example", role=User.Role.STAFF, county=county, is_active=False
    )


@pytest.fixture
def colleague(county) -> User:
    return make_user("kollega@lansstyrelsen.example", role=User.Role.STAFF, county=county)


def _arrived_rows() -> list[OutboxEmail]:
    return list(OutboxEmail.objects.filter(subject__startswith="Ny ").order_by("to"))


def test_staff_want_the_email_by_default(staff):
    assert User.objects.get(pk=staff.pk).notify_on_report is True


def test_follow_up_submit_mails_each_opted_in_staff_of_the_county_once(
    county, municipality_a, reporter_a, staff, colleague, opted_out, inactive, other_county_staff
):
    saved = submitted(municipality_a, period_of(county, YEAR, 1), reporter_a, anvisade=4)
    rows = _arrived_rows()
    assert [row.to for row in rows] == [[colleague.email], [staff.email]]
    row = rows[0]
    assert row.subject == f"Ny uppföljningsrapport att granska: Södertälje, {saved.period.label}"
    assert saved.receipt_number in row.body
    link = settings.PORTAL_BASE_URL + reverse("reception:report_review", args=[saved.pk])
    assert link in row.body
    # Delivered after commit, one e-mail per person (no one sees the others' addresses).
    sent = [m for m in mail.outbox if m.subject.startswith("Ny ")]
    assert sorted(m.to[0] for m in sent) == [colleague.email, staff.email]


def test_activity_submit_mails_the_opted_in_staff_of_the_county(
    sfi, municipality_a, periods, reporter_a, staff, opted_out, other_county_staff
):
    saved = submit(report(sfi, municipality_a, periods[0], reporter_a), reporter_a)
    rows = _arrived_rows()
    assert [row.to for row in rows] == [[staff.email]]
    assert rows[0].subject == (
        "Ny aktivitetsrapport att granska: SFI studieväg 1 (Södertälje), januari 2025"
    )
    link = settings.PORTAL_BASE_URL + reverse("activities:activity_report_detail", args=[saved.pk])
    assert link in rows[0].body


def test_a_rolled_back_submit_leaves_no_email(county, municipality_a, reporter_a, staff):
    with pytest.raises(RuntimeError), transaction.atomic():
        submitted(municipality_a, period_of(county, YEAR, 1), reporter_a, anvisade=4)
        raise RuntimeError("the request failed after the submit")
    assert OutboxEmail.objects.count() == 0
    assert mail.outbox == []


def test_the_recipients_are_found_in_one_query(
    county, staff, colleague, opted_out, django_assert_num_queries
):
    with django_assert_num_queries(1):
        assert staff_to_notify(county.pk) == [colleague.email, staff.email]


# The preference page


def _page():
    return reverse("accounts:notification_settings")


def test_the_page_shows_the_preference_ticked_by_default(staff):
    page = client_for(staff).get(_page()).content.decode()
    assert "E-post när en rapport kommer in" in page
    assert 'name="notify_on_report"' in page and "checked" in page


def test_turning_the_preference_off_stops_the_email(
    county, municipality_a, reporter_a, staff, colleague
):
    client = client_for(staff)
    response = client.post(_page(), {})
    assert response.status_code == 302
    assert User.objects.get(pk=staff.pk).notify_on_report is False
    page = client.get(response["Location"]).content.decode()
    assert "Du får inte e-post när en rapport kommer in" in page
    assert "checked" not in page
    submitted(municipality_a, period_of(county, YEAR, 1), reporter_a, anvisade=4)
    assert [row.to for row in _arrived_rows()] == [[colleague.email]]


def test_turning_it_on_again_is_saved(staff):
    User.objects.filter(pk=staff.pk).update(notify_on_report=False)
    client_for(staff).post(_page(), {"notify_on_report": "on"})
    assert User.objects.get(pk=staff.pk).notify_on_report is True


def test_saving_the_preference_does_not_touch_the_accounts_version(staff):
    """Staff changes to the account are version-checked; the user's own preference is one
    column, so it neither bumps nor overwrites them."""
    before = User.objects.get(pk=staff.pk).version
    client_for(staff).post(_page(), {})
    assert User.objects.get(pk=staff.pk).version == before


def test_reporters_may_not_open_the_page(reporter_a):
    assert client_for(reporter_a).get(_page()).status_code == 403
    assert client_for(reporter_a).post(_page(), {}).status_code == 403
    assert User.objects.get(pk=reporter_a.pk).notify_on_report is True
