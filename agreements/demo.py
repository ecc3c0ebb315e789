"""Demo agreements and quotas for Stockholm county (01), 2017–2027.

County quotas 2017–2020 and 2022–2025 are the real figures in
``data/settlement_quotas.csv``, with the real mid-year revisions of
``data/quota_revisions.csv`` as later decisions: 2017 (8 781 → 6 904 from 9 March,
SFS 2017:27) and 2024 (from 1 July, SFS 2024:480). Stockholm's revised 2024 länstal
is not verified: the demo's figure is the national change applied to the county's
share (524 × 18 800 / 2 800 = 3 518) and says so in the decision's notes. **2021,
2026 and 2027 are invented** (the file has no figure for them). Each revision is
followed by a kommuntal decision from the same date that shares the new figure out.
Municipal figures and kommuntal decisions are invented: the county quota is split
roughly by population (largest remainder, so they add up exactly),
quota refugees are about a third, unaccompanied minors appear only in 2017
(the agreements ran until July 2017) and temporary protection from 2022.
Safe to run again: existing agreements and quotas are left as they are.
"""

from __future__ import annotations

import csv
import datetime
from dataclasses import dataclass
from pathlib import Path

from accounts.models import User
from agreements.models import (
    Agreement,
    CountyQuota,
    MunicipalQuotaDecision,
    QuotaDecisionStatus,
    TargetCategory,
    TargetRevision,
)
from core.models import County, Municipality

from . import services

DATA = Path(__file__).parent / "data" / "settlement_quotas.csv"
REVISIONS = Path(__file__).parent / "data" / "quota_revisions.csv"

#: Invented county quotas for the years the data file lacks.
INVENTED_QUOTAS = {2021: 1900, 2026: 360, 2027: 300}


@dataclass(frozen=True)
class Revision:
    year: int
    effective_from: datetime.date
    before: int
    after: int
    reference: str
    estimated: bool


def quota_revisions() -> list[Revision]:
    """Stockholm's mid-year länstal revisions; a missing county figure is estimated from
    the national change (flagged, never passed off as the real one)."""
    found = []
    with REVISIONS.open(encoding="utf-8") as handle:
        for row in csv.DictReader(handle):
            before = int(row["stockholm_before"])
            estimated = not row["stockholm_after"]
            after = (
                round(before * int(row["national_after"]) / int(row["national_before"]))
                if estimated
                else int(row["stockholm_after"])
            )
            found.append(
                Revision(
                    year=int(row["year"]),
                    effective_from=datetime.date.fromisoformat(row["effective_from"]),
                    before=before,
                    after=after,
                    reference=row["source"].split(" (")[0],
                    estimated=estimated,
                )
            )
    return found


#: Rough population in thousands: only used to share the county quota out.
WEIGHTS = {
    "0114": 48, "0115": 35, "0117": 47, "0120": 47, "0123": 84, "0125": 29, "0126": 115,
    "0127": 97, "0128": 17, "0136": 97, "0138": 48, "0139": 30, "0140": 11, "0160": 74,
    "0162": 33, "0163": 75, "0180": 985, "0181": 101, "0182": 108, "0183": 54, "0184": 85,
    "0186": 48, "0187": 12, "0188": 63, "0191": 50, "0192": 29,
}  # fmt: skip

YEARS = range(2017, 2028)

#: (year, from code, to code, places, date): municipalities trading places during a year.
AMENDMENTS = [
    (2024, "0180", "0181", 6, datetime.date(2024, 6, 1)),
    (2024, "0182", "0126", 3, datetime.date(2024, 9, 1)),
    (2025, "0180", "0127", 4, datetime.date(2025, 4, 1)),
]


def county_quotas() -> dict[int, int]:
    """The first länstal decision of each year (before any revision)."""
    quotas = dict(INVENTED_QUOTAS)
    with DATA.open(encoding="utf-8") as handle:
        for row in csv.DictReader(handle):
            quotas[int(row["year"])] = int(row["stockholm_county_quota"])
    for revision in quota_revisions():
        quotas[revision.year] = revision.before
    return quotas


