"""Load the two surveys' ready-made question sets (national, version 1) for a year."""

from __future__ import annotations

from django.core.management.base import BaseCommand

from core import clock
from surveys.models import SurveyKind
from surveys.services import survey_seed


class Command(BaseCommand):
    help = "Lägger in SO-enkäten och Lägesbild som nationella enkäter för ett år."

    def add_arguments(self, parser) -> None:
        parser.add_argument("--year", type=int, default=None)

    def handle(self, *args, year: int | None = None, **options) -> None:
        year = year or clock.today().year
        for kind in SurveyKind.values:
            survey = survey_seed(kind=kind, year=year)
            self.stdout.write(f"{survey.title} {survey.year} (version {survey.version})")
