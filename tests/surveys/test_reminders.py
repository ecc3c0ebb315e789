"""Survey reminders: before the last day and when overdue, once each, never to those who
answered (or are answered for)."""

from __future__ import annotations

import io

import pytest
from django.core.management import call_command

from core.models import OutboxEmail
from surveys.models import SurveyReminder
from tests.surveys.helpers import answer, open_campaign

pytestmark = pytest.mark.django_db


def _run() -> str:
    out = io.StringIO()
    call_command("send_survey_reminders", stdout=out)
    return out.getvalue()


def test_reminder_before_the_deadline_is_sent_once(so, county, reporter_a, reporter_b):
    open_campaign(so, county, days_left=3)  # within the county's 5 reminder days
    assert "sent: 2" in _run()
    assert "sent: 0" in _run()
    mails = OutboxEmail.objects.order_by("pk")
    assert mails.count() == 2
    assert "ska besvaras senast" in mails[0].subject
    assert {m.to[0] for m in mails} == {reporter_a.email, reporter_b.email}


def test_no_reminder_while_the_deadline_is_far(so, county, reporter_a):
    open_campaign(so, county, days_left=20)
    assert "sent: 0" in _run()
    assert not SurveyReminder.objects.exists()


def test_overdue_reminder_skips_those_who_answered(
    so, county, reporter_a, reporter_b, municipality_a
):
    campaign = open_campaign(so, county, days_left=-2)
    answer(campaign, municipality_a, reporter_a, submit=True)
    handed_in = set(OutboxEmail.objects.values_list("pk", flat=True))  # receipt, staff's note
    _run()
    mail = OutboxEmail.objects.exclude(pk__in=handed_in).get()
    assert mail.to == [reporter_b.email] and mail.subject.startswith("Försenad")
    assert SurveyReminder.objects.get().kind == "overdue"
