"""The overview's query count does not grow with municipalities, activities, periods or years."""

from __future__ import annotations

import datetime
import io

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from openpyxl import load_workbook

from activities.models import Activity, ActivityReport, Language, Organisation
from agreements.models import Agreement, Target, TargetCategory, TargetRevision
from core.exports import HEADER_ROW
from core.models import County, Municipality
from reception.models import FollowUpReport, ReportFigure, ReportStatus
from reception.periods import periods_ensure
from tests.factories.accounts import client_for

pytestmark = pytest.mark.django_db

#: Session, user, the data version (page cache), county (2), categories, periods,
#: municipalities, targets (3), received per category, reports (with their received in the
#: category: one query since issue 22, round 4); SFI and civic orientation: approved and
#: submitted sums, the activities serving the municipalities, their fill; the Kolada panel:
#: chosen key figures, their newest values (2).
COUNTY_BUDGET = 18
#: The page (not its exports) adds Migrationsverket's columns: the latest publication, its
#: figures, the municipalities' own received and self-settled (issue 18).
COUNTY_PAGE_BUDGET = COUNTY_BUDGET + 4
#: The municipality page rendered afresh (not from the page cache), as staff: session, the
#: data version (2), user, the municipalities' counties (page cache), the municipality,
#: categories, its capacity in every category (targets 2, received, pace plan: read once for
#: the capacity table and the series since issue 22, round 4), periods, reports (with their
#: received in the category), agreement history (3), contacts (1), activities (3:
#: activities, languages, its sums and their fill in one), its Kolada panel (2) and
#: Migrationsverket's months beside its own reports (1 here: no publication). A reporter's
#: page reads 2 more (the counties of the reporter's municipalities, its navigation). The
#: activity export: the same request part, the capacity and reports, the activities.
MUNICIPALITY_QUERIES = {
    ("page", "staff"): 23,
    ("page", "reporter_a"): 25,
    ("activity-export", "staff"): 16,
    ("activity-export", "reporter_a"): 17,
}
#: Session, user, the data version (page cache), county (2), municipalities, approved and
#: submitted sums, serving, fill.
ACTIVITY_EXPORT_BUDGET = 10
STATUSES = [ReportStatus.APPROVED, ReportStatus.SUBMITTED, ReportStatus.RETURNED]


def add_agreements(municipalities, years=(2025,)) -> None:
    categories = list(TargetCategory.objects.all())
    agreements = Agreement.objects.bulk_create(
        Agreement(
            municipality=m,
            year=year,
            status=Agreement.Status.SIGNED,
            valid_from=datetime.date(year, 1, 1),
            valid_to=datetime.date(year, 12, 31),
        )
        for m in municipalities
        for year in years
    )
    revisions = TargetRevision.objects.bulk_create(
        TargetRevision(agreement=a, effective_from=datetime.date(a.year, month, 1))
        for a in agreements
        for month in (1, 6)  # an amendment in June
    )
    Target.objects.bulk_create(
        Target(revision=r, category=c, places=10 + n)
        for n, r in enumerate(revisions)
        for c in categories
    )


def add_reports(municipalities, numbers, year: int = 2025) -> None:
    categories = list(TargetCategory.objects.all())
    periods = {}
    for county in {m.county for m in municipalities}:
        periods[county.pk] = periods_ensure(county=county, year=year)
    reports = FollowUpReport.objects.bulk_create(
        FollowUpReport(
            municipality=m,
            period=periods[m.county_id][n - 1],
            status=STATUSES[n % 3],
            submitted_at=datetime.datetime(year, n, 20, tzinfo=datetime.UTC),
        )
        for m in municipalities
        for n in numbers
    )
    ReportFigure.objects.bulk_create(
        ReportFigure(report=r, category=c, received=2) for r in reports for c in categories
    )


