"""County overview and municipality page: hand-computed figures, pages, bad input.

The small fixture (county 01, anvisade, 2025):

* A 0181 Södertälje: target 120, amended to 90 from 1 April. January approved
  10 (handed in 10 Feb, on time); February submitted 5 (20 Mar, late, waits for
  review); March submitted 7 then returned (not counted, missing).
* B 0126 Huddinge: target 0 (valid). January approved 2 (1 Feb, on time);
  February a draft of 3 (not counted, missing).
* C 0180 Stockholm: no agreement, no reports.

Deadlines are 15 days after each month: 15 Feb, 15 Mar, 15 Apr, 15 May...
"""

from __future__ import annotations

import datetime
import xml.etree.ElementTree as ET
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from agreements.models import TargetCategory
from core.models import Municipality
from overview.county import filter_rows, overview, sort_rows
from reception.models import FollowUpReport, ReportStatus
from tests.factories.accounts import client_for
from tests.factories.reporting import make_agreement

from .world import small_world  # noqa: F401  (the "small" fixture)

pytestmark = pytest.mark.django_db

TODAY = datetime.date(2025, 4, 20)


@pytest.fixture
def anvisade(db):
    return TargetCategory.objects.get(code="anvisade")


def _small_overview(county, small, category, today=TODAY):
    codes = [m.code for m in small.values()]
    return overview(
        county=county,
        year=2025,
        category=category,
        today=today,
        municipalities=Municipality.objects.filter(code__in=codes),
    )


def test_overview_rows_equal_hand_computed_figures(county, small, anvisade):
    ov = _small_overview(county, small, anvisade)
    rows = {r.municipality.code: r for r in ov.all_rows}
    a, b, c = rows["0181"], rows["0126"], rows["0180"]

    # A: the amendment (90 from 1 April) is in force on 20 April.
    assert (a.capacity.target, a.capacity.approved, a.capacity.submitted) == (90, 10, 5)
    assert (a.capacity.received, a.capacity.remaining) == (15, 75)
    assert a.capacity.fulfilment == Decimal("16.7")
    assert a.capacity.expected == 90 * 110 // 365 == 27  # day 110 of 365
    assert a.capacity.status == "behind"
    assert a.latest_status == ReportStatus.RETURNED  # March, the latest ended period
    assert a.awaiting_review == 1
    t = a.timeliness
    assert (t.expected, t.submitted, t.on_time, t.late, t.missing) == (3, 2, 1, 1, 1)
    assert t.on_time_share == Decimal("33.3")
    assert a.overdue == 1

    # B: target 0 is a real target; anything received is above it; no percentage.
    assert (b.capacity.target, b.capacity.received, b.capacity.remaining) == (0, 2, 0)
    assert b.capacity.fulfilment is None
    assert b.capacity.status == "above"
    assert b.latest_status == ReportStatus.NOT_STARTED
    assert (b.timeliness.on_time, b.timeliness.missing) == (1, 2)  # the draft counts as missing

    # C: no agreement, nothing reported.
    assert c.capacity.target is None and c.capacity.status == "no_target"
    assert (c.timeliness.expected, c.timeliness.missing, c.timeliness.submitted) == (3, 3, 0)

    total = ov.total
    assert (total.target, total.approved, total.submitted, total.remaining) == (90, 12, 5, 75)
    assert total.fulfilment == Decimal("18.9")  # 17 / 90
    assert (ov.timeliness.expected, ov.timeliness.on_time, ov.timeliness.late) == (9, 2, 1)
    assert ov.timeliness.missing == 6
    assert ov.awaiting_review == 1 and ov.overdue == 6


def test_monthly_series_is_cumulative_against_an_even_target_line(county, small, anvisade):
    ov = _small_overview(county, small, anvisade)
    series = ov.series
    assert len(series) == 12
    assert [p.received for p in series[:4]] == [12, 5, 0, 0]  # returned March not counted
    assert [p.cumulative for p in series[:5]] == [12, 17, 17, 17, None]  # May not started
    assert [p.target_line for p in series[:4]] == [
        90 * 31 // 365,
        90 * 59 // 365,
        90 * 90 // 365,
        90 * 120 // 365,
    ]
    assert series[-1].target_line == 90
    jan, feb, mar, apr = (p.timeliness for p in series[:4])
    assert (jan.on_time, jan.missing) == (2, 1)
    assert (feb.late, feb.missing) == (1, 2)
    assert mar.missing == 3
    assert (apr.not_due, apr.expected) == (3, 0)


