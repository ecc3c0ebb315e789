"""Agreed capacity against what was received: target, received, remaining, pace.

Reads only. Targets come from *signed* agreements of the year; when an
agreement was amended, the revision in force on the date asked about counts
(before the first revision takes effect, the first one). Received figures come
from submitted and approved reports, shown apart. Every function runs a fixed
number of queries whatever the number of municipalities.

The settlement year of a received person is the year of their anvisning, not of the
day they were received: of the people a report for January–February of year N+1
says were received, ``ReportFigure.previous_year`` count against year N's kommuntal.
So year N's "received" is its own periods' figures less what they credit to N-1, plus
what N+1's periods credit to N (``Capacity.late``, shown apart on the overview). This
module is the one place that adds receptions up; every page and export reads it.
"""

from __future__ import annotations

import calendar
import datetime
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from django.core.cache import cache
from django.db.models import F, Q, QuerySet, Sum
from django.utils.translation import gettext_lazy as _

from agreements.models import Agreement, PacePlan, Target, TargetCategory, TargetRevision
from core import dataversion
from core.models import Municipality

from .models import ReportFigure, ReportStatus

STATUS_LABELS = {
    "on_track": _("Enligt plan"),
    "behind": _("Efter plan"),
    "above": _("Över målet"),
    "no_target": _("Inget mål"),
}


def planned_by(months: list[int], year: int, on_date: datetime.date) -> int:
    """A pace plan's receptions by the date: the months before it in full, and the
    month's own count by the share of its days passed (rounded down)."""
    if on_date < datetime.date(year, 1, 1):
        return 0
    if on_date > datetime.date(year, 12, 31):
        return sum(months)
    days = calendar.monthrange(year, on_date.month)[1]
    return sum(months[: on_date.month - 1]) + months[on_date.month - 1] * on_date.day // days


def pace_plans(municipalities: Iterable[int], year: int) -> dict[int, list[int]]:
    """{municipality id: twelve planned counts} of the year's pace plans (one query)."""
    return dict(
        PacePlan.objects.filter(municipality_id__in=list(municipalities), year=year)
        .order_by()
        .values_list("municipality_id", "months")
    )


def year_progress(year: int, on_date: datetime.date) -> tuple[int, int]:
    """(days elapsed including on_date, days in the year), clamped to the year."""
    first = datetime.date(year, 1, 1)
    last = datetime.date(year, 12, 31)
    days = (last - first).days + 1
    if on_date < first:
        return 0, days
    if on_date > last:
        return days, days
    return (on_date - first).days + 1, days


@dataclass
class Capacity:
    municipality: Municipality | None
    category: TargetCategory
    target: int | None
    approved: int
    submitted: int
    elapsed_days: int
    year_days: int
    #: For totals: the sum of each municipality's remaining (one above its
    #: target does not reduce what the others still have to receive).
    remaining_sum: int | None = None
    #: Of the received, people received early the next year under this year's kommuntal.
    late: int = 0
    #: Received this year but credited to last year's kommuntal (not in ``received``).
    credited_to_previous: int = 0
    #: Where the municipality has a pace plan (kommuntal only): the planned receptions by
    #: the date, which then replace the even line; the plan's year total beside it.
    planned: int | None = None
    plan_total: int | None = None
    plan_months: list[int] | None = None

    def expected_on(self, year: int, on_date: datetime.date) -> int | None:
        """The expected-pace line on another date of the year (the chart's points)."""
        if self.target is None:
            return None
        if self.plan_months:
            return planned_by(self.plan_months, year, on_date)
        return self.target * year_progress(year, on_date)[0] // self.year_days

    @property
    def received(self) -> int:
        return self.approved + self.submitted

    @property
    def remaining(self) -> int | None:
        if self.remaining_sum is not None:
            return self.remaining_sum
        if self.target is None:
            return None
        return max(self.target - self.received, 0)

    @property
    def fulfilment(self) -> Decimal | None:
        """Received as a percentage of the target, one decimal; none for target 0."""
        if not self.target:
            return None
        value = Decimal(self.received * 100) / Decimal(self.target)
        return value.quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)

    @property
    def expected(self) -> int | None:
        """What the pace plan gives by the date, or where there is none, what an even pace
        through the year would have given (rounded down)."""
        if self.target is None:
            return None
        if self.planned is not None:
            return self.planned
        return self.target * self.elapsed_days // self.year_days

    @property
    def follows_plan(self) -> bool:
        return self.target is not None and self.planned is not None

    @property
    def status(self) -> str:
        if self.target is None:
            return "no_target"
        if self.received > self.target:
            return "above"
        if self.received >= (self.expected or 0):
            return "on_track"
        return "behind"

    @property
    def status_label(self) -> str:
        return str(STATUS_LABELS[self.status])


