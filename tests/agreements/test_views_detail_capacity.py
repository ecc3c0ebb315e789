import datetime

import pytest
from django.urls import reverse

from agreements.models import Agreement, Target, TargetCategory, TargetRevision
from tests.factories.accounts import client_for

pytestmark = pytest.mark.django_db


def test_agreement_detail_shows_received_against_target(staff, municipality_a):
    year = datetime.date.today().year
    agreement = Agreement.objects.create(
        municipality=municipality_a,
        year=year,
        status=Agreement.Status.SIGNED,
        valid_from=datetime.date(year, 1, 1),
        valid_to=datetime.date(year, 12, 31),
    )
    revision = TargetRevision.objects.create(
        agreement=agreement, effective_from=datetime.date(year, 1, 1)
    )
    Target.objects.create(
        revision=revision, category=TargetCategory.objects.get(code="anvisade"), places=37
    )
    body = client_for(staff).get(reverse("agreements:detail", kwargs={"pk": agreement.pk}))
    text = body.content.decode()
    assert "Mottaget mot målet" in text
    assert ">37<" in text
    assert reverse("overview:county", kwargs={"year": year}) in text
    assert reverse("overview:municipality", kwargs={"code": "0181"}) + f"?ar={year}" in text
