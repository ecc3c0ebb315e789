"""Fixtures for the reception tests (the factories are in tests/factories/reporting.py)."""

from __future__ import annotations

import pytest

from tests.factories.reporting import YEAR, period_of


@pytest.fixture
def jan(county):
    return period_of(county, YEAR, 1)


@pytest.fixture
def feb(county):
    return period_of(county, YEAR, 2)
