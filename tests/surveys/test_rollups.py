"""Response tracking and results, against figures computed by hand; exports cell by cell."""

from __future__ import annotations

import csv
import io

import pytest
from django.urls import reverse

from core import clock
from core.models import County, Municipality
from reception.models import ReportStatus
from surveys import services
from surveys.models import Response, SurveyKind
from surveys.results import campaign_results
from surveys.tracking import TrackState, tracking_for
from tests.surveys.helpers import answer, complete_values, open_campaign, question

pytestmark = pytest.mark.django_db


def _started(survey, total, women, men, **more):
    return complete_values(survey, so_started={"number": total, "women": women, "men": men}, **more)


def test_tracking_counts_answered_in_progress_not_started_and_overdue(
    so, county, municipality_a, municipality_b, municipality_c, reporter_a, staff
):
    campaign = open_campaign(so, county, days_left=-1)  # the deadline has passed
    answer(campaign, municipality_a, reporter_a, submit=True)
    approved = answer(campaign, municipality_b, reporter_a, submit=True)
    services.response_review(
        report=approved, action="approve", user=staff, version=approved.version
    )
    answer(campaign, municipality_c, reporter_a, values={})  # a draft
    tracking = tracking_for(campaign, clock.today())
    total = Municipality.objects.filter(county=county).count()
    assert total == 26  # Stockholm county
    assert tracking.total == 26 and tracking.answered == 2
    assert tracking.counts[TrackState.IN_PROGRESS] == 1
    assert tracking.counts[TrackState.NOT_STARTED] == 23
    assert tracking.overdue == 24
    assert len(tracking.missing) == 24
    assert municipality_a not in [r.municipality for r in tracking.missing]


def test_tracking_page_shows_the_rate_and_links_the_missing(
    staff_client, so_campaign, municipality_a, municipality_c, reporter_a
):
    answer(so_campaign, municipality_a, reporter_a, submit=True)
    draft = answer(so_campaign, municipality_c, reporter_a, values={})
    body = staff_client.get(
        reverse("surveys:campaign_tracking", kwargs={"pk": so_campaign.pk})
    ).content.decode()
    assert '<p class="dashboard__figure" id="svarsfrekvens">1 av 26</p>' in body
    missing = body[body.index('id="saknas"') : body.index("Alla kommuner</h2>")]
    assert reverse("surveys:response_review", kwargs={"pk": draft.pk}) in missing
    assert reverse("overview:municipality", kwargs={"code": "0126"}) in missing
    assert "Södertälje" not in missing


def test_covered_municipality_counts_as_answered(
    so_campaign, municipality_a, municipality_b, reporter_a
):
    response = answer(so_campaign, municipality_a, reporter_a)
    services.response_submit(
        response=response,
        user=reporter_a,
        version=response.version,
        today=clock.today(),
        covers=[municipality_b],
    )
    tracking = tracking_for(so_campaign, clock.today())
    assert tracking.answered == 2
    row = next(r for r in tracking.rows if r.municipality == municipality_b)
    assert row.status_label == "Besvaras av Södertälje"


def test_national_tracking_counts_every_municipality(so, reporter_a, municipality_a):
    campaign = open_campaign(so, None)
    answer(campaign, municipality_a, reporter_a, submit=True)
    assert tracking_for(campaign, clock.today()).answered == 1
    assert tracking_for(campaign, clock.today()).total == 290
    county = County.objects.get(code="01")
    assert tracking_for(campaign, clock.today(), county=county).total == 26


def test_results_sum_women_and_men_and_count_distributions(
    so, county, municipality_a, municipality_b, municipality_c, reporter_a
):
    campaign = open_campaign(so, county)
    answer(campaign, municipality_a, reporter_a, submit=True, values=_started(so, 10, 6, 4))
    answer(
        campaign,
        municipality_b,
        reporter_a,
        submit=True,
        values=_started(so, 7, 3, 4, so_mode={"choice": "På distans"}),
    )
    # A draft never counts.
    answer(campaign, municipality_c, reporter_a, values=_started(so, 100, 50, 50))
    results = {r.question.code: r for r in campaign_results(campaign)}
    started = results["so_started"]
    assert (started.answered, started.total, started.women, started.men) == (2, 17, 9, 8)
    mode = results["so_mode"]
    assert mode.distribution == {
        "I klassrum": 1,
        "På distans": 1,
        "Både i klassrum och på distans": 0,
    }
    assert [r["share"] for r in mode.rows] == [50, 50, 0]
    committee = results["so_committee"]
    assert committee.texts == [
        ("Huddinge", "Arbetsmarknadsnämnden"),
        ("Södertälje", "Arbetsmarknadsnämnden"),
    ]


def test_results_show_last_year_beside_this_year(county, municipality_a, reporter_a):
    year = clock.today().year
    last = services.survey_seed(kind=SurveyKind.SO, year=year - 1)
    this = services.survey_copy(source=last, year=year, county=county)
    old = open_campaign(last, county)
    new = open_campaign(this, county)
    answer(old, municipality_a, reporter_a, submit=True, values=_started(last, 12, 7, 5))
    answer(new, municipality_a, reporter_a, submit=True, values=_started(this, 9, 4, 5))
    started = next(r for r in campaign_results(new) if r.question.code == "so_started")
    assert (started.total, started.previous.total, started.previous.women) == (9, 12, 7)


