"""Idempotent demo data: Stockholm county (01), demo users and each app's demo data.

Each app that has demo data provides ``<app>/demo.py`` with
``seed(*, out, scale)``; this command runs them in the order of INSTALLED_APPS
(the ladder: an app's demo may use the data of the apps below it) inside one
transaction, so a failure leaves nothing half-made. The ground floor names no app.
"""

from __future__ import annotations

import importlib
import importlib.util
import time

from django.apps import apps
from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import connection, transaction


def demo_modules() -> list[str]:
    """``<app>.demo`` of every installed app that has one, in INSTALLED_APPS order."""
    names = [f"{config.name}.demo" for config in apps.get_app_configs()]
    return [name for name in names if importlib.util.find_spec(name) is not None]


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
            for name in demo_modules():
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
        for name in demo_modules():
            print_logins = getattr(importlib.import_module(name), "print_logins", None)
            if print_logins is not None:
                print_logins(out)
        out.write(f"Demo data ready in {time.monotonic() - started:.1f} s.")


class _Out:
    def __init__(self, stream) -> None:
        self.stream = stream

    def write(self, line: str) -> None:
        self.stream.write(line)
