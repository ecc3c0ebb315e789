"""Fetch the chosen Kolada key figures for the county's municipalities (daily from cron)."""

from __future__ import annotations

from django.core.management.base import BaseCommand, CommandError

from overview import kolada


class Command(BaseCommand):
    help = (
        "Fetch the Kolada key figures staff chose (Kolada API v3) for the county's "
        "municipalities: only what changed since the last fetch, unless --full."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument("--county", help="County code (default: PORTAL_COUNTY_CODE).")
        parser.add_argument(
            "--full", action="store_true", help="Fetch everything, not only what changed."
        )

    def handle(self, *args, county: str | None, full: bool, **options) -> None:
        report = kolada.fetch_all(county_code=county, full=full)
        if not report.results:
            self.stdout.write("No Kolada key figures chosen; nothing fetched.")
        for result in report.results:
            if result.error:
                self.stderr.write(f"{result.kpi_id}: FAILED: {result.error}")
                continue
            line = f"{result.kpi_id}: {result.stored} values stored, {result.dropped} deleted"
            if result.unknown_municipalities:
                codes = ", ".join(result.unknown_municipalities)
                line += f"; Kolada does not know municipality {codes}"
            self.stdout.write(line)
        if report.failed:
            # After every key figure was tried: a non-zero exit for cron to report.
            raise CommandError(f"{len(report.failed)} of {len(report.results)} key figures failed.")