def test_before_the_amendment_the_first_target_counts(county, small, anvisade):
    ov = _small_overview(county, small, anvisade, today=datetime.date(2025, 3, 20))
    a = next(r for r in ov.all_rows if r.municipality.code == "0181")
    assert a.capacity.target == 120


def test_sorting_puts_rows_without_a_value_last_and_filters_combine(county, small, anvisade):
    ov = _small_overview(county, small, anvisade)
    by_target = [r.municipality.code for r in sort_rows(ov.all_rows, "-mal")]
    assert by_target == ["0181", "0126", "0180"]
    by_target_up = [r.municipality.code for r in sort_rows(ov.all_rows, "mal")]
    assert by_target_up == ["0126", "0181", "0180"]
    assert [r.municipality.code for r in sort_rows(ov.all_rows, "-forsenade")][0] == "0180"
    assert [r.municipality.code for r in filter_rows(ov.all_rows, pace="above")] == ["0126"]
    assert filter_rows(ov.all_rows, status=ReportStatus.RETURNED, pace="above") == []


def test_county_overview_page_shows_table_totals_charts_and_completeness(staff, small):
    page = client_for(staff).get(reverse("overview:county", kwargs={"year": 2025}))
    assert page.status_code == 200
    body = page.content.decode()
    assert "Översikt 2025 – Stockholms län" in body
    assert "16,7\u00a0%" in body  # A: 15 of 90
    assert "Hela länet" in body and "Efter plan" in body and "Över målet" in body
    assert body.count('role="img"') == 2
    assert 'aria-labelledby="lan-bar-title lan-bar-desc"' in body
    assert "Siffrorna i diagrammet som tabell" in body
    assert "Rapportering per kommun 2025" in body
    assert 'class="progress-bar"' in body and 'aria-hidden="true"' in body
    assert "style=" not in body and "<script>" not in body
    municipality_link = reverse("overview:municipality", kwargs={"code": "0181"})
    assert municipality_link in body
    for table in ("kommuner", "rapportering", "perioder"):
        for fmt in ("csv", "xlsx"):
            url = reverse(
                "overview:county_export", kwargs={"year": 2025, "table": table, "fmt": fmt}
            )
            assert url in body


def test_county_overview_sorts_and_filters_on_the_server(staff, small):
    client = client_for(staff)
    url = reverse("overview:county", kwargs={"year": 2025})
    body = client.get(url + "?sort=-mottagna").content.decode()
    assert body.index("Södertälje</a>") < body.index("Huddinge</a>")
    assert 'aria-sort="descending"' in body
    body = client.get(url + "?sort=mottagna").content.decode()
    assert body.index("Huddinge</a>") < body.index("Södertälje</a>")
    filtered = client.get(url + "?lage=above").content.decode()
    assert "Huddinge</a>" in filtered and "Södertälje</a>" not in filtered
    assert "Visar 1 av 26 kommuner" in filtered


def test_bad_filter_values_get_a_message_not_an_error(staff, small):
    url = reverse("overview:county", kwargs={"year": 2025})
    page = client_for(staff).get(url + "?status=nonsense&sort=;drop")
    assert page.status_code == 200
    body = page.content.decode()
    assert 'id="error-summary"' in body
    assert "Södertälje</a>" in body  # the table still shows, unfiltered


def test_year_without_data_gives_an_empty_explained_overview(staff):
    page = client_for(staff).get(reverse("overview:county", kwargs={"year": 2010}))
    assert page.status_code == 200
    body = page.content.decode()
    assert "Inga uppgifter för 2010" in body
    assert 'role="img"' not in body


