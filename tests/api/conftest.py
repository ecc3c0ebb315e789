import pytest

from agreements.models import TargetCategory
from tests.api.helpers import token_for
from tests.factories.reporting import YEAR, make_agreement, period_of


@pytest.fixture
def period(county):
    """January 2025 (ended: a report for it can be handed in)."""
    return period_of(county, YEAR, 1)


@pytest.fixture
def agreement_a(municipality_a):
    return make_agreement(municipality_a, YEAR, {"anvisade": 40, "kvotflyktingar": 10})


@pytest.fixture
def write_token(reporter_a, municipality_a):
    return token_for(
        reporter_a, scopes=["report:read", "report:write"], municipality=municipality_a
    )


@pytest.fixture
def read_token(reporter_a, municipality_a):
    return token_for(reporter_a, scopes=["report:read"], municipality=municipality_a, name="Läsare")


@pytest.fixture
def county_token(staff, county):
    return token_for(staff, scopes=["county:read"], county=county, name="Power BI")


@pytest.fixture
def categories(db):
    return {c.code: c for c in TargetCategory.objects.filter(active=True)}


def full_figures(anvisade=3, kvot=1, ensam=0, mass=0, **extra):
    data = {
        "anvisade": {"received": anvisade},
        "kvotflyktingar": {"received": kvot},
        "ensamkommande": {"received": ensam},
        "massflykt": {"received": mass},
    }
    for code, values in extra.items():
        data[code].update(values)
    return data
