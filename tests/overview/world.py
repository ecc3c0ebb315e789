"""The small, hand-computable world of the overview tests.

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

import pytest
from django.utils import timezone

from activities import services as activity_services
from reception import services
from reception.models import FollowUpReport
from tests.factories.activities import make_activity, make_organisation, report, submit
from tests.factories.reporting import approved, draft, make_agreement, period_of, submitted


def _handed_in_on(report, day: datetime.date) -> None:
    moment = timezone.make_aware(datetime.datetime(day.year, day.month, day.day, 12))
    FollowUpReport.objects.filter(pk=report.pk).update(submitted_at=moment)


@pytest.fixture(name="small")
def small_world(
    county, staff, reporter_a, reporter_b, municipality_a, municipality_b, municipality_c
):
    make_agreement(
        municipality_a,
        2025,
        {"anvisade": 120},
        amendments=[(datetime.date(2025, 4, 1), {"anvisade": 90})],
    )
    make_agreement(municipality_b, 2025, {"anvisade": 0})
    jan, feb, mar = (period_of(county, 2025, n) for n in (1, 2, 3))
    _handed_in_on(
        approved(municipality_a, jan, reporter_a, staff, anvisade=10), datetime.date(2025, 2, 10)
    )
    late = submitted(municipality_a, feb, reporter_a, anvisade=5)
    _handed_in_on(late, datetime.date(2025, 3, 20))
    back = submitted(municipality_a, mar, reporter_a, anvisade=7)
    services.report_return(report=back, user=staff, version=back.version, message="Fel månad.")
    _handed_in_on(
        approved(municipality_b, jan, reporter_b, staff, anvisade=2), datetime.date(2025, 2, 1)
    )
    draft(municipality_b, feb, reporter_b, anvisade=3)
    return {"a": municipality_a, "b": municipality_b, "c": municipality_c}


# The "activities" fixture; its figures are worked out in test_overview_activities.py.


def _approve(saved, reporter, staff):
    saved = submit(saved, reporter)
    return activity_services.activity_report_approve(
        report=saved, user=staff, version=saved.version
    )


@pytest.fixture(name="activities")
def activity_world(
    county, staff, reporter_a, reporter_b, municipality_a, municipality_b, municipality_c
):
    org = make_organisation(county, staff)
    jan, feb, mar = (period_of(county, 2025, n) for n in (1, 2, 3))
    a, b = municipality_a, municipality_b
    own = make_activity(county, staff, org, [a], title="SFI Södertälje", places=16)
    joint = make_activity(county, staff, org, [a, b], title="SFI gemensam", places=30)
    civic = make_activity(
        county, staff, org, [b], title="SO Huddinge", kind="civic", hours=100, places=25
    )
    old = make_activity(
        county, staff, org, [a], title="SFI 2024", places=40,
        start=datetime.date(2024, 1, 1), end=datetime.date(2024, 12, 31),
    )  # fmt: skip
    cafe = make_activity(
        county, staff, org, [a], title="Språkcafé", kind="language_cafe", places=10,
        languages=("ar", "ti"),
    )  # fmt: skip
    _approve(
        report(own, a, jan, reporter_a, women=6, men=4, first_time=3, completed=2, dropped=1,
               courses={"1A": {"completed_women": 2, "dropped_women": 1,
                               "continuing_women": 3, "continuing_men": 4}}),
        reporter_a, staff,
    )  # fmt: skip
    submit(report(own, a, feb, reporter_a, women=5, men=5, first_time=0), reporter_a)
    _approve(report(own, a, mar, reporter_a, women=5, men=3, first_time=0), reporter_a, staff)
    _approve(
        report(joint, a, jan, reporter_a, women=3, men=2, first_time=2, completed=1,
               courses={"1A": {"completed_women": 1, "continuing_women": 2,
                               "continuing_men": 2}}),
        reporter_a, staff,
    )  # fmt: skip
    _approve(
        report(joint, b, jan, reporter_b, women=4, men=6, first_time=5, dropped=1,
               courses={"1A": {"dropped_men": 1, "continuing_women": 4,
                               "continuing_men": 5}}),
        reporter_b, staff,
    )  # fmt: skip
    back = submit(report(joint, b, feb, reporter_b, women=9, men=9), reporter_b)
    activity_services.activity_report_return(
        report=back, user=staff, version=back.version, message="Kontrollera."
    )
    _approve(report(civic, b, jan, reporter_b, women=10, men=5, first_time=15), reporter_b, staff)
    report(civic, b, mar, reporter_b, women=50, men=50)  # a draft
    return {"own": own, "joint": joint, "civic": civic, "old": old, "cafe": cafe}
