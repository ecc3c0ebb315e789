"""Run once after restoring a database from a backup (README, 'Backup and restore').

Cached pages and signed-in users are keyed by the data version; a restored database
counts from the backup's version again, so pages cached since then could match. This
clears the cache, moves the data version past any value it had, signs everyone out
(sessions from the backup's time) and holds the e-mails that were waiting at backup
time (they may have gone out since; ``--send-pending`` sends them anyway).
"""

from __future__ import annotations

from django.contrib.sessions.models import Session
from django.core.cache import caches
from django.core.management.base import BaseCommand
from django.db import transaction

from core import dataversion
from core.models import OutboxEmail

HELD = "held after a restore from backup: it may have been sent already"


class Command(BaseCommand):
    help = "Clear caches, raise the data version, end sessions, hold old e-mails after a restore."

    def add_arguments(self, parser) -> None:
        parser.add_argument(
            "--send-pending",
            action="store_true",
            help="Leave the e-mails that were waiting at backup time to be sent.",
        )

    def handle(self, *args, send_pending: bool, **options) -> None:
        for alias in caches:
            caches[alias].clear()
        with transaction.atomic():
            dataversion.jump()
            sessions, _ = Session.objects.all().delete()
            held = 0
            if not send_pending:
                held = OutboxEmail.objects.filter(status=OutboxEmail.Status.PENDING).update(
                    status=OutboxEmail.Status.FAILED, last_error=HELD
                )
        self.stdout.write(
            f"Cache cleared, data version raised, {sessions} sessions ended, "
            f"{held} waiting e-mails held. Restart the portal and the e-mail worker."
        )
