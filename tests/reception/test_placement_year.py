"""The settlement year of a received person is the year of their anvisning (issue 18).

People received in January–February of N+1 under year N's kommuntal count against N:
every capacity figure reads ``reception.capacity`` and counts them there. The figures
below are computed by hand in the comments.
"""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from agreements.models import TargetCategory
from overview.county import agreement_history
from reception import services
from reception.capacity import capacity_rows, received_by_period
from reception.models import ReportFigure, ReportingSettings
from tests.factories.accounts import client_for
from tests.factories.reporting import make_agreement, period_of

pytestmark = pytest.mark.django_db
LATER = datetime.date(2027, 6, 1)


def figures(anvisade: int, previous: int | None = None) -> dict:
    entry = {"received": anvisade}
    if previous is not None:
        entry["previous_year"] = previous
    return {
        "anvisade": entry,
        "kvotflyktingar": {"received": 0},
        "ensamkommande": {"received": 0},
        "massflykt": {"received": 0},
    }


def report(municipality, period, reporter, staff, anvisade, previous=None, *, approve=True):
    made = services.report_save_draft(
        municipality=municipality,
        period=period,
        user=reporter,
        figures=figures(anvisade, previous),
        self_settled=None,
        comment="",
        version=0,
        today=LATER,
    )
    made = services.report_submit(
        report=made, user=reporter, version=made.version, confirmed=True, today=LATER
    )
    if approve:
        made = services.report_approve(report=made, user=staff, version=made.version)
    return made


@pytest.fixture
def settlement() -> TargetCategory:
    return TargetCategory.objects.get(is_settlement_quota=True)


@pytest.fixture
def two_years(county, municipality_a, reporter_a, staff):
    """Kommuntal 40 for 2026 and 30 for 2027; receptions through March 2027."""
    make_agreement(municipality_a, 2026, {"anvisade": 40})
    make_agreement(municipality_a, 2027, {"anvisade": 30})
    report(municipality_a, period_of(county, 2026, 3), reporter_a, staff, 10)
    report(municipality_a, period_of(county, 2026, 10), reporter_a, staff, 8)
    report(municipality_a, period_of(county, 2026, 12), reporter_a, staff, 5, approve=False)
    report(municipality_a, period_of(county, 2027, 1), reporter_a, staff, 7, previous=4)
    report(municipality_a, period_of(county, 2027, 2), reporter_a, staff, 6, 2, approve=False)
    # March is outside the overlap window: the question is not asked, 3 is not kept.
    report(municipality_a, period_of(county, 2027, 3), reporter_a, staff, 5, previous=3)


def rows(municipality, year, settlement):
    from core.models import Municipality

    return capacity_rows(
        municipalities=Municipality.objects.filter(pk=municipality.pk),
        year=year,
        on_date=datetime.date(year, 12, 31),
        categories=[settlement],
    )[0]


def test_january_february_receptions_credited_to_last_year_count_there(
    two_years, municipality_a, settlement
):
    # 2026: 10 + 8 + 5 received in 2026, plus 4 (January) + 2 (February) of 2027 = 29 of 40.
    year_2026 = rows(municipality_a, 2026, settlement)
    assert (year_2026.received, year_2026.late, year_2026.credited_to_previous) == (29, 6, 0)
    assert year_2026.approved == 10 + 8 + 4 and year_2026.submitted == 5 + 2
    assert year_2026.fulfilment == Decimal("72.5")  # 29 / 40
    assert year_2026.remaining == 11
    # 2027: (7 - 4) + (6 - 2) + 5 = 12 of 30; the 6 credited to 2026 are shown apart.
    year_2027 = rows(municipality_a, 2027, settlement)
    assert (year_2027.received, year_2027.late, year_2027.credited_to_previous) == (12, 0, 6)
    assert year_2027.fulfilment == Decimal("40.0")
    assert ReportFigure.objects.filter(report__period__number=3, previous_year__gt=0).count() == 0


