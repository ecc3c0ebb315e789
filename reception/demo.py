"""Demo follow-up reports for Stockholm county (01): several years, every state.

Idempotent: a (municipality, period) that already has a report is left alone.
Targets come from the agreements app's demo data; only when the county has no
agreements at all (the agreements demo is absent) a signed agreement per
municipality and year is made here, so the capacity pages have something to show.
"""

from __future__ import annotations

import datetime
import random

from django.test.utils import override_settings
from django.utils import timezone

from accounts.models import User
from agreements.models import Agreement, Target, TargetCategory, TargetRevision
from core.models import County, Municipality

from . import services
from .demo_time import REVIEWED_STATES, handed_in_at, reviewed_at
from .models import FollowUpReport, ReportFigure, ReportStatus
from .periods import periods_ensure

COUNTY = "01"
#: Status of the latest ended period, by municipality (cycled): every state is present.
LATEST_STATES = [
    ReportStatus.SUBMITTED,
    ReportStatus.RETURNED,
    ReportStatus.DRAFT,
    None,  # not started, overdue
    ReportStatus.APPROVED,
    ReportStatus.REOPENED,
]
#: The two demo reporters' municipalities go through the real services (audit trail, e-mails).
SERVICE_MUNICIPALITIES = {
    "0181": "sara.nystrom@sodertalje.example",
    "0126": "amir.haddad@huddinge.example",
}
STAFF_EMAIL = "elin.berggren@lansstyrelsen.example"


def _monthly(code: str) -> int:
    """A municipality's typical number of arrivals a month (targets and reports agree)."""
    return random.Random(f"monthly-{code}").choice([1, 2, 3, 5, 8])


def _targets(rng: random.Random, monthly: int) -> dict[str, int]:
    anvisade = max(0, monthly * 12 + rng.choice([-12, -6, 0, 6, 12]))
    return {
        "anvisade": anvisade,
        "kvotflyktingar": anvisade // 4,
        "ensamkommande": rng.choice([0, 2, 4, 6]),
        "massflykt": rng.choice([0, 10, 20, 40]),
    }


def _ensure_agreements(county: County, years: list[int], out) -> None:
    if Agreement.objects.filter(municipality__county=county).exists():
        return
    categories = {c.code: c for c in TargetCategory.objects.all()}
    made = 0
    for municipality in Municipality.objects.in_county(county):
        rng = random.Random(f"target-{municipality.code}")
        for year in years:
            agreement = Agreement.objects.create(
                municipality=municipality,
                year=year,
                status=Agreement.Status.SIGNED,
                valid_from=datetime.date(year, 1, 1),
                valid_to=datetime.date(year, 12, 31),
                signed_on=datetime.date(year - 1, 11, 15),
                notes="Demo (skapad av reception.demo eftersom inga överenskommelser fanns).",
            )
            targets = _targets(rng, _monthly(municipality.code))
            revision = TargetRevision.objects.create(
                agreement=agreement, effective_from=agreement.valid_from, reason="Kommuntal"
            )
            for code, places in targets.items():
                revision.targets.create(category=categories[code], places=places)
            if municipality.code == "0181" and year == years[-1]:
                amended = TargetRevision.objects.create(
                    agreement=agreement,
                    effective_from=datetime.date(year, 7, 1),
                    reason="Omfördelning inom länet efter överenskommelse med Huddinge.",
                )
                for code, places in targets.items():
                    extra = 12 if code == "anvisade" else 0
                    amended.targets.create(category=categories[code], places=places + extra)
            made += 1
    out.write(f"  reception: {made} demo agreements made (no agreements existed in county 01)")


def _yearly_targets(county: County, years: list[int]) -> dict[tuple[int, int], int]:
    """{(municipality id, year): settlement-quota places} from the demo agreements."""
    targets = Target.objects.current().filter(
        revision__agreement__municipality__county=county,
        revision__agreement__year__in=years,
        category__is_settlement_quota=True,
    )
    return {
        (t["revision__agreement__municipality_id"], t["revision__agreement__year"]): t["places"]
        for t in targets.values(
            "revision__agreement__municipality_id", "revision__agreement__year", "places"
        )
    }


def _monthly_arrivals(rng: random.Random, yearly_target: int) -> int:
    """A month's arrivals around an even share of the year's target (so fulfilment looks real)."""
    mean = yearly_target / 12 * rng.uniform(0.55, 1.2)
    whole = int(mean)
    return whole + (1 if rng.random() < mean - whole else 0)


