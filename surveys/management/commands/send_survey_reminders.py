"""E-mail reporters before a survey's last day and when their answer is overdue, once
each. Safe to run daily from cron, beside ``send_reminders`` (the follow-up reports').

The same mechanism as reception's reminders: each reminder (campaign, municipality,
kind) is recorded in SurveyReminder under a unique constraint in the same transaction
as its e-mail's outbox row (``core/outbox.py``), so a second run never sends it again.
The number of days before the deadline is the county's reporting setting.
"""

from __future__ import annotations

import datetime

from django.conf import settings
from django.core.management.base import BaseCommand
from django.db import IntegrityError, transaction
from django.db.models import Prefetch
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation

from accounts.models import User
from core import clock, outbox
from core.models import Municipality
from reception.models import HANDED_IN, ReminderKind, ReportingSettings
from reception.notify import absolute
from surveys.models import Campaign, Response, SurveyReminder

#: Overdue reminders only for deadlines this recent (as the follow-up reminders).
OVERDUE_WINDOW_DAYS = 60


class Command(BaseCommand):
    help = "Send survey reminders (before the last day and when overdue), once each."

    def add_arguments(self, parser) -> None:
        parser.add_argument("--date", help="Run as if today were YYYY-MM-DD.")

    def handle(self, *args, date: str | None = None, **options) -> None:
        today = datetime.date.fromisoformat(date) if date else clock.today()
        reporters = User.objects.filter(role=User.Role.REPORTER, is_active=True).order_by("email")
        campaigns = Campaign.objects.filter(
            opens__lte=today, deadline__gte=today - datetime.timedelta(days=OVERDUE_WINDOW_DAYS)
        ).select_related("survey", "county")
        sent = skipped = 0
        for campaign in campaigns:
            municipalities = (
                campaign.municipalities()
                .filter(reporters__in=reporters)
                .distinct()
                .select_related("county")
                .prefetch_related(Prefetch("reporters", queryset=reporters, to_attr="active"))
            )
            answered = set(
                Response.objects.filter(campaign=campaign, status__in=HANDED_IN).values_list(
                    "municipality_id", flat=True
                )
            ) | set(
                Response.objects.filter(campaign=campaign, covered_by__isnull=False).values_list(
                    "municipality_id", flat=True
                )
            )
            already = set(
                SurveyReminder.objects.filter(campaign=campaign).values_list(
                    "municipality_id", "kind"
                )
            )
            settings_by_county: dict[int, int] = {}
            for municipality in municipalities:
                days = settings_by_county.setdefault(
                    municipality.county_id,
                    ReportingSettings.for_county(municipality.county).reminder_days,
                )
                if campaign.deadline < today:
                    kind = ReminderKind.OVERDUE
                elif campaign.deadline <= today + datetime.timedelta(days=days):
                    kind = ReminderKind.BEFORE
                else:
                    continue
                if municipality.pk in answered or (municipality.pk, kind) in already:
                    skipped += 1
                    continue
                if self._send(campaign, municipality, kind, [u.email for u in municipality.active]):
                    sent += 1
        self.stdout.write(f"Survey reminders sent: {sent}, not needed or already sent: {skipped}.")

    def _send(self, campaign, municipality: Municipality, kind: str, recipients: list[str]) -> bool:
        link = absolute(
            reverse(
                "surveys:response_overview",
                kwargs={"pk": campaign.pk, "code": municipality.code},
            )
        )
        context = {"campaign": campaign, "municipality": municipality, "link": link}
        with translation.override(settings.LANGUAGE_CODE):
            subject = render_to_string(f"surveys/email/reminder_{kind}_subject.txt", context)
            body = render_to_string(f"surveys/email/reminder_{kind}_body.txt", context)
        try:
            with transaction.atomic():
                SurveyReminder.objects.create(
                    campaign=campaign,
                    municipality=municipality,
                    kind=kind,
                    recipients=", ".join(recipients),
                )
                outbox.enqueue(subject=subject, body=body, to=recipients)
        except IntegrityError:
            return False  # another run sent it a moment ago
        return True
