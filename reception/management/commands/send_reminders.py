"""E-mail reporters before a deadline and when a report is overdue. Safe to run daily from cron.

Each reminder (municipality, period, kind) is recorded in SentReminder under a
unique constraint before its e-mail goes out, in one transaction: a second run
the same day, or two runs at once, never sends it again; a failed send leaves no
record, so the next run tries again.
"""

from __future__ import annotations

import datetime

from django.core.management.base import BaseCommand, CommandError
from django.db import IntegrityError, transaction
from django.db.models import Prefetch
from django.urls import reverse

from accounts.models import User
from core import clock
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
from reception.periods import periods_ensure

#: Overdue reminders only for deadlines this recent: a first run on an old
#: database must not flood reporters about reports from years ago.
OVERDUE_WINDOW_DAYS = 60


class Command(BaseCommand):
    help = "Send follow-up report reminders (before the deadline and when overdue), once each."

    def add_arguments(self, parser) -> None:
        parser.add_argument("--date", help="Run as if today were YYYY-MM-DD (for catching up).")
        parser.add_argument("--dry-run", action="store_true", help="Only list what would be sent.")

    def handle(self, *args, date: str | None, dry_run: bool, **options) -> None:
        try:
            today = datetime.date.fromisoformat(date) if date else clock.today()
        except ValueError:
            raise CommandError("--date must be YYYY-MM-DD") from None
        sent = skipped = 0
        reporters = User.objects.filter(role=User.Role.REPORTER, is_active=True).order_by("email")
        counties = County.objects.filter(
            municipalities__reporters__role=User.Role.REPORTER
        ).distinct()
        for county in counties:
            config = ReportingSettings.for_county(county)
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