def share_out(total: int, weights: dict[str, int]) -> dict[str, int]:
    """Split ``total`` by weight; whole numbers that add up exactly (largest remainder)."""
    whole = sum(weights.values())
    exact = {code: total * w / whole for code, w in weights.items()}
    result = {code: int(value) for code, value in exact.items()}
    left = total - sum(result.values())
    for code in sorted(exact, key=lambda c: exact[c] - result[c], reverse=True)[:left]:
        result[code] += 1
    return result


def _status(year: int, code: str) -> tuple[str, datetime.date | None]:
    if year <= 2019:
        return Agreement.Status.TERMINATED, datetime.date(year - 1, 11, 20)
    if year <= 2026:
        return Agreement.Status.SIGNED, datetime.date(year - 1, 11, 20)
    # The coming year (2027): most signed, some still being negotiated or drafted.
    bucket = int(code) % 5
    if bucket == 0:
        return Agreement.Status.DRAFT, None
    if bucket == 1:
        return Agreement.Status.NEGOTIATION, None
    return Agreement.Status.SIGNED, datetime.date(year - 1, 11, 20)


def _seed_county(
    county: County, quotas: dict[int, int], weights: dict[str, int], user, revised: set[int]
) -> int:
    categories = {c.code: c for c in TargetCategory.objects.all()}
    municipalities = {m.code: m for m in Municipality.objects.filter(county=county)}
    existing = set(
        Agreement.objects.filter(municipality__county=county).values_list(
            "municipality__code", "year"
        )
    )
    created = 0
    for year, quota in sorted(quotas.items()):
        if not county.quotas.filter(year=year).exists():
            services.county_quota_set(
                county=county,
                year=year,
                places=quota,
                decision_reference=f"Förordning om länstal för {year} (demo)",
                decision_date=datetime.date(year - 1, 10, 15),
                user=user,
                expected_version=0,
            )
        shares = share_out(quota, {c: w for c, w in weights.items() if c in municipalities})
        for code, places in shares.items():
            if (code, year) in existing:
                continue
            figures = {categories["anvisade"]: places, categories["kvotflyktingar"]: places // 3}
            if year == 2017:
                figures[categories["ensamkommande"]] = max(1, places // 10)
            if year >= 2022:
                figures[categories["massflykt"]] = places * 2
            status, signed_on = _status(year, code)
            if year in revised:  # signed until the revision is in; ended afterwards
                status = Agreement.Status.SIGNED
            services.agreement_create(
                municipality=municipalities[code],
                year=year,
                user=user,
                places_by_category=figures,
                case_number=f"851-{int(code) * 7 + year % 100:05d}-{year - 1}",
                status=status,
                signed_on=signed_on,
                valid_to=datetime.date(year, 6, 30) if year == 2017 and code == "0140" else None,
                notes="",
            )
            created += 1
    return created


def _revise(county: County, revision: Revision, weights: dict[str, int], user) -> int:
    """The government's revision, then the county board's kommuntal decision from the
    same date sharing the new länstal out."""
    if MunicipalQuotaDecision.objects.filter(
        county=county, year=revision.year, effective_from=revision.effective_from
    ).exists():
        return 0
    decisions = CountyQuota.objects.settlement().filter(county=county, year=revision.year)
    if not decisions.filter(effective_from=revision.effective_from).exists():
        note = (
            "Demo: Stockholms reviderade länstal är inte verifierat; siffran är riksdelens "
            "förändring tillämpad på länets andel."
            if revision.estimated
            else ""
        )
        services.county_quota_set(
            county=county,
            year=revision.year,
            places=revision.after,
            decision_reference=revision.reference,
            decision_date=None,  # not in the data file; left blank rather than invented
            effective_from=revision.effective_from,
            notes=note,
            user=user,
            expected_version=decisions.order_by("-effective_from", "-id").first().version,
            reason="Regeringen ändrade länstalet under året.",
            confirm_below=True,
        )
    municipalities = {m.code: m for m in Municipality.objects.filter(county=county)}
    shares = share_out(revision.after, {c: w for c, w in weights.items() if c in municipalities})
    services.allocation_save(
        county=county,
        year=revision.year,
        places_by_municipality={municipalities[c]: n for c, n in shares.items()},
        effective_from=revision.effective_from,
        reason=f"Nytt länstal från {revision.effective_from.isoformat()} ({revision.reference}).",
        user=user,
        decision_reference=f"851-{revision.year % 100:02d}0{revision.effective_from.month:02d}-"
        f"{revision.year}",
        decision_date=revision.effective_from - datetime.timedelta(days=7),
    )
    return 1


def _publish_and_close(county: County, user) -> None:
    """Every demo kommuntal decision is published; ended years' agreements are closed."""
    for decision in MunicipalQuotaDecision.objects.filter(county=county).exclude(
        status=QuotaDecisionStatus.PUBLISHED
    ):
        services.kommuntal_decision_publish(decision=decision, user=user)
    for agreement in Agreement.objects.filter(
        municipality__county=county, status=Agreement.Status.SIGNED
    ).select_related("municipality"):
        status, _signed = _status(agreement.year, agreement.municipality.code)
        if status == Agreement.Status.TERMINATED:
            services.agreement_change_status(
                agreement=agreement,
                status=status,
                user=user,
                expected_version=agreement.version,
                reason="Året är slut.",
            )


def _first_decisions(county: County, user) -> None:
    """The 15 November kommuntal decision of each year, recorded for the demo's agreements."""
    for year in YEARS:
        if MunicipalQuotaDecision.objects.filter(county=county, year=year).exists():
            continue
        revisions = TargetRevision.objects.filter(
            agreement__municipality__county=county,
            agreement__year=year,
            effective_from=datetime.date(year, 1, 1),
            decision__isnull=True,
        )
        if not revisions.exists():
            continue
        decision = MunicipalQuotaDecision.objects.create(
            county=county,
            year=year,
            reference=f"851-{year % 100:02d}011-{year - 1}",
            decision_date=datetime.date(year - 1, 11, 14),
            effective_from=datetime.date(year, 1, 1),
            reason="Länsstyrelsens beslut om kommuntal.",
            decided_by=user,
        )
        revisions.update(decision=decision)


def _amend(user, *, before: datetime.date | None = None, after: datetime.date | None = None) -> int:
    category = TargetCategory.objects.get(code="anvisade")
    made = 0
    for year, giver, taker, places, when in AMENDMENTS:
        if (before and when >= before) or (after and when < after):
            continue
        for code, delta in ((giver, -places), (taker, places)):
            agreement = Agreement.objects.get(municipality__code=code, year=year)
            if agreement.revisions.filter(effective_from=when).exists():
                continue
            current = {t.category: t.places for t in services.current_targets(agreement)}
            services.agreement_amend(
                agreement=agreement,
                effective_from=when,
                places_by_category={category: max(current.get(category, 0) + delta, 0)},
                reason=(
                    "Byte av platser mellan kommunerna i länet enligt överenskommelse; "
                    "länets summa är oförändrad."
                ),
                user=user,
                expected_version=agreement.version,
            )
            made += 1
    return made


def seed(*, out, scale: str = "county") -> None:
    user = User.objects.filter(email="elin.berggren@lansstyrelsen.example").first()
    stockholm = County.objects.get(code="01")
    revisions = quota_revisions()
    revised = {r.year for r in revisions}
    created = _seed_county(stockholm, county_quotas(), WEIGHTS, user, revised)
    _first_decisions(stockholm, user)
    amended = 0
    start = None
    for revision in sorted(revisions, key=lambda r: r.effective_from):
        amended += _amend(user, before=revision.effective_from, after=start)
        amended += _revise(stockholm, revision, WEIGHTS, user)
        start = revision.effective_from
    amended += _amend(user, after=start)
    _publish_and_close(stockholm, user)
    if scale == "national":
        from .demo_national import national_years, seed_agreements

        seed_agreements(out=out, years=national_years())
    out.write(
        f"Agreements: {created} created, {amended} amendments, "
        f"{Agreement.objects.count()} in total."
    )
