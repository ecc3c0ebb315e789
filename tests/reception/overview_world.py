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

from reception import services
from reception.models import FollowUpReport

from .conftest import approved, draft, make_agreement, period_of, submitted


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
