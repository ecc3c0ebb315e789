from __future__ import annotations

import pytest

from agreements import services
from agreements.models import Agreement, TargetCategory
from tests.factories.accounts import client_for


@pytest.fixture
def categories(db) -> dict[str, TargetCategory]:
    return {c.code: c for c in TargetCategory.objects.all()}


@pytest.fixture
def make_agreement(categories, staff):
    def make(municipality, year=2026, places=None, **kwargs) -> Agreement:
        places = {"anvisade": 40, "kvotflyktingar": 10} if places is None else places
        return services.agreement_create(
            municipality=municipality,
            year=year,
            user=kwargs.pop("user", staff),
            places_by_category={categories[code]: n for code, n in places.items()},
            **kwargs,
        )

    return make


@pytest.fixture
def agreement_a(make_agreement, municipality_a) -> Agreement:
    return make_agreement(municipality_a)


@pytest.fixture
def admin_client(admin):
    return client_for(admin)