def add_activities(municipalities, numbers, year: int = 2025) -> None:
    """Per municipality an SFI and a civic-orientation activity, plus one SFI activity
    serving them all; reports approved, submitted or returned in the periods given."""
    county = municipalities[0].county
    organisation, _ = Organisation.objects.get_or_create(
        county=county, name="Lärcenter", defaults={"kind": "municipality"}
    )
    common = {
        "county": county,
        "organisation": organisation,
        "delivery": "classroom",
        "study_form": "regular",
        "start": datetime.date(year, 1, 1),
        "end": datetime.date(year, 12, 31),
        "places": 20,
        "hours": 120,
        "location": "Plats",
        "contact_name": "Kim",
    }
    start = Activity.objects.count()
    own = Activity.objects.bulk_create(
        Activity(kind=kind, title=f"{kind} {start + n}", **common)
        for n, (m, kind) in enumerate((m, k) for m in municipalities for k in ("sfi", "civic"))
    )
    joint = Activity.objects.create(kind="sfi", title=f"Gemensam {start}", **common)
    through = Activity.municipalities.through
    pairs = [(a, m) for a, m in zip(own, [m for m in municipalities for _ in "ab"], strict=True)]
    pairs += [(joint, m) for m in municipalities]
    through.objects.bulk_create(through(activity=a, municipality=m) for a, m in pairs)
    languages = list(Language.objects.all()[:2])
    Activity.languages.through.objects.bulk_create(
        Activity.languages.through(activity=a, language=lang)
        for a in [*own, joint]
        for lang in languages
    )
    periods = periods_ensure(county=county, year=year)
    ActivityReport.objects.bulk_create(
        ActivityReport(
            activity=a,
            municipality=m,
            period=periods[n - 1],
            status=STATUSES[n % 3],
            women=2,
            men=1,
            first_time=1,
            completed=1,
            dropped=0,
        )
        for a, m in pairs
        for n in numbers
    )


def count(client, url: str) -> int:
    """Queries of rendering the page (the page and user caches emptied first)."""
    cache.clear()
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200
    return len(ctx.captured_queries)


COUNTY_URL = reverse("overview:county", kwargs={"year": 2025})
EXPORT_URL = reverse(
    "overview:county_export", kwargs={"year": 2025, "table": "kommuner", "fmt": "xlsx"}
)
SFI_EXPORT_URL = reverse(
    "overview:county_export", kwargs={"year": 2025, "table": "sfi", "fmt": "xlsx"}
)
CIVIC_EXPORT_URL = reverse(
    "overview:county_export",
    kwargs={"year": 2025, "table": "samhallsorientering", "fmt": "csv"},
)


@pytest.mark.parametrize(
    ("url", "budget"),
    [
        (COUNTY_URL, COUNTY_PAGE_BUDGET),
        (EXPORT_URL, COUNTY_BUDGET),
        (SFI_EXPORT_URL, ACTIVITY_EXPORT_BUDGET),
        (CIVIC_EXPORT_URL, ACTIVITY_EXPORT_BUDGET),
    ],
    ids=["page", "export", "sfi-export", "civic-export"],
)
def test_county_overview_same_queries_for_1_and_26_municipalities(
    staff, county, municipality_a, url, budget, django_assert_max_num_queries
):
    client = client_for(staff)
    others = list(Municipality.objects.in_county(county).exclude(pk=municipality_a.pk))
    assert len(others) == 25
    add_agreements([municipality_a])
    add_reports([municipality_a], range(1, 13))
    add_activities([municipality_a], range(1, 13))
    one = count(client, url)
    add_agreements(others)
    add_reports(others, range(1, 13))
    add_activities(others, range(1, 13))
    assert Activity.objects.count() == 3 + 51
    assert count(client, url) == one
    with django_assert_max_num_queries(budget):
        client.get(url)


def test_county_overview_same_queries_for_1_and_12_periods(
    staff, county, municipality_a, django_assert_max_num_queries
):
    client = client_for(staff)
    everyone = list(Municipality.objects.in_county(county))
    add_agreements(everyone)
    add_reports(everyone, [1])
    add_activities(everyone, [1])
    one = count(client, COUNTY_URL)
    add_reports(everyone, range(2, 13))
    ActivityReport.objects.all().delete()
    add_activities(everyone, range(1, 13))
    assert count(client, COUNTY_URL) == one
    with django_assert_max_num_queries(COUNTY_PAGE_BUDGET):
        client.get(COUNTY_URL)