@pytest.mark.parametrize("year", [1999, 1850])
def test_unknown_year_in_the_past_is_404(staff, year):
    url = reverse("overview:county", kwargs={"year": year})
    assert client_for(staff).get(url).status_code == 404


def test_year_far_ahead_is_404_two_years_ahead_is_allowed(staff):
    client = client_for(staff)
    this_year = timezone.localdate().year
    ahead = reverse("overview:county", kwargs={"year": this_year + 3})
    assert client.get(ahead).status_code == 404
    two_ahead = reverse("overview:county", kwargs={"year": this_year + 2})
    assert client.get(two_ahead).status_code == 200


def test_unknown_county_is_404_and_admin_chooses_a_county(admin, staff):
    url = reverse("overview:county", kwargs={"year": 2025})
    assert client_for(admin).get(url + "?lan=99").status_code == 404
    body = client_for(admin).get(url + "?lan=03").content.decode()
    assert "Uppsala län" in body and 'name="lan"' in body
    # Staff cannot look at another county by changing the parameter.
    assert client_for(staff).get(url + "?lan=03").status_code == 404


def test_reporter_asking_for_the_county_overview_gets_403(reporter_a):
    url = reverse("overview:county", kwargs={"year": 2025})
    assert client_for(reporter_a).get(url).status_code == 403
    export = reverse(
        "overview:county_export", kwargs={"year": 2025, "table": "kommuner", "fmt": "csv"}
    )
    assert client_for(reporter_a).get(export).status_code == 403


def test_reporter_sees_own_municipality_page_with_series_reports_and_history(
    reporter_a, small, municipality_a
):
    make_agreement(municipality_a, 2024, {"anvisade": 80, "kvotflyktingar": 5})
    url = reverse("overview:municipality", kwargs={"code": "0181"})
    page = client_for(reporter_a).get(url + "?ar=2025")
    assert page.status_code == 200
    body = page.content.decode()
    assert "Uppföljning 2025 – Södertälje" in body
    assert 'role="img"' in body and "kommun-line-title" in body
    assert "Skickad tillbaka" in body and "För sent" in body and "I tid" in body
    report = FollowUpReport.objects.get(municipality=municipality_a, period__number=1)
    assert reverse("reception:report_detail", kwargs={"pk": report.pk}) in body
    assert ">2024</a>" in body and ">2025</a>" in body  # agreements over the years
    assert "style=" not in body


def test_municipality_page_names_the_responsible_integration_developer(
    staff, county, municipality_a, municipality_b
):
    from contacts.models import Contact, Unit

    unit = Unit.objects.create(county=county, name="Integrationsenheten")
    responsible = Contact.objects.create(
        county=county,
        name="Iris Integrationsson",
        title="Integrationsutvecklare",
        unit=unit,
        email="iris@lansstyrelsen.example",
        phone="+46102236209",
        published=True,
    )
    responsible.municipalities.set([municipality_a])
    other = Contact.objects.create(
        county=county,
        name="Otto Annan",
        title="Integrationsutvecklare",
        unit=unit,
        email="otto@lansstyrelsen.example",
        phone="+46102236210",
        published=True,
    )
    other.municipalities.set([municipality_b])
    url = reverse("overview:municipality", kwargs={"code": "0181"})
    body = client_for(staff).get(url).content.decode()
    assert "Iris Integrationsson" in body and "010-223 62 09" in body
    assert "Otto Annan" not in body


def test_municipality_page_scope_and_bad_input(reporter_b, other_county_staff, staff, reporter_a):
    url = reverse("overview:municipality", kwargs={"code": "0181"})
    assert client_for(reporter_b).get(url).status_code == 404
    assert client_for(other_county_staff).get(url).status_code == 404
    assert client_for(staff).get(url + "?ar=abc").status_code == 404
    assert client_for(staff).get(url + "?ar=1999").status_code == 404
    unknown = reverse("overview:municipality", kwargs={"code": "9999"})
    assert client_for(staff).get(unknown).status_code == 404
    empty = client_for(reporter_a).get(url + "?ar=2011")
    assert empty.status_code == 200
    assert "Det finns ingen undertecknad överenskommelse" in empty.content.decode()


