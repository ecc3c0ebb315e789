"""The portal's "today" is Stockholm's date (TIME_ZONE), never the server's."""

from __future__ import annotations

import datetime
import re
from pathlib import Path

from django.utils import timezone

from core import clock, years

ROOT = Path(__file__).resolve().parents[2]
NEW_YEARS_EVE_2330_UTC = datetime.datetime(2026, 12, 31, 23, 30, tzinfo=datetime.UTC)


def test_at_2330_utc_on_new_years_eve_the_portal_already_counts_1_january():
    assert NEW_YEARS_EVE_2330_UTC.date() == datetime.date(2026, 12, 31)  # the server's UTC date
    assert clock.today(NEW_YEARS_EVE_2330_UTC) == datetime.date(2027, 1, 1)
    assert clock.today(NEW_YEARS_EVE_2330_UTC) == timezone.localdate(NEW_YEARS_EVE_2330_UTC)


def test_at_2330_utc_on_new_years_eve_the_portal_opens_the_year_two_ahead():
    on = clock.today(NEW_YEARS_EVE_2330_UTC)
    assert years.last_year(on) == 2029
    assert years.is_valid_year(2029, on)
    assert not years.is_valid_year(2029, NEW_YEARS_EVE_2330_UTC.date())


def test_in_summer_stockholm_is_two_hours_ahead():
    at = datetime.datetime(2026, 6, 30, 22, 30, tzinfo=datetime.UTC)
    assert clock.today(at) == datetime.date(2026, 7, 1)


def test_the_portals_years_run_from_2000_to_two_years_ahead():
    on = datetime.date(2026, 5, 1)
    checked = (1999, 2000, 2026, 2027, 2028, 2029)
    assert [y for y in checked if years.is_valid_year(y, on)] == [2000, 2026, 2027, 2028]


def test_no_application_code_asks_the_server_for_its_own_date():
    """``date.today()`` and naive ``datetime.now()`` give the server's zone, not Stockholm's."""
    pattern = re.compile(r"\bdate\.today\(\)|\bdatetime\.now\(\)|\bdatetime\.today\(\)")
    found = []
    for path in ROOT.rglob("*.py"):
        relative = path.relative_to(ROOT)
        skipped = relative.parts[0] in {".venv", "tests", "node_modules"}
        if skipped or "migrations" in relative.parts:
            continue
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            code = line.split("#", 1)[0]
            if pattern.search(code) and "``" not in line:
                found.append(f"{relative}:{number}: {line.strip()}")
    assert found == [], "use integration_portal.clock.today():\n" + "\n".join(found)
