import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from accounts.models import User
from reception.models import FollowUpReport, ReportStatus
from tests.factories.accounts import client_for

pytestmark = pytest.mark.django_db


def test_demo_has_reports_in_every_state_and_is_idempotent():
    call_command("seed_demo", force=True)
    first = FollowUpReport.objects.count()
    call_command("seed_demo", force=True)
    assert FollowUpReport.objects.count() == first
    statuses = set(FollowUpReport.objects.values_list("status", flat=True))
    assert statuses >= {
        ReportStatus.DRAFT,
        ReportStatus.SUBMITTED,
        ReportStatus.RETURNED,
        ReportStatus.APPROVED,
        ReportStatus.REOPENED,
    }
    years = set(FollowUpReport.objects.values_list("period__year", flat=True))
    assert len(years) >= 3

    year = timezone.localdate().year
    sara = client_for(User.objects.get(email="sara.nystrom@sodertalje.example"))
    inbox = sara.get(reverse("reception:inbox"))
    assert inbox.status_code == 200
    assert "Hur det går mot målet" in inbox.content.decode()
    elin = client_for(User.objects.get(email="elin.berggren@lansstyrelsen.example"))
    assert elin.get(reverse("overview:review_queue")).status_code == 200
    page = elin.get(reverse("overview:county", kwargs={"year": year})).content.decode()
    assert "Södertälje" in page and "Hela länet" in page
    reopened = FollowUpReport.objects.get(municipality__code="0181", status=ReportStatus.REOPENED)
    review = elin.get(reverse("reception:report_review", kwargs={"pk": reopened.pk}))
    assert "Öppnad igen" in review.content.decode()
    assert (
        "Migrationsverkets statistik"
        in sara.get(reverse("reception:inbox") + f"?ar={reopened.period.year}").content.decode()
    )


def test_every_moment_in_the_demo_data_is_in_the_past():
    """Regression: reports of the month that had just ended were 'handed in' and reviewed
    on dates still to come (before its deadline, which lay ahead)."""

    from django.apps import apps
    from django.db import models

    call_command("seed_demo", force=True)
    now = timezone.now()
    today = timezone.localdate(now)
    future = []
    for model in apps.get_models():
        for field in model._meta.concrete_fields:
            if isinstance(field, models.DateTimeField):
                limit = now
            elif field.name in ("signed_on", "decision_date"):  # dates of things that happened
                limit = today
            else:
                continue
            found = model._default_manager.filter(**{f"{field.name}__gt": limit}).count()
            if found:
                future.append(f"{model._meta.label}.{field.name}: {found}")
    assert future == []
    # Reviews come after the report, never before it.
    early = FollowUpReport.objects.filter(
        reviewed_at__isnull=False, submitted_at__gt=models.F("reviewed_at")
    )
    assert not early.exists()
    assert not FollowUpReport.objects.filter(
        status=ReportStatus.DRAFT, reviewed_at__isnull=False
    ).exists()


def test_a_demo_report_of_a_period_whose_deadline_is_ahead_is_handed_in_by_now():
    """Whatever day the demo is made: the handed-in moment lies after the period and by now."""
    import datetime

    from reception.demo_time import handed_in_at, reviewed_at
    from reception.models import ReportingPeriod

    period = ReportingPeriod(
        start=datetime.date(2026, 11, 1),
        end=datetime.date(2026, 11, 30),
        deadline=datetime.date(2026, 12, 15),
    )
    now = datetime.datetime(2026, 12, 1, 21, 58, tzinfo=datetime.UTC)  # 22:58 in Stockholm
    for days_before in (-3, 0, 3, 10, 20):
        moment = handed_in_at(period, days_before, datetime.time(23, 30), now)
        assert moment <= now
        assert timezone.localdate(moment) > period.end
        assert moment <= reviewed_at(moment, now) <= now
    early = datetime.datetime(2026, 12, 20, 12, tzinfo=datetime.UTC)  # after the deadline
    moment = handed_in_at(period, 3, datetime.time(9, 30), early)
    assert timezone.localdate(moment) == datetime.date(2026, 12, 12)
