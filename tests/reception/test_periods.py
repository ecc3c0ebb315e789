import datetime

import pytest

from reception.models import Frequency, ReportingPeriod, ReportingSettings
from reception.periods import periods_ensure

pytestmark = pytest.mark.django_db


def test_monthly_periods_are_made_on_demand_with_deadline_after_period_end(county):
    periods = periods_ensure(county=county, year=2025)
    assert len(periods) == 12
    feb = periods[1]
    assert (feb.start, feb.end) == (datetime.date(2025, 2, 1), datetime.date(2025, 2, 28))
    assert feb.deadline == datetime.date(2025, 3, 15)
    assert str(feb.label) == "februari 2025"


def test_making_periods_twice_creates_nothing_new(county):
    periods_ensure(county=county, year=2025)
    periods_ensure(county=county, year=2025)
    assert ReportingPeriod.objects.filter(county=county, year=2025).count() == 12


def test_a_county_can_choose_quarterly_periods_with_its_own_deadline(county):
    ReportingSettings.objects.create(county=county, frequency=Frequency.QUARTERLY, deadline_days=30)
    periods = periods_ensure(county=county, year=2024)
    assert [p.end for p in periods] == [
        datetime.date(2024, 3, 31),
        datetime.date(2024, 6, 30),
        datetime.date(2024, 9, 30),
        datetime.date(2024, 12, 31),
    ]
    assert periods[0].deadline == datetime.date(2024, 4, 30)
    assert str(periods[0].label) == "kvartal 1 2024"


def test_a_year_keeps_its_frequency_when_the_county_changes_setting(county):
    periods_ensure(county=county, year=2025)
    ReportingSettings.objects.create(county=county, frequency=Frequency.QUARTERLY)
    assert len(periods_ensure(county=county, year=2025)) == 12
    assert len(periods_ensure(county=county, year=2026)) == 4


def test_saving_the_reporting_settings_makes_this_years_periods_with_them(county, staff):
    from django.utils import timezone

    from reception import services

    year = timezone.localdate().year
    assert not ReportingPeriod.objects.filter(county=county, year=year).exists()
    services.reporting_settings_update(
        county=county,
        user=staff,
        version=0,
        frequency=Frequency.QUARTERLY,
        deadline_days=20,
        reminder_days=5,
        jump_factor=2,
    )
    periods = ReportingPeriod.objects.filter(county=county, year=year)
    assert {p.frequency for p in periods} == {Frequency.QUARTERLY}
    assert periods.count() == 4


def test_the_reporters_page_for_a_later_year_makes_no_periods(county, reporter_a_client):
    from core import years

    far = years.last_year()
    response = reporter_a_client.get(f"/rapporter/?ar={far}")
    assert response.status_code == 200
    assert not ReportingPeriod.objects.filter(year=far).exists()


def test_the_review_queue_of_a_year_without_periods_says_so_and_makes_none(county, staff_client):
    from django.utils import timezone

    year = timezone.localdate().year
    page = staff_client.get(f"/granska/?ar={year}").content.decode()
    assert "Det finns inga rapportperioder för" in page
    assert not ReportingPeriod.objects.filter(county=county).exists()
