"""The portal's calendar: today's date in Stockholm, and the years follow-up pages cover.

Every "today" in the application comes from ``today()``. Never ``date.today()``: that
is the server's own zone (often UTC), which is still the day before in Stockholm
between midnight and 01:00 (02:00 in summer): on New Year's Eve at 23:30 UTC the
portal must already count the new year. Code that needs a fixed moment (tests,
catching up a missed cron run) passes ``at`` instead of freezing the clock.
"""

from __future__ import annotations

import datetime

from django.utils import timezone

#: The first year the follow-up pages (overview, municipality page, review queue) cover.
FIRST_FOLLOW_UP_YEAR = 2000


def today(at: datetime.datetime | None = None) -> datetime.date:
    """The date in the portal's time zone (``TIME_ZONE``, Europe/Stockholm), now or at ``at``."""
    return timezone.localdate(at)


def last_follow_up_year(on: datetime.date | None = None) -> int:
    """Next year: the county decides next year's quotas in the autumn, so its pages open then."""
    return (on or today()).year + 1


def is_follow_up_year(year: int, on: datetime.date | None = None) -> bool:
    """The one rule for which years the follow-up pages answer (others are 404)."""
    return FIRST_FOLLOW_UP_YEAR <= year <= last_follow_up_year(on)
