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
