"""Deliver the e-mails waiting in the outbox (``core/outbox.py``).

Once (cron: every minute) or as a worker (``--loop``, systemd). Safe to run several
at once: each e-mail is claimed by one sender before it is sent.
"""

from __future__ import annotations

import datetime
import signal
import time

from django.core.management.base import BaseCommand, CommandError
from django.db import close_old_connections

from core import outbox


class Command(BaseCommand):
    help = "Deliver pending e-mails from the outbox, with retries and backoff."

    def add_arguments(self, parser) -> None:
        parser.add_argument(
            "--loop", action="store_true", help="Keep running (a worker for systemd)."
        )
        parser.add_argument(
            "--interval", type=float, default=5.0, help="Seconds between runs with --loop."
        )
        parser.add_argument(
            "--keep-days",
            type=int,
            default=30,
            help="Delete sent e-mails older than this many days (they hold addresses).",
        )

    def handle(self, *args, loop: bool, interval: float, keep_days: int, **options) -> None:
        if interval <= 0 or interval > 3600:
            raise CommandError("--interval must be between 0 and 3600 seconds.")
        if keep_days < 1 or keep_days > 3650:
            raise CommandError("--keep-days must be between 1 and 3650.")
        self._stop = False
        if loop:
            signal.signal(signal.SIGTERM, self._request_stop)
            signal.signal(signal.SIGINT, self._request_stop)
        while True:
            result = outbox.deliver()
            pruned = outbox.prune(older_than=datetime.timedelta(days=keep_days))
            if not loop or result.sent or result.failed:
                self.stdout.write(
                    f"E-mails sent: {result.sent}, failed: {result.failed} "
                    f"(given up: {result.given_up}), old ones removed: {pruned}."
                )
            if not loop:
                return
            # A long-lived worker: drop a connection the database closed or that is too old.
            close_old_connections()
            slept = 0.0
            while slept < interval and not self._stop:
                time.sleep(min(0.5, interval - slept))
                slept += 0.5
            if self._stop:
                return

    def _request_stop(self, signum, frame) -> None:
        self._stop = True
