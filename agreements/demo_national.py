"""National demo agreements: every municipality of every county, ten years, in bulk.

Rows are made with ``bulk_create`` (no services, so no audit history for
them): the point is a data set the size of the whole country for load tests,
made in seconds. Figures are invented. Municipalities that already have an
agreement for a year (e.g. Stockholm county from the county demo) are left alone.
"""

from __future__ import annotations

import datetime
import random

from django.utils import timezone

from agreements.models import Agreement, CountyQuota, Target, TargetCategory
from core.models import County, Municipality

from .models import TargetRevision as Revision

BATCH = 2000


def national_years() -> range:
    """The ten years of the national data set, ending with the current year."""
    this_year = timezone.localdate().year
    return range(this_year - 9, this_year + 1)


def _status(year: int, code: str, this_year: int) -> tuple[str, datetime.date | None]:
    if year < this_year - 6:
        return Agreement.Status.TERMINATED, datetime.date(year - 1, 11, 20)
    if year < this_year:
        return Agreement.Status.SIGNED, datetime.date(year - 1, 11, 20)
    bucket = int(code) % 7
    if bucket == 0:
        return Agreement.Status.DRAFT, None
    if bucket == 1:
        return Agreement.Status.NEGOTIATION, None
    return Agreement.Status.SIGNED, datetime.date(year - 1, 11, 20)


def _places(code: str, year: int) -> dict[str, int]:
    rng = random.Random(f"national-{code}-{year}")
    anvisade = rng.choice([0, 6, 12, 18, 24, 36, 60, 96])
    figures = {"anvisade": anvisade, "kvotflyktingar": anvisade // 3}
    if year <= 2017:
        figures["ensamkommande"] = rng.choice([0, 2, 4, 8])
    if year >= 2022:
        figures["massflykt"] = rng.choice([0, 10, 20, 40])
    return figures


def seed_agreements(*, out, years: range, counties=None) -> None:
    """Agreements, target revisions (some amended mid-year), targets and county quotas."""
    counties = list(counties if counties is not None else County.objects.all())
    this_year = years[-1]
    categories = {c.code: c for c in TargetCategory.objects.all()}
    existing = set(
        Agreement.objects.filter(municipality__county__in=counties).values_list(
            "municipality_id", "year"
        )
    )
    municipalities = list(Municipality.objects.filter(county__in=counties).order_by("code"))
    agreements: list[Agreement] = []
    for municipality in municipalities:
        for year in years:
            if (municipality.pk, year) in existing:
                continue
            status, signed_on = _status(year, municipality.code, this_year)
            agreements.append(
                Agreement(
                    municipality=municipality,
                    year=year,
                    case_number=f"851-{int(municipality.code) * 7 + year % 100:05d}-{year - 1}",
                    status=status,
                    signed_on=signed_on,
                    valid_from=datetime.date(year, 1, 1),
                    valid_to=datetime.date(year, 12, 31),
                )
            )
    Agreement.objects.bulk_create(agreements, batch_size=BATCH)

    revisions: list[tuple[Revision, dict[str, int]]] = []
    for agreement in agreements:
        code = agreement.municipality.code
        places = _places(code, agreement.year)
        revisions.append(
            (
                Revision(
                    agreement=agreement,
                    effective_from=agreement.valid_from,
                    reason="Kommuntal (demo)",
                ),
                places,
            )
        )
        # Every ninth agreement from 2020 on was amended in the summer.
        if agreement.year >= 2020 and int(code) % 9 == agreement.year % 9:
            amended = dict(places, anvisade=places["anvisade"] + 6)
            amended["kvotflyktingar"] = amended["anvisade"] // 3
            revisions.append(
                (
                    Revision(
                        agreement=agreement,
                        effective_from=datetime.date(agreement.year, 7, 1),
                        reason="Byte av platser med en annan kommun i länet (demo).",
                    ),
                    amended,
                )
            )
    Revision.objects.bulk_create([r for r, _ in revisions], batch_size=BATCH)
    targets = [
        Target(revision=revision, category=categories[code], places=n)
        for revision, places in revisions
        for code, n in places.items()
    ]
    Target.objects.bulk_create(targets, batch_size=BATCH)

    settlement = next(c for c in categories.values() if c.is_settlement_quota)
    have_quota = set(
        CountyQuota.objects.filter(category=settlement).values_list("county_id", "year")
    )
    totals: dict[tuple[int, int], int] = {}
    for revision, places in revisions:
        if revision.effective_from.month == 1:
            key = (revision.agreement.municipality.county_id, revision.agreement.year)
            totals[key] = totals.get(key, 0) + places["anvisade"]
    quotas = [
        CountyQuota(
            county_id=county_id,
            year=year,
            category=settlement,
            places=total,
            effective_from=datetime.date(year, 1, 1),
            decision_reference=f"Förordning om länstal för {year} (demo)",
            decision_date=datetime.date(year - 1, 10, 15),
        )
        for (county_id, year), total in sorted(totals.items())
        if (county_id, year) not in have_quota
    ]
    CountyQuota.objects.bulk_create(quotas, batch_size=BATCH)
    out.write(
        f"  agreements (national): {len(agreements)} agreements, {len(revisions)} target "
        f"revisions, {len(targets)} targets, {len(quotas)} county quotas"
    )
