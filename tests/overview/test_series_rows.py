"""The municipality page's tables per period and per agreement year come from
`{% series_rows %}` and `{% history_rows %}` (overview_tags), not from template loops
(bench/README.md, "Municipality page (round 4)"). The page must be the same bytes as with
the loops: the old template is kept in `templates_before/` and rendered beside the new one
for the same request (reports in each state, missing and not yet due periods, future
periods without a cumulative figure, quarterly periods, agreements signed and not, with
and without a case number that needs escaping, English, the reporter's own page)."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.urls import reverse

from agreements.models import Agreement
from reception.models import FollowUpReport, Frequency, ReportingSettings, ReportStatus
from reception.periods import periods_ensure
from tests.before import same_as_before
from tests.factories.accounts import client_for
from tests.factories.reporting import approved, draft, make_agreement, submitted

pytestmark = pytest.mark.django_db

BEFORE = Path(__file__).parent / "templates_before"


def _same_as_before(client, url: str) -> str:
    assert "{% for line in history %}" in (BEFORE / "overview/municipality.html").read_text()
    return same_as_before(
        client,
        url,
        before=BEFORE,
        template="overview/municipality.html",
        loop="{% for p in ov.series %}",
    )


@pytest.fixture
def reports(county, staff, municipality_a, reporter_a):
    """2025 (every deadline passed) and 2026 (the current year: periods not due yet, future
    periods) with reports in each state; 2024 reported by quarter."""
    ReportingSettings.objects.create(county=county, frequency=Frequency.QUARTERLY)
    quarters = periods_ensure(county=county, year=2024)
    assert quarters[0].frequency == Frequency.QUARTERLY
    ReportingSettings.objects.filter(county=county).update(frequency=Frequency.MONTHLY)
    approved(municipality_a, quarters[0], reporter_a, staff, anvisade=3)
    make_agreement(municipality_a, 2023, {"anvisade": 7}, status=Agreement.Status.DRAFT)
    for year in (2025, 2026):
        agreement = make_agreement(municipality_a, year, {"anvisade": 1234, "kvotflyktingar": 5})
        periods = periods_ensure(county=county, year=year)
        assert periods[0].frequency == Frequency.MONTHLY
        submitted(municipality_a, periods[0], reporter_a, anvisade=2, kvot=1)
        approved(municipality_a, periods[1], reporter_a, staff, anvisade=1100)
        draft(municipality_a, periods[2], reporter_a, anvisade=1)
        FollowUpReport.objects.create(
            municipality=municipality_a, period=periods[3], status=ReportStatus.RETURNED
        )
    agreement.case_number = "<Dnr> 1 & 'två'"
    agreement.save()
    return municipality_a


@pytest.mark.parametrize(
    "query", ["", "?ar=2025", "?ar=2024", "?ar=2025&kategori=kvotflyktingar", "?ar=2023"]
)
def test_series_rows_are_the_markup_of_the_template_loop(staff, reports, query):
    url = reverse("overview:municipality", kwargs={"code": reports.code}) + query
    page = _same_as_before(client_for(staff), url)
    if query in ("", "?ar=2025", "?ar=2024"):
        assert page.count('<th scope="row">') > 4  # the table is not empty


def test_the_comparison_sees_every_kind_of_row(staff, reports):
    url = reverse("overview:municipality", kwargs={"code": reports.code})
    page = _same_as_before(client_for(staff), url + "?ar=2025")
    assert 'class="is-overdue"' in page and "1\u00a0100" in page
    for report in FollowUpReport.objects.filter(period__year=2025):
        assert f'href="{reverse("reception:report_detail", args=[report.pk])}"' in page
    assert "report-status--returned" in page and "report-status--not_started" in page
    assert ">Kvartal 1 2024<" in _same_as_before(client_for(staff), url + "?ar=2024")
    assert "&lt;Dnr&gt; 1 &amp; &#x27;två&#x27;" in page
    assert '<td class="case-number">–</td>' in page
    for agreement in Agreement.objects.all():
        assert f'href="{reverse("agreements:detail", args=[agreement.pk])}"' in page


def test_series_rows_for_the_reporter_and_in_english(reporter_a, reports):
    client = client_for(reporter_a)
    url = reverse("overview:municipality", kwargs={"code": reports.code})
    _same_as_before(client, url)
    client.get("/sprak/en/", {"next": "/"})
    page = _same_as_before(client, url + "?ar=2025")
    assert 'lang="en"' in page
    _same_as_before(client, url + "?ar=2024")
