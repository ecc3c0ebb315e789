"""Idempotent demo data: Stockholm county (01), demo users and each app's demo data.

Each app that has demo data provides ``<app>/demo.py`` with
``seed(*, out, scale)``; this command runs them in order inside one
transaction, so a failure leaves nothing half-made.
"""

from __future__ import annotations

import importlib
import importlib.util
import time

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import connection, transaction

DEMO_MODULES = ["accounts.demo", "agreements.demo", "reception.demo", "contacts.demo"]


class Command(BaseCommand):
    help = "Create demo data (invented people) for Stockholm county; safe to run again."

    def add_arguments(self, parser) -> None:
        parser.add_argument(
            "--scale",
            choices=["county", "national"],
            default="county",
            help="county: Stockholm county only (default); national: every county.",
        )
        parser.add_argument(
            "--force",
            action="store_true",
            help="Allow running with DEBUG off (e.g. a benchmark database). Never in production.",
        )

    def handle(self, *args, scale: str, force: bool, **options) -> None:
        if not settings.DEBUG and not force:
            raise CommandError(
                "seed_demo creates accounts with a known password; it runs only with DEBUG=true "
                "(or --force on a throw-away database)."
            )
        started = time.monotonic()
        out = _Out(self.stdout)
        with transaction.atomic():
            for name in DEMO_MODULES:
                if importlib.util.find_spec(name) is None:
                    continue
                module = importlib.import_module(name)
                began = time.monotonic()
                module.seed(out=out, scale=scale)
                out.write(f"  ({name}: {time.monotonic() - began:.1f} s)")
        if scale == "national" and connection.vendor == "postgresql":
            # A bulk load leaves the planner's statistics describing nearly empty tables
            # until autovacuum gets round to them; the capacity queries then chose nested
            # loops that took 150 ms instead of 2 ms (bench/README.md, "Findings").
            with connection.cursor() as cursor:
                cursor.execute("ANALYZE")
            out.write("  statistics refreshed (ANALYZE)")
        from accounts.demo import print_logins

        print_logins(out)
        out.write(f"Demo data ready in {time.monotonic() - started:.1f} s.")


class _Out:
    def __init__(self, stream) -> None:
        self.stream = stream

    def write(self, line: str) -> None:
        self.stream.write(line)