def targets_for_year(
    municipalities: QuerySet[Municipality] | Iterable[int], year: int, on_date: datetime.date
) -> dict[tuple[int, int], int]:
    """{(municipality id, category id): places} from signed agreements of the year.

    Two flat ``values_list`` queries (revisions, then their targets) and no model
    instances: with prefetched instances this was most of the capacity page's CPU
    time for a county of 49 municipalities (bench/README.md, "Findings").
    """
    signed = {
        "agreement__municipality__in": municipalities,
        "agreement__year": year,
        "agreement__status": Agreement.Status.SIGNED,
    }
    by_agreement: dict[int, list[tuple[datetime.date, int, int]]] = defaultdict(list)
    for revision_id, agreement_id, municipality_id, effective_from in (
        TargetRevision.objects.filter(**signed)
        .order_by()
        .values_list("id", "agreement_id", "agreement__municipality_id", "effective_from")
    ):
        by_agreement[agreement_id].append((effective_from, revision_id, municipality_id))
    in_force: dict[int, int] = {}  # revision id -> municipality id
    for revisions in by_agreement.values():
        revisions.sort()
        current = [r for r in revisions if r[0] <= on_date] or revisions[:1]
        in_force[current[-1][1]] = current[-1][2]
    found: dict[tuple[int, int], int] = {}
    targets = (
        Target.objects.filter(revision_id__in=list(in_force))
        .order_by()
        .values_list("revision_id", "category_id", "places")
    )
    for revision_id, category_id, places in targets:
        found[(in_force[revision_id], category_id)] = places
    return found


def _received(
    municipalities: QuerySet[Municipality] | Iterable[int],
    year: int,
    exclude_report_id: int | None = None,
) -> tuple[dict[tuple[int, int], dict[str, int]], dict[tuple[int, int], dict[str, int]]]:
    """(attributed, extra) in one query: attributed[(municipality, category)] is
    {"approved": n, "submitted": n} counted against ``year``'s kommuntal; extra holds
    {"late": n, "credited_to_previous": n} for the same keys."""
    figures = ReportFigure.objects.filter(
        report__municipality__in=municipalities,
        report__period__year__in=[year, year + 1],
        report__status__in=[ReportStatus.APPROVED, ReportStatus.SUBMITTED],
    )
    if exclude_report_id is not None:
        figures = figures.exclude(report_id=exclude_report_id)
    rows = figures.values(
        "report__municipality_id", "category_id", "report__status", "report__period__year"
    ).annotate(total=Sum("received"), previous=Sum("previous_year"))
    attributed: dict[tuple[int, int], dict[str, int]] = defaultdict(
        lambda: {"approved": 0, "submitted": 0}
    )
    extra: dict[tuple[int, int], dict[str, int]] = defaultdict(
        lambda: {"late": 0, "credited_to_previous": 0}
    )
    for row in rows:
        key = (row["report__municipality_id"], row["category_id"])
        previous = row["previous"] or 0
        if row["report__period__year"] == year:
            attributed[key][row["report__status"]] += (row["total"] or 0) - previous
            extra[key]["credited_to_previous"] += previous
        elif previous:
            attributed[key][row["report__status"]] += previous
            extra[key]["late"] += previous
    return attributed, extra


def received_for_year(
    municipalities: QuerySet[Municipality] | Iterable[int],
    year: int,
    *,
    exclude_report_id: int | None = None,
) -> dict[tuple[int, int], dict[str, int]]:
    """{(municipality id, category id): {"approved": n, "submitted": n}} counted against the
    year's kommuntal: the year's own receptions less those credited to the year before, plus
    next year's receptions credited to this one."""
    return _received(municipalities, year, exclude_report_id)[0]


