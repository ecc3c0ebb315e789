import pytest

from core.models import County, Municipality

pytestmark = pytest.mark.django_db


def test_all_21_counties_and_290_municipalities_are_loaded():
    assert County.objects.count() == 21
    assert Municipality.objects.count() == 290


@pytest.mark.parametrize(
    ("code", "name", "county_code"),
    [
        ("0180", "Stockholm", "01"),
        ("2584", "Kiruna", "25"),
        ("0114", "Upplands Väsby", "01"),
        ("1480", "Göteborg", "14"),
        ("1280", "Malmö", "12"),
    ],
)
def test_municipality_codes_keep_their_leading_zero_and_county(code, name, county_code):
    municipality = Municipality.objects.select_related("county").get(code=code)
    assert municipality.name == name
    assert municipality.county.code == county_code


def test_every_municipality_code_starts_with_its_county_code():
    for municipality in Municipality.objects.select_related("county"):
        assert len(municipality.code) == 4
        assert municipality.code[:2] == municipality.county.code


def test_stockholm_county_has_26_municipalities():
    assert Municipality.objects.filter(county__code="01").count() == 26
    assert County.objects.get(code="01").letter == "AB"
