import datetime

import pytest
from django.db import IntegrityError

from agreements.models import Agreement, Target, TargetCategory, TargetRevision

pytestmark = pytest.mark.django_db


def make_agreement(municipality, year=2026):
    return Agreement.objects.create(
        municipality=municipality,
        year=year,
        valid_from=datetime.date(year, 1, 1),
        valid_to=datetime.date(year, 12, 31),
    )


def revise(agreement, when, places, reason=""):
    revision = TargetRevision.objects.create(
        agreement=agreement, effective_from=when, reason=reason
    )
    for code, number in places.items():
        Target.objects.create(
            revision=revision, category=TargetCategory.objects.get(code=code), places=number
        )
    return revision


def test_the_four_categories_exist_with_quota_refugees_part_of_assigned():
    codes = list(TargetCategory.objects.values_list("code", flat=True))
    assert codes == ["anvisade", "kvotflyktingar", "ensamkommande", "massflykt"]
    assert TargetCategory.objects.get(code="kvotflyktingar").parent.code == "anvisade"
    assert TargetCategory.objects.get(is_settlement_quota=True).code == "anvisade"


def test_target_on_a_date_follows_amendments_and_current_is_latest(municipality_a):
    agreement = make_agreement(municipality_a)
    revise(agreement, datetime.date(2026, 1, 1), {"anvisade": 40, "kvotflyktingar": 10})
    revise(agreement, datetime.date(2026, 6, 1), {"anvisade": 32, "kvotflyktingar": 10}, "Byte")

    def figures(queryset):
        return {t.category.code: t.places for t in queryset.select_related("category")}

    assert figures(Target.objects.on_date(datetime.date(2026, 3, 1))) == {
        "anvisade": 40,
        "kvotflyktingar": 10,
    }
    assert figures(Target.objects.on_date(datetime.date(2026, 6, 1)))["anvisade"] == 32
    assert figures(Target.objects.current())["anvisade"] == 32
    assert Target.objects.on_date(datetime.date(2025, 12, 31)).count() == 0


def test_zero_is_a_valid_target(municipality_a):
    agreement = make_agreement(municipality_a)
    revise(agreement, datetime.date(2026, 1, 1), {"anvisade": 0})
    assert Target.objects.current().get().places == 0


def test_one_agreement_per_municipality_and_year(municipality_a):
    make_agreement(municipality_a)
    with pytest.raises(IntegrityError):
        make_agreement(municipality_a)


def test_status_transitions():
    agreement = Agreement(status=Agreement.Status.SIGNED)
    assert agreement.can_change_to(Agreement.Status.TERMINATED)
    assert not agreement.can_change_to(Agreement.Status.DRAFT)
    terminated = Agreement(status=Agreement.Status.TERMINATED)
    assert terminated.is_read_only
    assert not any(terminated.can_change_to(s) for s in Agreement.Status.values)