def received_by_period(
    municipalities: QuerySet[Municipality] | Iterable[int],
    year: int,
    category: TargetCategory,
) -> dict[tuple[int, int], dict[str, int]]:
    """{(municipality id, period id): {"approved": n, "submitted": n}} for one category.

    One query for any number of municipalities and periods (monthly series). A period's
    figure leaves out what it credits to last year's kommuntal; next year's receptions
    credited to this year have no period of this year (``Capacity.late`` carries them).
    """
    rows = (
        ReportFigure.objects.filter(
            report__municipality__in=municipalities,
            report__period__year=year,
            report__status__in=[ReportStatus.APPROVED, ReportStatus.SUBMITTED],
            category=category,
        )
        .values("report__municipality_id", "report__period_id", "report__status")
        .annotate(total=Sum(F("received") - F("previous_year")))
    )
    found: dict[tuple[int, int], dict[str, int]] = defaultdict(
        lambda: {"approved": 0, "submitted": 0}
    )
    for row in rows:
        key = (row["report__municipality_id"], row["report__period_id"])
        found[key][row["report__status"]] += row["total"] or 0
    return found


def received_in_report(category: TargetCategory) -> Sum:
    """An annotation on follow-up reports: the report's received in one category, less what
    it credits to last year's kommuntal (the sum :func:`received_by_period` makes; None for
    a report without a figure in the category). The overview reads it beside the reports'
    own fields in one query."""
    return Sum(
        F("figures__received") - F("figures__previous_year"), filter=Q(figures__category=category)
    )


def active_categories() -> list[TargetCategory]:
    """The active categories, kept in the cache under the data version (they seldom change;
    a report save reads them twice). Outside a request they are read from the database."""
    if not dataversion.in_request():
        return list(TargetCategory.objects.filter(active=True).select_related("parent"))
    key = f"active-categories:{dataversion.token(dataversion.GLOBAL)}"
    categories = cache.get(key)
    if categories is None:
        categories = list(TargetCategory.objects.filter(active=True).select_related("parent"))
        cache.set(key, categories, 10 * 60)
    return categories


def capacity_rows(
    *,
    municipalities: QuerySet[Municipality] | list[Municipality],
    year: int,
    on_date: datetime.date,
    categories: list[TargetCategory],
) -> list[Capacity]:
    """One row per municipality and category, municipalities in name order (a list is
    taken in its own order: a caller that has read them already saves the query)."""
    if isinstance(municipalities, QuerySet):
        munis = list(municipalities.order_by("name"))
    else:
        munis = municipalities
    ids = [m.pk for m in munis]
    targets = targets_for_year(ids, year, on_date)
    received, extra = _received(ids, year)
    elapsed, days = year_progress(year, on_date)
    plans = pace_plans(ids, year) if any(c.is_settlement_quota for c in categories) else {}
    rows = []
    for municipality in munis:
        for category in categories:
            key = (municipality.pk, category.pk)
            got = received.get(key, {"approved": 0, "submitted": 0})
            more = extra.get(key, {"late": 0, "credited_to_previous": 0})
            plan = plans.get(municipality.pk) if category.is_settlement_quota else None
            rows.append(
                Capacity(
                    municipality=municipality,
                    category=category,
                    target=targets.get(key),
                    approved=got["approved"],
                    submitted=got["submitted"],
                    elapsed_days=elapsed,
                    year_days=days,
                    late=more["late"],
                    credited_to_previous=more["credited_to_previous"],
                    planned=planned_by(plan, year, on_date) if plan else None,
                    plan_total=sum(plan) if plan else None,
                    plan_months=plan or None,
                )
            )
    return rows


def capacity_total(rows: list[Capacity], category: TargetCategory) -> Capacity:
    """The county line: sums; a municipality without target adds nothing to the target."""
    with_target = [r for r in rows if r.target is not None]
    total = Capacity(
        municipality=None,
        category=category,
        target=sum(r.target for r in with_target) if with_target else None,
        approved=sum(r.approved for r in rows),
        submitted=sum(r.submitted for r in rows),
        elapsed_days=rows[0].elapsed_days if rows else 0,
        year_days=rows[0].year_days if rows else 365,
        remaining_sum=sum(r.remaining for r in with_target) if with_target else None,
        late=sum(r.late for r in rows),
        credited_to_previous=sum(r.credited_to_previous for r in rows),
    )
    if any(r.follows_plan for r in with_target):
        # The county's expected pace: each municipality's own (plan or even line).
        total.planned = sum(r.expected or 0 for r in with_target)
    return total


def municipality_capacity(
    municipality: Municipality, year: int, on_date: datetime.date
) -> list[Capacity]:
    """Every active category for one municipality (for start pages and agreement pages)."""
    return capacity_rows(
        municipalities=Municipality.objects.filter(pk=municipality.pk),
        year=year,
        on_date=on_date,
        categories=active_categories(),
    )