def test_staff_navigation_and_home_lead_to_the_overview(staff):
    client = client_for(staff)
    this_year = timezone.localdate().year
    url = reverse("overview:county", kwargs={"year": this_year})
    page = client.get(url).content.decode()
    assert f'href="{url}" aria-current="page">Översikt</a>' in page
    home = client.get(reverse("accounts:home")).content.decode()
    assert url in home


def test_reporter_home_links_to_the_municipality_page(reporter_a):
    home = client_for(reporter_a).get(reverse("accounts:home")).content.decode()
    assert reverse("overview:municipality", kwargs={"code": "0181"}) in home
    assert reverse("overview:municipality", kwargs={"code": "0126"}) not in home


def _svg(chart) -> ET.Element:
    return ET.fromstring(chart.svg)  # noqa: S314 - our own markup


def test_county_charts_on_the_page_carry_the_overviews_figures_and_text_alternatives(staff, small):
    page = client_for(staff).get(reverse("overview:county", kwargs={"year": 2025}))
    bars, line = page.context["bar_chart"], page.context["line_chart"]
    rows = {r[0]: r[1:] for r in bars.rows}
    assert rows["Södertälje"] == ["90", "15"]  # amended target, approved + submitted
    assert rows["Huddinge"] == ["0", "2"]  # target 0
    assert rows["Stockholm"] == ["–", "0"]
    assert len(bars.rows) == 26
    texts = [t.text for t in _svg(bars).iter("{http://www.w3.org/2000/svg}text")]
    assert "15 av 90" in texts
    # The cumulative line: January 12 (10 + 2), February +5, the returned March adds nothing.
    assert [r[1] for r in line.rows[:3]] == ["12", "17", "17"]
    assert line.rows[-1][2] == "90"
    body = page.content.decode()
    for chart in (bars, line):
        root = _svg(chart)
        assert root.get("role") == "img"
        assert root.find("{http://www.w3.org/2000/svg}title").text == chart.title
        assert root.find("{http://www.w3.org/2000/svg}desc").text == chart.summary
        assert chart.summary and chart.summary in body.replace("&#x27;", "'")
        assert f"<caption>{chart.title}</caption>" in body  # the same figures as a table


def test_municipality_chart_shows_its_own_series(reporter_a, small):
    url = reverse("overview:municipality", kwargs={"code": "0181"}) + "?ar=2025"
    line = client_for(reporter_a).get(url).context["line_chart"]
    assert [r[1] for r in line.rows[:3]] == ["10", "15", "15"]
    assert _svg(line).find("{http://www.w3.org/2000/svg}desc").text == line.summary


def test_submitted_on_is_the_stockholm_date_of_submission(county, small, anvisade):
    """On time or late is judged on Stockholm's date (read with TruncDate in the database):
    23:30 local time on the last day is on time, 00:30 the next night is late."""
    before = _small_overview(county, small, anvisade).all_rows
    on_time = {r.municipality.code: r.timeliness.on_time for r in before}["0181"]
    report = (
        FollowUpReport.objects.filter(
            municipality__code="0181",
            period__year=2025,
            status__in=[ReportStatus.SUBMITTED, ReportStatus.APPROVED],
            submitted_at__date__lte=datetime.date(2025, 4, 20),
        )
        .select_related("period")
        .order_by("period__start")
        .first()
    )
    deadline = report.period.deadline
    utc = datetime.UTC
    FollowUpReport.objects.filter(pk=report.pk).update(
        submitted_at=datetime.datetime.combine(deadline, datetime.time(21, 30), utc)
        - (datetime.timedelta(hours=1) if deadline.month in (1, 2, 3) else datetime.timedelta())
    )
    rows = {r.municipality.code: r for r in _small_overview(county, small, anvisade).all_rows}
    assert rows["0181"].timeliness.on_time == on_time
    FollowUpReport.objects.filter(pk=report.pk).update(
        submitted_at=datetime.datetime.combine(deadline, datetime.time(23, 30), utc)
    )
    rows = {r.municipality.code: r for r in _small_overview(county, small, anvisade).all_rows}
    assert rows["0181"].timeliness.on_time == on_time - 1
