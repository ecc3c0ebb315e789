"""The national demo helpers on two counties and three years (the full set is for bench/run.py)."""

import datetime

import pytest

from accounts.demo_national import reporter_email, seed_users, staff_email
from accounts.models import User
from agreements.demo_national import seed_agreements
from agreements.models import Agreement, County, CountyQuota, Municipality
from contacts.demo import BLOCKS
from contacts.demo_national import seed_contacts
from contacts.models import Contact
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
    seed_users(out=out, password="Demo-losenord-2026", counties=counties)
    seed_agreements(out=out, years=YEARS, counties=counties)
    seed_reports(out=out, years=YEARS, counties=counties, today=TODAY)
    seed_contacts(out=out, blocks=BLOCKS, counties=counties)
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
