import datetime
import io

import pytest
from django.core import mail
from django.core.management import CommandError, call_command

from reception.models import ReminderKind, ReportingSettings, SentReminder
from reception.periods import periods_ensure
from tests.factories.reporting import submitted

pytestmark = pytest.mark.django_db


@pytest.fixture
def reporters(reporter_a, reporter_b):
    return reporter_a, reporter_b


def _run(day: datetime.date) -> None:
    call_command("send_reminders", date=day.isoformat())


def _sent(prefix: str, about: str = "") -> list:
    return [m for m in mail.outbox if m.subject.startswith(prefix) and about in m.subject]


def test_reminder_before_the_deadline_is_sent_once(county, reporters):
    # March 2025 has deadline 2025-04-15; default reminder 5 days before.
    periods_ensure(county=county, year=2025)
    _run(datetime.date(2025, 4, 11))
    before = _sent("Påminnelse")
    assert len(before) == 2  # Södertälje and Huddinge, one reporter each
    assert all("senast 2025-04-15" in m.subject for m in before)
    assert "/rapporter/fyll-i/0" in before[0].body
    _run(datetime.date(2025, 4, 11))
    _run(datetime.date(2025, 4, 12))
    assert len(_sent("Påminnelse")) == 2
    assert SentReminder.objects.filter(kind=ReminderKind.BEFORE).count() == 2


def test_overdue_reminder_is_sent_once_and_not_for_handed_in_reports(
    county, reporters, municipality_a, reporter_a
):
    periods = periods_ensure(county=county, year=2025)
    submitted(municipality_a, periods[2], reporter_a, anvisade=1)
    mail.outbox.clear()
    _run(datetime.date(2025, 4, 16))
    march = _sent("Försenad", "mars 2025")
    assert [m.to for m in march] == [["reporter.b@kommun-b.example"]]
    first_run = len(mail.outbox)
    assert len(_sent("Försenad", "februari 2025")) == 2
    _run(datetime.date(2025, 4, 17))
    assert len(mail.outbox) == first_run


def test_reminder_days_are_configurable_per_county(county, reporters):
    ReportingSettings.objects.create(county=county, reminder_days=1)
    periods_ensure(county=county, year=2025)
    _run(datetime.date(2025, 4, 11))
    assert _sent("Påminnelse") == []
    _run(datetime.date(2025, 4, 14))
    assert len(_sent("Påminnelse")) == 2


def test_dry_run_sends_and_records_nothing(county, reporters, capsys):
    periods_ensure(county=county, year=2025)
    call_command("send_reminders", date="2025-04-11", dry_run=True)
    assert mail.outbox == []
    assert not SentReminder.objects.exists()
    assert "would send before 0181" in capsys.readouterr().out


def test_reminder_links_are_absolute_when_the_portal_base_url_is_set(county, reporters, settings):
    settings.PORTAL_BASE_URL = "https://integration.example.se"
    periods = periods_ensure(county=county, year=2025)
    _run(datetime.date(2025, 4, 11))
    [first, *_rest] = _sent("Påminnelse")
    march = next(p for p in periods if p.number == 3)
    assert f"https://integration.example.se/rapporter/fyll-i/0126/{march.pk}/" in first.body


def test_dry_run_writes_nothing_not_even_the_years_periods(county, reporters):
    from core import dataversion
    from tests.harness.test_gets_never_write import row_counts

    counts, version = row_counts(), dataversion.current()
    out = io.StringIO()
    call_command("send_reminders", date="2025-04-11", dry_run=True, stdout=out)
    assert row_counts() == counts
    assert dataversion.current() == version
    assert "would make the periods of 2025" in out.getvalue()


@pytest.mark.parametrize(
    ("date", "message"),
    [
        ("0001-01-01", "--date must be between 2000-01-01 and"),
        ("9999-12-31", "--date must be between 2000-01-01 and"),
        ("1999-12-31", "--date must be between 2000-01-01 and"),
        ("garbage", "--date must be a date written YYYY-MM-DD; got 'garbage'"),
        ("2025-02-30", "--date must be a date written YYYY-MM-DD"),
        ("", "--date must be a date written YYYY-MM-DD"),
    ],
)
def test_a_date_outside_the_portals_years_is_refused_with_a_clear_message(
    county, reporters, date, message
):
    from reception.models import ReportingPeriod

    with pytest.raises(CommandError, match=message):
        call_command("send_reminders", "--date", date)
    assert not ReportingPeriod.objects.exists()
    assert mail.outbox == []


def test_a_bad_date_on_the_command_line_is_one_line_without_traceback():
    import subprocess
    import sys

    result = subprocess.run(
        [sys.executable, "manage.py", "send_reminders", "--date", "0001-01-01"],
        capture_output=True,
        text=True,
        timeout=120,
        env={**__import__("os").environ, "DEBUG": "true"},
    )
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    assert "CommandError: --date must be between 2000-01-01" in result.stderr
