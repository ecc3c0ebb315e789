import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from accounts.models import User
from activities.models import Activity, ActivityCourseFigure, ActivityReport, Organisation
from activities.rules import org_number_error
from tests.factories.accounts import client_for

pytestmark = pytest.mark.django_db


def test_demo_makes_activities_with_realistic_languages_and_is_idempotent():
    call_command("seed_demo", force=True)
    counts = (
        Organisation.objects.count(),
        Activity.objects.count(),
        ActivityReport.objects.count(),
    )
    call_command("seed_demo", force=True)
    assert counts == (
        Organisation.objects.count(),
        Activity.objects.count(),
        ActivityReport.objects.count(),
    )
    assert all(org_number_error(o.org_number) is None for o in Organisation.objects.all())
    kinds = set(Activity.objects.values_list("kind", flat=True))
    assert {"sfi", "civic"} <= kinds
    languages = set(Activity.objects.values_list("languages__code", flat=True))
    assert {"ar", "prs", "ti", "so", "uk"} <= languages
    assert ActivityCourseFigure.objects.exists()
    for report in ActivityReport.objects.filter(activity__kind="sfi").prefetch_related("courses"):
        courses = list(report.courses.all())
        assert sum(c.women for c in courses) == report.women
        assert sum(c.men for c in courses) == report.men

    elin = client_for(User.objects.get(email="elin.berggren@lansstyrelsen.example"))
    year = timezone.localdate().year
    assert elin.get(reverse("activities:activity_list")).status_code == 200
    figures = elin.get(reverse("activities:activity_figures", kwargs={"year": year}))
    assert "Södertälje" in figures.content.decode()
    sara = client_for(User.objects.get(email="sara.nystrom@sodertalje.example"))
    assert "Rapportera" in sara.get(reverse("activities:activity_inbox")).content.decode()
    public = client_for(None).get(reverse("activities:activity_search") + "?sprak=ti")
    assert "SFI studieväg 1, Södertälje" in public.content.decode()
