"""Fixtures for the survey tests (the helpers are in tests/surveys/helpers.py)."""

from __future__ import annotations

import pytest

from core import clock
from surveys import services
from surveys.models import SurveyKind
from tests.surveys.helpers import open_campaign


@pytest.fixture
def so(db):
    return services.survey_seed(kind=SurveyKind.SO, year=clock.today().year)


@pytest.fixture
def lb(db):
    return services.survey_seed(kind=SurveyKind.LAGESBILD, year=clock.today().year)


@pytest.fixture
def so_campaign(so, county):
    return open_campaign(so, county)


@pytest.fixture
def lb_campaign(lb, county):
    return open_campaign(lb, county)
