"""Factories for follow-up reporting: agreements with targets, periods, reports."""

from __future__ import annotations

import datetime

from agreements.models import Agreement, TargetCategory, TargetRevision
from reception import services
from reception.periods import periods_ensure

YEAR = 2025
AFTER_YEAR = datetime.date(2026, 3, 1)


def make_agreement(
    municipality,
    year: int,
    places: dict[str, int],
    *,
    status: str = Agreement.Status.SIGNED,
    amendments: list[tuple[datetime.date, dict[str, int]]] = (),
) -> Agreement:
    agreement = Agreement.objects.create(
        municipality=municipality,
        year=year,
        status=status,
        valid_from=datetime.date(year, 1, 1),
        valid_to=datetime.date(year, 12, 31),
    )
    categories = {c.code: c for c in TargetCategory.objects.all()}
    for effective_from, figures in [(datetime.date(year, 1, 1), places), *amendments]:
        revision = TargetRevision.objects.create(
            agreement=agreement, effective_from=effective_from, reason="test"
        )
        for code, n in figures.items():
            revision.targets.create(category=categories[code], places=n)
    return agreement


def period_of(county, year: int, number: int):
    return periods_ensure(county=county, year=year)[number - 1]


def figures(anvisade: int = 0, kvot: int = 0, ensam: int = 0, mass: int = 0, **split):
    data = {
        "anvisade": {"received": anvisade},
        "kvotflyktingar": {"received": kvot},
        "ensamkommande": {"received": ensam},
        "massflykt": {"received": mass},
    }
    for key, value in split.items():
        part, code = key.split("_", 1)
        data[code][part] = value
    return data


def draft(municipality, period, user, *, version: int = 0, **counts):
    return services.report_save_draft(
        municipality=municipality,
        period=period,
        user=user,
        figures=figures(**counts),
        self_settled=None,
        comment="",
        version=version,
        today=AFTER_YEAR,
    )


def submitted(municipality, period, user, **counts):
    report = draft(municipality, period, user, **counts)
    return services.report_submit(
        report=report, user=user, version=report.version, confirmed=True, today=AFTER_YEAR
    )


def approved(municipality, period, reporter, staff, **counts):
    report = submitted(municipality, period, reporter, **counts)
    return services.report_approve(report=report, user=staff, version=report.version)