def _figures(rng: random.Random, anvisade: int) -> dict[str, dict[str, int | None]]:
    children = rng.randint(0, anvisade // 2)
    women = rng.randint(0, anvisade - children)
    return {
        "anvisade": {
            "received": anvisade,
            "women": women,
            "men": anvisade - women,  # women + men = all received; children within them
            "children": children,
        },
        "kvotflyktingar": {"received": rng.randint(0, anvisade // 3)},
        "ensamkommande": {"received": rng.randint(0, 1)},
        "massflykt": {"received": rng.randint(0, 3)},
    }


def _state(index: int, period_index: int, ended: list) -> ReportStatus | None:
    if period_index == len(ended) - 1:
        return LATEST_STATES[index % len(LATEST_STATES)]
    if period_index == len(ended) - 2:
        return ReportStatus.APPROVED if index % 2 == 0 else ReportStatus.SUBMITTED
    if index % 7 == 3 and period_index == len(ended) - 4:
        return None  # an older overdue report that never came in
    return ReportStatus.APPROVED


def _via_services(
    municipality, period, state, figures, reporter, staff, n: int, now: datetime.datetime
) -> None:
    report = services.report_save_draft(
        municipality=municipality,
        period=period,
        user=reporter,
        figures=figures,
        self_settled=n % 4,
        comment="",
        version=0,
    )
    if state == ReportStatus.DRAFT:
        return
    report = services.report_submit(
        report=report, user=reporter, version=report.version, confirmed=True
    )
    # The workflow stamps "now"; a real reporter handed most of these in before the deadline.
    days_before = -3 if n % 5 == 0 else n % 7
    handed_in = handed_in_at(period, days_before, datetime.time(9, 30), now)
    FollowUpReport.objects.filter(pk=report.pk).update(submitted_at=handed_in)
    report.submitted_at = handed_in
    if state in (ReportStatus.APPROVED, ReportStatus.REOPENED):
        report = services.report_approve(report=report, user=staff, version=report.version)
    if state == ReportStatus.REOPENED:
        services.report_reopen(
            report=report,
            user=staff,
            version=report.version,
            reason="Migrationsverkets statistik visar två fler anvisade. Kontrollera och rätta.",
        )
    if state == ReportStatus.RETURNED:
        services.report_return(
            report=report,
            user=staff,
            version=report.version,
            message="Kvotflyktingarna saknas i rapporten. Fyll i dem och skicka in igen.",
        )


def seed(*, out, scale: str = "county") -> None:
    county = County.objects.get(code=COUNTY)
    now = timezone.now()
    today = timezone.localdate(now)
    years = [today.year - 2, today.year - 1, today.year]
    _ensure_agreements(county, years, out)
    yearly_targets = _yearly_targets(county, years)
    categories = {c.code: c for c in TargetCategory.objects.filter(active=True)}
    staff = User.objects.filter(email=STAFF_EMAIL).first()
    existing = set(
        FollowUpReport.objects.filter(municipality__county=county).values_list(
            "municipality_id", "period_id"
        )
    )
    bulk_reports: list[FollowUpReport] = []
    bulk_figures: dict[int, dict] = {}
    via_services = 0
    municipalities = list(Municipality.objects.in_county(county).order_by("code"))
    timeline = [p for year in years for p in periods_ensure(county=county, year=year)]
    ended = [p for p in timeline if p.end < today]
    current = next((p for p in timeline if p.start <= today <= p.end), None)
    reporters = {
        code: User.objects.filter(email=email).first()
        for code, email in SERVICE_MUNICIPALITIES.items()
    }
    with override_settings(EMAIL_BACKEND="django.core.mail.backends.locmem.EmailBackend"):
        for index, municipality in enumerate(municipalities):
            rng = random.Random(f"reports-{municipality.code}")
            monthly = _monthly(municipality.code)
            plan = [(p, _state(index, i, ended)) for i, p in enumerate(ended)]
            if current is not None and index % 3 == 0:
                plan.append((current, ReportStatus.DRAFT))
            reporter = reporters.get(municipality.code)
            for n, (period, state) in enumerate(plan):
                if state is None or (municipality.pk, period.pk) in existing:
                    continue
                yearly = yearly_targets.get((municipality.pk, period.year), monthly * 12)
                figures = _figures(rng, _monthly_arrivals(rng, yearly))
                # The demo reporters' last year goes through the workflow, so it has history.
                if reporter is not None and staff is not None and n >= len(plan) - 12:
                    _via_services(municipality, period, state, figures, reporter, staff, n, now)
                    via_services += 1
                    continue
                submitted_at = handed_in_at(period, rng.randint(0, 10), datetime.time(10, 0), now)
                report = FollowUpReport(
                    municipality=municipality,
                    period=period,
                    status=state,
                    self_settled=rng.randint(0, 4),
                    submitted_at=None if state == ReportStatus.DRAFT else submitted_at,
                    reviewed_at=(
                        reviewed_at(submitted_at, now) if state in REVIEWED_STATES else None
                    ),
                    review_message=(
                        "Kvinnor + män stämmer inte med de mottagna. Rätta och skicka igen."
                        if state in (ReportStatus.RETURNED, ReportStatus.REOPENED)
                        else ""
                    ),
                )
                bulk_reports.append(report)
                bulk_figures[id(report)] = figures
    FollowUpReport.objects.bulk_create(bulk_reports)
    ReportFigure.objects.bulk_create(
        ReportFigure(
            report=report,
            category=categories[code],
            received=values["received"],
            women=values.get("women"),
            men=values.get("men"),
            children=values.get("children"),
        )
        for report in bulk_reports
        for code, values in bulk_figures[id(report)].items()
        if code in categories
    )
    out.write(
        f"  reception: {len(bulk_reports) + via_services} reports made "
        f"({via_services} through the workflow with history), "
        f"{len(existing)} already there"
    )
    if scale == "national":
        from agreements.demo_national import national_years

        from .demo_national import seed_reports

        seed_reports(out=out, years=national_years(), today=today)
