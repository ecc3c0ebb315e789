"""When demo reports were handed in and reviewed: plausible moments, never in the future.

Shared by the county and national demo data of follow-up and activity reports.
"""

from __future__ import annotations

import datetime

from django.utils import timezone

from .models import ReportStatus

#: States in which staff have looked at the report (a draft has never been reviewed).
REVIEWED_STATES = (ReportStatus.APPROVED, ReportStatus.RETURNED, ReportStatus.REOPENED)


def handed_in_at(
    period, days_before: int, at: datetime.time, now: datetime.datetime
) -> datetime.datetime:
    """When a demo report was handed in: ``days_before`` its deadline (negative: late), but
    never before its period ended and never after ``now``: demo data has no future, even
    when the deadline of the period that just ended is still ahead."""
    today = timezone.localdate(now)
    day = period.deadline - datetime.timedelta(days=days_before)
    day = max(min(day, today), period.end + datetime.timedelta(days=1))
    return min(timezone.make_aware(datetime.datetime.combine(day, at)), now)


def reviewed_at(handed_in: datetime.datetime, now: datetime.datetime) -> datetime.datetime:
    """A review a day or two after the report came in, never after ``now``."""
    return min(handed_in + datetime.timedelta(days=1, hours=3), now)
