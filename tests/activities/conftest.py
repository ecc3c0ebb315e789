"""Fixtures for the activity tests (the factories are in tests/factories/activities.py)."""

from __future__ import annotations

import pytest

from reception.periods import periods_ensure
from tests.factories.activities import make_activity, make_organisation


@pytest.fixture
def organisation(county, staff):
    return make_organisation(county, staff)


@pytest.fixture
def sfi(county, staff, organisation, municipality_a):
    return make_activity(county, staff, organisation, [municipality_a], languages=("ar", "ti"))


@pytest.fixture
def periods(county):
    return periods_ensure(county=county, year=2025)