def test_admin_overview_with_every_municipality_of_the_country_is_flat(
    admin, municipality_a, django_assert_max_num_queries
):
    client = client_for(admin)
    add_agreements([municipality_a])
    add_reports([municipality_a], range(1, 13))
    add_activities([municipality_a], range(1, 13))
    one = count(client, COUNTY_URL + "?lan=01")
    everyone = list(Municipality.objects.exclude(pk=municipality_a.pk).select_related("county"))
    assert len(everyone) == 289
    add_agreements(everyone)
    add_reports(everyone, range(1, 13))
    for county in County.objects.all():
        add_activities([m for m in everyone if m.county_id == county.pk], range(1, 13))
    assert Activity.objects.count() == 3 + 2 * 289 + 21
    assert FollowUpReport.objects.count() == 290 * 12
    for code in ("01", "03", "25"):
        assert count(client, COUNTY_URL + f"?lan={code}") == one
    # The county chooser's list replaces the staff member's own county lookup.
    with django_assert_max_num_queries(COUNTY_PAGE_BUDGET):
        page = client.get(COUNTY_URL + "?lan=25")
    assert County.objects.get(code="25").name in page.content.decode()


MUNICIPALITY_URL = reverse("overview:municipality", kwargs={"code": "0181"}) + "?ar=2025"
MUNICIPALITY_EXPORT_URL = (
    reverse(
        "overview:municipality_export",
        kwargs={"code": "0181", "table": "aktiviteter", "fmt": "xlsx"},
    )
    + "?ar=2025"
)


@pytest.mark.parametrize("persona", ["reporter_a", "staff"])
@pytest.mark.parametrize(
    "url", [MUNICIPALITY_URL, MUNICIPALITY_EXPORT_URL], ids=["page", "activity-export"]
)
def test_municipality_page_same_queries_for_1_and_12_periods_10_years_and_many_activities(
    request, persona, url, municipality_a, django_assert_num_queries
):
    client = client_for(request.getfixturevalue(persona))
    add_agreements([municipality_a], years=[2025])
    add_reports([municipality_a], [1])
    add_activities([municipality_a], [1])
    one = count(client, url)
    add_agreements([municipality_a], years=range(2016, 2025))
    add_reports([municipality_a], range(2, 13))
    for _ in range(5):
        add_activities([municipality_a], range(2, 13))
    others = list(
        Municipality.objects.in_county(municipality_a.county).exclude(pk=municipality_a.pk)
    )
    add_activities([municipality_a, *others], range(1, 13))  # one joint with the whole county
    assert Activity.objects.filter(municipalities=municipality_a).count() == 3 * 7
    assert count(client, url) == one
    cache.clear()  # rendered again, not served from the page cache
    page = "page" if url == MUNICIPALITY_URL else "activity-export"
    with django_assert_num_queries(MUNICIPALITY_QUERIES[(page, persona)]):
        client.get(url)


@pytest.mark.parametrize("url", [COUNTY_URL, SFI_EXPORT_URL], ids=["page", "sfi-export"])
def test_one_county_with_all_290_municipalities_runs_as_many_queries_as_with_1(
    staff, county, municipality_a, url, django_assert_max_num_queries
):
    """The national worst case in one table: every municipality of Sweden in county 01."""
    client = client_for(staff)
    others = Municipality.objects.filter(county=county).exclude(pk=municipality_a.pk)
    others.update(county=County.objects.get(code="03"))
    assert Municipality.objects.filter(county=county).count() == 1
    add_agreements([municipality_a])
    add_reports([municipality_a], range(1, 13))
    add_activities([municipality_a], range(1, 13))
    one = count(client, url)
    Municipality.objects.update(county=county)
    everyone = list(Municipality.objects.exclude(pk=municipality_a.pk).select_related("county"))
    assert len(everyone) == 289
    add_agreements(everyone)
    add_reports(everyone, range(1, 13))
    add_activities(everyone, range(1, 13))
    assert Municipality.objects.filter(county=county).count() == 290
    assert count(client, url) == one
    cache.clear()  # rendered again, not served from the page cache
    with django_assert_max_num_queries(
        COUNTY_PAGE_BUDGET if url == COUNTY_URL else ACTIVITY_EXPORT_BUDGET
    ):
        response = client.get(url)
    if url == COUNTY_URL:
        assert len(response.context["rows"]) == 290
        assert len(response.context["activities"].table("sfi").rows) == 290
        assert response.context["activities"].table("sfi").total.activities == 1 + 290 + 1
    else:
        assert len(_sheet_rows(response)) == 1 + 290 + 1


def _sheet_rows(response) -> list:
    return list(
        load_workbook(io.BytesIO(response.content)).active.iter_rows(
            min_row=HEADER_ROW, values_only=True
        )
    )