def test_lagesbild_distribution_and_comments(
    lb_campaign, municipality_a, municipality_b, reporter_a
):
    lb = lb_campaign.survey
    answer(
        lb_campaign,
        municipality_a,
        reporter_a,
        submit=True,
        values=complete_values(lb, lb_housing={"choice": "Vet ej", "comment": "Ny bostadsplan."}),
    )
    answer(lb_campaign, municipality_b, reporter_a, submit=True)
    housing = next(r for r in campaign_results(lb_campaign) if r.question.code == "lb_housing")
    assert housing.distribution["Instämmer helt"] == 1 and housing.distribution["Vet ej"] == 1
    assert housing.texts == [("Södertälje", "Ny bostadsplan.")]


def test_results_page_and_table_export_agree_cell_by_cell(
    staff_client, so, county, municipality_a, municipality_b, reporter_a
):
    campaign = open_campaign(so, county)
    answer(campaign, municipality_a, reporter_a, submit=True, values=_started(so, 10, 6, 4))
    answer(campaign, municipality_b, reporter_a, submit=True, values=_started(so, 1234, 600, 634))
    page = staff_client.get(reverse("surveys:campaign_results", kwargs={"pk": campaign.pk}))
    body = page.content.decode()
    assert '<td class="text-end">1\xa0244</td>' in body  # total, Swedish grouping
    assert '<td class="text-end">606</td>' in body and '<td class="text-end">638</td>' in body
    export = staff_client.get(
        reverse(
            "surveys:campaign_export", kwargs={"pk": campaign.pk, "what": "tabeller", "fmt": "csv"}
        )
    )
    rows = list(csv.reader(io.StringIO(export.content.decode("utf-8-sig")), delimiter=";"))
    started = {r[2]: r[3] for r in rows if r[0] == "so_started"}
    assert started == {"Totalt": "1244", "Kvinnor": "606", "Män": "638"}
    raw = staff_client.get(
        reverse("surveys:campaign_export", kwargs={"pk": campaign.pk, "what": "svar", "fmt": "csv"})
    )
    raw_rows = list(csv.reader(io.StringIO(raw.content.decode("utf-8-sig")), delimiter=";"))
    assert raw_rows[0][:3] == ["Kommunkod", "Kommun", "Frågekod"]
    mine = [r for r in raw_rows if r[0] == "0181" and r[2] == "so_started"]
    assert mine == [
        [
            "0181",
            "Södertälje",
            "so_started",
            question(so, "so_started").text,
            "10",
            "6",
            "4",
            "",
            "",
            "",
        ]
    ]
    xlsx = staff_client.get(
        reverse(
            "surveys:campaign_export", kwargs={"pk": campaign.pk, "what": "tabeller", "fmt": "xlsx"}
        )
    )
    assert xlsx.status_code == 200 and xlsx.content[:2] == b"PK"


def test_draft_and_returned_responses_are_not_in_the_results(
    so_campaign, municipality_a, reporter_a, staff
):
    response = answer(so_campaign, municipality_a, reporter_a, submit=True)
    services.response_review(
        report=response, action="return", user=staff, version=response.version, message="Fel."
    )
    assert Response.objects.get().status == ReportStatus.RETURNED
    started = next(r for r in campaign_results(so_campaign) if r.question.code == "so_started")
    assert started.answered == 0 and started.total == 0


def test_county_staff_see_the_whole_country_beside_their_county_in_a_national_campaign(
    staff_client, so, municipality_a, municipality_b, reporter_a
):
    campaign = open_campaign(so, None)
    uppsala = Municipality.objects.get(code="0380")  # county 03
    answer(campaign, municipality_a, reporter_a, submit=True, values=_started(so, 10, 6, 4))
    answer(
        campaign,
        municipality_b,
        reporter_a,
        submit=True,
        values=_started(so, 7, 3, 4, so_mode={"choice": "På distans"}),
    )
    answer(
        campaign,
        uppsala,
        reporter_a,
        submit=True,
        values=_started(so, 20, 11, 9, so_mode={"choice": "På distans"}),
    )
    page = staff_client.get(reverse("surveys:campaign_results", kwargs={"pk": campaign.pk}))
    results = {r.question.code: r for r in page.context["results"]}
    started = results["so_started"]
    # Stockholm county: Södertälje and Huddinge; the country adds Uppsala.
    assert (started.total, started.women, started.men) == (17, 9, 8)
    assert (started.national.total, started.national.women, started.national.men) == (37, 20, 17)
    mode = {row["option"]: row for row in results["so_mode"].rows}
    assert (mode["På distans"]["count"], mode["På distans"]["share"]) == (1, 50)
    assert (mode["På distans"]["national"], mode["På distans"]["national_share"]) == (2, 67)
    body = page.content.decode()
    assert "Hela landets siffror står bredvid länets." in body
    assert '<td class="text-end">37</td>' in body and '<td class="text-end">67 %</td>' in body
    # The tables' export carries the same column.
    export = staff_client.get(
        reverse(
            "surveys:campaign_export", kwargs={"pk": campaign.pk, "what": "tabeller", "fmt": "csv"}
        )
    )
    rows = list(csv.reader(io.StringIO(export.content.decode("utf-8-sig")), delimiter=";"))
    assert rows[0][-1] == "Hela landet"
    totals = {r[2]: (r[3], r[5]) for r in rows if r[0] == "so_started"}
    assert totals == {"Totalt": ("17", "37"), "Kvinnor": ("9", "20"), "Män": ("8", "17")}
    distance = next(r for r in rows if r[0] == "so_mode" and r[2] == "På distans")
    assert (distance[3], distance[5]) == ("1", "2")


def test_a_county_campaign_has_no_national_column(
    staff_client, so_campaign, municipality_a, reporter_a
):
    answer(so_campaign, municipality_a, reporter_a, submit=True)
    page = staff_client.get(reverse("surveys:campaign_results", kwargs={"pk": so_campaign.pk}))
    assert not page.context["national"]
    assert "hela landet" not in page.content.decode().lower()
