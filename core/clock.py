"""The portal's calendar: today's date in Stockholm.

Every "today" in the application comes from ``today()``. Never ``date.today()``: that
is the server's own zone (often UTC), which is still the day before in Stockholm
between midnight and 01:00 (02:00 in summer): on New Year's Eve at 23:30 UTC the
portal must already count the new year. Code that needs a fixed moment (tests,
catching up a missed cron run) passes ``at`` instead of freezing the clock. Which
years the portal works with is ``core/years.py``.
"""

from __future__ import annotations

import datetime

from django.utils import timezone


def today(at: datetime.datetime | None = None) -> datetime.date:
    """The date in the portal's time zone (``TIME_ZONE``, Europe/Stockholm), now or at ``at``."""
    return timezone.localdate(at)
