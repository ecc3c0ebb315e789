"""E-mail reporters before a deadline and when a report is overdue. Safe to run daily from cron.

Each reminder (municipality, period, kind) is recorded in SentReminder under a
unique constraint in the same transaction as its e-mail's outbox row
(``core/outbox.py``): a second run the same day, or two runs at once, never sends
it again; a mail server that is down delays the e-mail (the outbox retries it),
it never loses it.
"""

from __future__ import annotations

import datetime

from django.core.management.base import BaseCommand, CommandError
from django.db import IntegrityError, transaction
from django.db.models import Prefetch
from django.urls import reverse

from accounts.models import User
from core import clock, years
from core.models import County, Municipality
from reception import notify
from reception.models import (
    HANDED_IN,
    FollowUpReport,
    ReminderKind,
    ReportingPeriod,
    ReportingSettings,
    SentReminder,
)
from reception.periods import periods_ensure, periods_stored

#: Overdue reminders only for deadlines this recent: a first run on an old
#: database must not flood reporters about reports from years ago.
OVERDUE_WINDOW_DAYS = 60


def _date_option(text: str) -> datetime.date:
    """``--date``: a real date within the years the portal knows, or a one-line error."""
    try:
        day = datetime.date.fromisoformat(text.strip())
    except ValueError:
        raise CommandError(f"--date must be a date written YYYY-MM-DD; got {text!r}.") from None
    if not years.is_valid_year(day.year, clock.today()):
        raise CommandError(
            f"--date must be between {years.FIRST_YEAR}-01-01 and "
            f"{years.last_year(clock.today())}-12-31; got {text!r}."
        )
    return day


class Command(BaseCommand):
    help = "Send follow-up report reminders (before the deadline and when overdue), once each."

    def add_arguments(self, parser) -> None:
        parser.add_argument("--date", help="Run as if today were YYYY-MM-DD (for catching up).")
        parser.add_argument("--dry-run", action="store_true", help="Only list what would be sent.")

    def handle(self, *args, date: str | None, dry_run: bool, **options) -> None:
        today = _date_option(date) if date is not None else clock.today()
        sent = skipped = 0
        reporters = User.objects.filter(role=User.Role.REPORTER, is_active=True).order_by("email")
        counties = County.objects.filter(
            municipalities__reporters__role=User.Role.REPORTER
        ).distinct()
        for county in counties:
            config = ReportingSettings.for_county(county)
            if dry_run:
                # A dry run writes nothing, not even the year's periods.
                if not periods_stored(county=county, year=today.year):
                    self.stdout.write(f"would make the periods of {today.year} for {county}")
            else:
                periods_ensure(county=county, year=today.year)
            due = {
                ReminderKind.BEFORE: list(
                    ReportingPeriod.objects.filter(
                        county=county,
                        deadline__gte=today,
                        deadline__lte=today + datetime.timedelta(days=config.reminder_days),
                    )
                ),
                ReminderKind.OVERDUE: list(
                    ReportingPeriod.objects.filter(
                        county=county,
                        deadline__lt=today,
                        deadline__gte=today - datetime.timedelta(days=OVERDUE_WINDOW_DAYS),
                    )
                ),
            }
            period_ids = [p.pk for periods in due.values() for p in periods]
            if not period_ids:
                continue
            municipalities = (
                Municipality.objects.filter(county=county, reporters__in=reporters)
                .distinct()
                .prefetch_related(Prefetch("reporters", queryset=reporters, to_attr="active"))
            )
            handed_in = set(
                FollowUpReport.objects.filter(
                    period_id__in=period_ids, status__in=HANDED_IN
                ).values_list("municipality_id", "period_id")
            )
            already = set(
                SentReminder.objects.filter(period_id__in=period_ids).values_list(
                    "municipality_id", "period_id", "kind"
                )
            )
            for kind, periods in due.items():
                for period in periods:
                    for municipality in municipalities:
                        key = (municipality.pk, period.pk)
                        if key in handed_in or (*key, kind) in already:
                            skipped += 1
                            continue
                        recipients = [u.email for u in municipality.active]
                        if dry_run:
                            self.stdout.write(f"would send {kind} {municipality.code} {period}")
                            continue
                        if self._send(municipality, period, kind, recipients):
                            sent += 1
        self.stdout.write(f"Reminders sent: {sent}, not needed or already sent: {skipped}.")

    def _send(self, municipality, period, kind: str, recipients: list[str]) -> bool:
        link = notify.absolute(
            reverse(
                "reception:report_edit",
                kwargs={"code": municipality.code, "period_pk": period.pk},
            )
        )
        try:
            with transaction.atomic():
                SentReminder.objects.create(
                    municipality=municipality,
                    period=period,
                    kind=kind,
                    recipients=", ".join(recipients),
                )
                notify.reminder(
                    report_period=period,
                    municipality=municipality,
                    kind=kind,
                    link=link,
                    recipients=recipients,
                )
        except IntegrityError:
            return False  # another run sent it a moment ago
        return True