def test_monthly_series_and_the_year_history_count_the_same_way(
    two_years, county, municipality_a, settlement
):
    by_period = received_by_period([municipality_a.pk], 2027, settlement)
    january = period_of(county, 2027, 1)
    assert by_period[(municipality_a.pk, january.pk)]["approved"] == 3  # 7 less 4
    lines = {
        line.agreement.year: line.received
        for line in agreement_history(municipality_a, [settlement], settlement)
    }
    assert lines == {2026: 29, 2027: 12}


def test_fulfilment_2024_with_the_1_july_revision(county, municipality_a, reporter_a, staff):
    """Kommuntal 5 until 30 June 2024, 35 from 1 July (the temporary-protection revision).

    Received: 3 in March 2024, 12 in September 2024, and in January 2025 4 of 6 received
    were assigned under 2024: 3 + 12 + 4 = 19. On 30 June the target was 5 (19 would be
    above it); at the year's end it is 35: 19 / 35 = 54.3 %.
    """
    make_agreement(
        municipality_a,
        2024,
        {"anvisade": 5},
        amendments=[(datetime.date(2024, 7, 1), {"anvisade": 35})],
    )
    make_agreement(municipality_a, 2025, {"anvisade": 10})
    settlement = TargetCategory.objects.get(is_settlement_quota=True)
    report(municipality_a, period_of(county, 2024, 3), reporter_a, staff, 3)
    report(municipality_a, period_of(county, 2024, 9), reporter_a, staff, 12)
    report(municipality_a, period_of(county, 2025, 1), reporter_a, staff, 6, previous=4)
    from core.models import Municipality

    def on(date: datetime.date):
        return capacity_rows(
            municipalities=Municipality.objects.filter(pk=municipality_a.pk),
            year=2024,
            on_date=date,
            categories=[settlement],
        )[0]

    june = on(datetime.date(2024, 6, 30))
    assert (june.target, june.received, june.status) == (5, 19, "above")
    december = on(datetime.date(2024, 12, 31))
    assert (december.target, december.received) == (35, 19)
    assert december.fulfilment == Decimal("54.3")
    assert rows(municipality_a, 2025, settlement).received == 2  # 6 less 4


def test_more_credited_to_last_year_than_received_is_refused(county, municipality_a, reporter_a):
    period = period_of(county, 2027, 1)
    with pytest.raises(ValidationError) as refused:
        services.report_save_draft(
            municipality=municipality_a,
            period=period,
            user=reporter_a,
            figures=figures(3, previous=4),
            self_settled=None,
            comment="",
            version=0,
            today=LATER,
        )
    assert "previous_year_anvisade" in refused.value.error_dict
    assert not ReportFigure.objects.exists()


def test_the_form_asks_only_in_the_county_overlap_window(county, municipality_a, reporter_a):
    client = client_for(reporter_a)

    def page(number: int) -> str:
        period = period_of(county, 2026, number)
        url = reverse("reception:report_edit", kwargs={"code": "0181", "period_pk": period.pk})
        return client.get(url).content.decode()

    february = page(2)
    assert 'name="previous_year_anvisade"' in february
    assert "Varav räknas mot kommuntalet 2025" in february
    assert 'name="previous_year_kvotflyktingar"' not in february
    assert 'name="previous_year_anvisade"' not in page(3)
    ReportingSettings.objects.create(county=county, overlap_months=3)
    assert 'name="previous_year_anvisade"' in page(3)


def test_the_form_refuses_more_credited_than_received_and_saves_nothing(
    county, municipality_a, reporter_a
):
    period = period_of(county, 2026, 1)
    url = reverse("reception:report_edit", kwargs={"code": "0181", "period_pk": period.pk})
    data = {
        "version": "0",
        "received_anvisade": "2",
        "previous_year_anvisade": "5",
        "received_kvotflyktingar": "0",
        "received_ensamkommande": "0",
        "received_massflykt": "0",
        "action": "draft",
    }
    response = client_for(reporter_a).post(url, data)
    assert response.status_code == 200
    assert "Kan inte vara fler än de mottagna (2)" in response.content.decode()
    assert not ReportFigure.objects.exists()
    data["previous_year_anvisade"] = "1"
    assert client_for(reporter_a).post(url, data).status_code == 302
    assert ReportFigure.objects.get(category__code="anvisade").previous_year == 1
