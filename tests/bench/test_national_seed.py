"""The national demo helpers on two counties and three years (the full set is for bench/run.py)."""

import datetime

import pytest

from accounts.demo_national import reporter_email, seed_users, staff_email
from accounts.models import User
from activities.demo_national import seed_activities
from activities.models import Activity, ActivityKind, ActivityReport
from agreements.demo_national import seed_agreements
from agreements.models import Agreement, CountyQuota
from contacts.demo import BLOCKS
from contacts.demo_national import seed_contacts
from contacts.models import Contact
from core.models import County, Municipality
from reception.demo_national import seed_reports
from reception.models import FollowUpReport, ReportingPeriod, ReportStatus

pytestmark = pytest.mark.django_db

YEARS = range(2024, 2027)
TODAY = datetime.date(2026, 11, 29)


class Out:
    def __init__(self) -> None:
        self.lines: list[str] = []

    def write(self, line: str) -> None:
        self.lines.append(line)


def _seed(counties) -> Out:
    out = Out()
    seed_users(out=out, password="Demo-losenord-ekorre", counties=counties)
    seed_agreements(out=out, years=YEARS, counties=counties)
    seed_reports(out=out, years=YEARS, counties=counties, today=TODAY)
    seed_contacts(out=out, blocks=BLOCKS, counties=counties)
    seed_activities(out=out, years=YEARS, counties=counties, today=TODAY)
    return out


def test_national_helpers_fill_every_municipality_and_are_idempotent():
    counties = list(County.objects.filter(code__in=["09", "10"]))
    municipalities = Municipality.objects.filter(county__in=counties)
    n = municipalities.count()
    out = _seed(counties)
    assert any("reports" in line for line in out.lines)

    assert Agreement.objects.filter(municipality__in=municipalities).count() == n * len(YEARS)
    assert CountyQuota.objects.filter(county__in=counties).count() == 2 * len(YEARS)
    assert ReportingPeriod.objects.filter(county__in=counties).count() == 2 * 12 * len(YEARS)
    reports = FollowUpReport.objects.filter(municipality__in=municipalities)
    assert set(reports.values_list("status", flat=True)) >= {
        ReportStatus.DRAFT,
        ReportStatus.SUBMITTED,
        ReportStatus.APPROVED,
        ReportStatus.RETURNED,
        ReportStatus.REOPENED,
    }
    assert all(r.figures.count() == 4 for r in reports[:20])
    assert not reports.filter(period__start__gt=TODAY).exists()
    staff = User.objects.get(email=staff_email("10", 1))
    assert staff.is_county_staff and staff.county.code == "10"
    code = municipalities.first().code
    reporter = User.objects.get(email=reporter_email(code))
    assert list(reporter.municipalities.values_list("code", flat=True)) == [code]
    assert Contact.objects.filter(county__in=counties, published=True).count() == 6

    counts = (User.objects.count(), Agreement.objects.count(), reports.count())
    _seed(counties)
    assert (User.objects.count(), Agreement.objects.count(), reports.count()) == counts


def test_national_activities_every_municipality_has_sfi_and_civic_orientation_with_figures():
    counties = list(County.objects.filter(code__in=["09", "10"]))
    municipalities = list(Municipality.objects.filter(county__in=counties))
    _seed(counties)
    activities = Activity.objects.filter(county__in=counties)
    sfi = activities.filter(kind=ActivityKind.SFI)
    assert sfi.count() == len(municipalities) * len(YEARS)
    assert activities.filter(kind=ActivityKind.CIVIC).count() == len(counties) * len(YEARS)
    assert not activities.filter(kind=ActivityKind.CIVIC, hours__lt=100).exists()
    for municipality in municipalities:
        served = Activity.objects.filter(municipalities=municipality, start__year=2025)
        assert {a.kind for a in served} >= {ActivityKind.SFI, ActivityKind.CIVIC}
    reports = ActivityReport.objects.filter(activity__county__in=counties)
    assert set(reports.values_list("status", flat=True)) == {
        ReportStatus.APPROVED,
        ReportStatus.SUBMITTED,
    }
    assert not reports.filter(period__start__gt=TODAY).exists()
    assert not reports.filter(status=ReportStatus.SUBMITTED, period__year__lt=2026).exists()
    # SFI course outcomes add up to the participants, as the report form demands.
    for report in reports.filter(activity__kind=ActivityKind.SFI).prefetch_related("courses")[:50]:
        courses = list(report.courses.all())
        assert courses
        women = sum(c.completed_women + c.dropped_women + c.continuing_women for c in courses)
        men = sum(c.completed_men + c.dropped_men + c.continuing_men for c in courses)
        assert (women, men) == (report.women, report.men)
    count = reports.count()
    _seed(counties)
    assert reports.count() == count
