"""Publish a new version of each open data year whose content changed (daily from cron)."""

from __future__ import annotations

from django.core.management.base import BaseCommand, CommandError

from overview import opendata, services


class Command(BaseCommand):
    help = (
        "Publish a new version of the open data table of each year (or --year) whose "
        "content differs from its newest version; unchanged years get no version."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument("--year", type=int, action="append", help="Only this year (repeat).")
        parser.add_argument(
            "--reason",
            default="Nya eller ändrade godkända rapporter.",
            help="Why, for the changelog (default: new or changed approved reports).",
        )

    def handle(self, *args, year: list[int] | None, reason: str, **options) -> None:
        years = year or opendata.publishable_years()
        unknown = sorted(set(years) - set(opendata.publishable_years()))
        if unknown:
            raise CommandError(f"Nothing to publish for {', '.join(map(str, unknown))}.")
        if not reason.strip():
            raise CommandError("--reason must not be empty.")
        for one in sorted(years):
            version = services.opendata_publish(year=one, reason=reason)
            if version is None:
                self.stdout.write(f"{one}: unchanged, no new version.")
            else:
                self.stdout.write(
                    f"{one}: version {version.number} published ({len(version.changes)} changes)."
                )
