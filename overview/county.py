"""The county overview and the municipality page: what every table and chart shows.

Reads only, built on :mod:`reception.capacity` (targets, received, pace) and
adding what the follow-up needs on top: report completeness and timeliness
per municipality and per period, the latest report status, reports waiting
for review and the cumulative series through the year. Figures are read
straight from the reports, so a submitted report shows at once. Every
function runs a fixed number of queries, whatever the number of
municipalities and periods.

Completeness, per municipality and period (DHIS2's terms, our rules):

* *on time*: handed in (submitted or approved) no later than the deadline;
* *late*: handed in after the deadline (the latest submission counts, so a
  returned report fixed after the deadline is late);
* *missing*: not handed in and the deadline has passed (drafts, returned and
  reopened reports included);
* *not due*: not handed in, deadline still ahead. Not expected yet.

*expected* = on time + late + missing; *submitted* = on time + late.
"""

from __future__ import annotations

import datetime
from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, fields
from decimal import ROUND_HALF_UP, Decimal

from django.core.cache import cache
from django.db.models import QuerySet, Sum
from django.db.models.functions import TruncDate
from django.utils.dates import MONTHS_3
from django.utils.translation import gettext_lazy as _

from agreements.models import Agreement, Target, TargetCategory
from core import dataversion
from core.models import County, Municipality
from core.pagecache import TIMEOUT
from reception.capacity import (
    Capacity,
    capacity_rows,
    capacity_total,
    received_in_report,
    year_progress,
)
from reception.models import (
    HANDED_IN,
    FollowUpReport,
    Frequency,
    ReportFigure,
    ReportingPeriod,
    ReportStatus,
)
from reception.periods import periods_stored

ON_TIME, LATE, MISSING, NOT_DUE = "on_time", "late", "missing", "not_due"
STATE_LABELS = {
    ON_TIME: _("I tid"),
    LATE: _("För sent"),
    MISSING: _("Saknas"),
    NOT_DUE: _("Inte förfallen än"),
}
PACE_ORDER = {"behind": 0, "on_track": 1, "above": 2, "no_target": 3}
STATUS_ORDER = {
    ReportStatus.NOT_STARTED: 0,
    ReportStatus.RETURNED: 1,
    ReportStatus.REOPENED: 2,
    ReportStatus.DRAFT: 3,
    ReportStatus.SUBMITTED: 4,
    ReportStatus.APPROVED: 5,
}


def percent(part: int, whole: int | None) -> Decimal | None:
    if not whole:
        return None
    value = Decimal(part * 100) / Decimal(whole)
    return value.quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)


def report_state(
    status: str, submitted_on: datetime.date | None, deadline: datetime.date, today: datetime.date
) -> str:
    if status in HANDED_IN:
        return LATE if submitted_on is not None and submitted_on > deadline else ON_TIME
    return MISSING if deadline < today else NOT_DUE


@dataclass
class Timeliness:
    on_time: int = 0
    late: int = 0
    missing: int = 0
    not_due: int = 0

    def add(self, state: str) -> None:
        setattr(self, state, getattr(self, state) + 1)

    def merge(self, other: Timeliness) -> None:
        for name in (ON_TIME, LATE, MISSING, NOT_DUE):
            setattr(self, name, getattr(self, name) + getattr(other, name))

    @property
    def submitted(self) -> int:
        return self.on_time + self.late

    @property
    def expected(self) -> int:
        return self.on_time + self.late + self.missing

    @property
    def on_time_share(self) -> Decimal | None:
        """On time as a percentage of expected (none when nothing is expected yet)."""
        return percent(self.on_time, self.expected)


@dataclass
class OverviewRow:
    municipality: Municipality
    capacity: Capacity
    #: Status of the report for the latest ended period (None: no period has ended).
    latest_status: str | None
    awaiting_review: int
    timeliness: Timeliness

    @property
    def overdue(self) -> int:
        return self.timeliness.missing

    @property
    def latest_status_label(self) -> str:
        return str(ReportStatus(self.latest_status).label) if self.latest_status else ""


@dataclass
class SeriesPoint:
    """One period of the year: received in it, cumulative, the even-pace target line."""

    period: ReportingPeriod
    short_label: str
    approved: int
    submitted: int
    #: None for periods that have not started yet.
    cumulative: int | None
    target_line: int | None
    timeliness: Timeliness
    #: Only on a single municipality's series: its report for the period.
    status: str | None = None
    state: str | None = None
    report_id: int | None = None
    submitted_on: datetime.date | None = None

    @property
    def received(self) -> int:
        return self.approved + self.submitted

    @property
    def status_label(self) -> str:
        return str(ReportStatus(self.status).label) if self.status else ""

    @property
    def state_label(self) -> str:
        return str(STATE_LABELS[self.state]) if self.state else ""


@dataclass
class Overview:
    county: County
    year: int
    category: TargetCategory
    today: datetime.date
    periods: list[ReportingPeriod]
    latest_period: ReportingPeriod | None
    #: Every municipality, in name order (views filter and sort a copy).
    all_rows: list[OverviewRow]
    total: Capacity
    timeliness: Timeliness
    series: list[SeriesPoint]
    has_reports: bool

    @property
    def has_data(self) -> bool:
        """False for a year without agreements in the category and without reports."""
        return self.has_reports or any(r.capacity.target is not None for r in self.all_rows)

    @property
    def awaiting_review(self) -> int:
        return sum(r.awaiting_review for r in self.all_rows)

    @property
    def overdue(self) -> int:
        return self.timeliness.missing

    @property
    def pace_counts(self) -> dict[str, int]:
        counts = dict.fromkeys(PACE_ORDER, 0)
        for row in self.all_rows:
            counts[row.capacity.status] += 1
        return counts


def short_label(period: ReportingPeriod) -> str:
    if period.frequency == Frequency.QUARTERLY:
        return f"K{period.number}"
    return str(MONTHS_3[period.number])


def year_periods(county: County, year: int, today: datetime.date) -> list[ReportingPeriod]:
    """The county's periods of the year that exist (a page never makes them)."""
    return periods_stored(county=county, year=year)


@dataclass(frozen=True)
class _Report:
    pk: int
    status: str
    submitted_on: datetime.date | None


def _reports(
    ids: list[int], periods: list[ReportingPeriod], category: TargetCategory
) -> tuple[dict[tuple[int, int], _Report], dict[tuple[int, int], dict[str, int]]]:
    """The reports of the periods, and what they received in the category: (reports by
    (municipality, period), {(municipality, period): {"approved": n, "submitted": n}}).

    One query: the category's received is a sum over each report's figures
    (:func:`reception.capacity.received_in_report`, the sum ``received_by_period`` makes
    per period) beside the report's own fields, instead of a second query over the same
    reports (bench/README.md, "Municipality page (round 4)").
    """
    # The local date of submission comes from the database (TruncDate in the current time
    # zone, the same date timezone.localdate gives): a date per row is cheaper to read
    # than an aware datetime converted in Python (bench/README.md, "Miss path").
    rows = (
        FollowUpReport.objects.filter(municipality_id__in=ids, period__in=[p.pk for p in periods])
        .order_by()
        .annotate(submitted_on=TruncDate("submitted_at"), received=received_in_report(category))
        .values_list("pk", "municipality_id", "period_id", "status", "submitted_on", "received")
    )
    reports = {}
    received: dict[tuple[int, int], dict[str, int]] = {}
    for pk, municipality_id, period_id, status, submitted_on, total in rows:
        key = (municipality_id, period_id)
        reports[key] = _Report(pk, status, submitted_on)
        if status in HANDED_IN:
            received[key] = {"approved": 0, "submitted": 0, status: total or 0}
    return reports, received


#: What a municipality's row keeps in the cache: its capacity but the two instances.
_ROW_FIELDS = tuple(f.name for f in fields(Capacity) if f.name not in ("municipality", "category"))


def _rows_by_municipality(
    county: County,
    municipalities: list[Municipality],
    year: int,
    today: datetime.date,
    category: TargetCategory,
    periods: list[ReportingPeriod],
) -> tuple[list[Capacity], dict, dict]:
    """Each municipality's capacity and reports (as :func:`capacity_rows` and
    :func:`_reports` read them), kept in the cache per municipality under its own version
    (``core.dataversion``: ``g``, the county's shared rows, ``m<code>``): after a report
    saved in the county, only that municipality's row is read again (bench/README.md,
    round 5). A row depends on the agreements, pace plans and periods (shared), the
    categories (``g``) and the municipality's own reports, and on the year, the day and
    the category, which key it."""
    scopes = dataversion.municipality_scopes(county.code, [m.code for m in municipalities])
    versions = dataversion.for_this_request(*scopes)
    base = f"{versions[scopes[0]]}.{versions[scopes[1]]}:{year}:{today.isoformat()}:{category.pk}"
    keys = {
        m.pk: f"overview-row:{m.pk}:{versions[dataversion.municipality_scope(m.code)]}.{base}"
        for m in municipalities
    }
    found = cache.get_many(list(keys.values()))
    missing = [m for m in municipalities if keys[m.pk] not in found]
    if missing:
        fresh_reports: dict[int, dict] = defaultdict(dict)
        fresh_received: dict[int, dict] = defaultdict(dict)
        if periods:
            read, received = _reports([m.pk for m in missing], periods, category)
            for (municipality_id, period_id), report in read.items():
                fresh_reports[municipality_id][period_id] = report
            for (municipality_id, period_id), got in received.items():
                fresh_received[municipality_id][period_id] = got
        fresh = {}
        for capacity in capacity_rows(
            municipalities=missing, year=year, on_date=today, categories=[category]
        ):
            pk = capacity.municipality.pk
            fresh[keys[pk]] = (
                {name: getattr(capacity, name) for name in _ROW_FIELDS},
                fresh_reports[pk],
                fresh_received[pk],
            )
        cache.set_many(fresh, TIMEOUT)
        found.update(fresh)
    capacities, reports, by_period = [], {}, {}
    for municipality in municipalities:
        row, its_reports, its_received = found[keys[municipality.pk]]
        capacities.append(Capacity(municipality=municipality, category=category, **row))
        for period_id, report in its_reports.items():
            reports[(municipality.pk, period_id)] = report
        for period_id, got in its_received.items():
            by_period[(municipality.pk, period_id)] = got
    return capacities, reports, by_period


def overview(
    *,
    county: County,
    year: int,
    category: TargetCategory,
    today: datetime.date,
    municipalities: QuerySet[Municipality] | None = None,
    capacities: list[Capacity] | None = None,
) -> Overview:
    """Every municipality of the county (or the ones given) for one category and year.

    ``capacities``: rows :func:`capacity_rows` has read already for the municipalities
    (the municipality page's table of every category); the category's rows are used and
    ``municipalities`` is not read."""
    periods = year_periods(county, year, today)
    if capacities is not None:
        capacities = [c for c in capacities if c.category.pk == category.pk]
        ids = [c.municipality.pk for c in capacities]
        reports, by_period = _reports(ids, periods, category) if periods else ({}, {})
    else:
        if municipalities is None:
            municipalities = Municipality.objects.in_county(county)
        capacities, reports, by_period = _rows_by_municipality(
            county, list(municipalities.order_by("name")), year, today, category, periods
        )
        ids = [c.municipality.pk for c in capacities]
    ended = [p for p in periods if p.end < today]
    latest = ended[-1] if ended else None
    single = len(ids) == 1

    per_period = {p.pk: Timeliness() for p in periods}
    rows = []
    for capacity in capacities:
        municipality = capacity.municipality
        timeliness = Timeliness()
        awaiting = 0
        for period in periods:
            report = reports.get((municipality.pk, period.pk))
            status = report.status if report else ReportStatus.NOT_STARTED
            state = report_state(
                status, report.submitted_on if report else None, period.deadline, today
            )
            timeliness.add(state)
            per_period[period.pk].add(state)
            awaiting += status == ReportStatus.SUBMITTED
        latest_report = reports.get((municipality.pk, latest.pk)) if latest else None
        rows.append(
            OverviewRow(
                municipality=municipality,
                capacity=capacity,
                latest_status=(latest_report.status if latest_report else ReportStatus.NOT_STARTED)
                if latest
                else None,
                awaiting_review=awaiting,
                timeliness=timeliness,
            )
        )
    total = capacity_total(capacities, category)
    overall = Timeliness()
    for t in per_period.values():
        overall.merge(t)

    series = []
    cumulative = 0
    year_days = year_progress(year, today)[1]
    for period in periods:
        approved = sum(by_period.get((m, period.pk), {}).get("approved", 0) for m in ids)
        submitted = sum(by_period.get((m, period.pk), {}).get("submitted", 0) for m in ids)
        cumulative += approved + submitted
        elapsed_at_end = year_progress(year, period.end)[0]
        point = SeriesPoint(
            period=period,
            short_label=short_label(period),
            approved=approved,
            submitted=submitted,
            cumulative=cumulative if period.start <= today else None,
            target_line=_line_at(capacities, total, year, period.end, elapsed_at_end, year_days),
            timeliness=per_period[period.pk],
        )
        if single:
            report = reports.get((ids[0], period.pk))
            point.status = report.status if report else ReportStatus.NOT_STARTED
            point.report_id = report.pk if report else None
            point.submitted_on = report.submitted_on if report else None
            point.state = report_state(point.status, point.submitted_on, period.deadline, today)
        series.append(point)
    return Overview(
        county=county,
        year=year,
        category=category,
        today=today,
        periods=periods,
        latest_period=latest,
        all_rows=rows,
        total=total,
        timeliness=overall,
        series=series,
        has_reports=bool(reports),
    )


def _line_at(capacities, total, year, on_date, elapsed, year_days) -> int | None:
    """The expected-pace line at a date: the even line of the total target, or where
    municipalities have pace plans, the sum of each one's own line."""
    if total.target is None:
        return None
    if total.planned is None:
        return total.target * elapsed // year_days
    return sum(c.expected_on(year, on_date) or 0 for c in capacities if c.target is not None)


# Sorting and filtering of the county table (server side, ?sort= / ?status= / ?lage=).


SORTS: dict[str, Callable[[OverviewRow], object]] = {
    "kommun": lambda r: r.municipality.name,
    "kod": lambda r: r.municipality.code,
    "mal": lambda r: r.capacity.target,
    "mottagna": lambda r: r.capacity.received,
    "kvar": lambda r: r.capacity.remaining,
    "uppfyllelse": lambda r: r.capacity.fulfilment,
    "lage": lambda r: PACE_ORDER[r.capacity.status],
    "status": lambda r: STATUS_ORDER.get(r.latest_status) if r.latest_status else None,
    "forsenade": lambda r: r.overdue,
    "granska": lambda r: r.awaiting_review,
}
SORT_CHOICES = [*SORTS, *[f"-{k}" for k in SORTS]]


def sort_rows(rows: Iterable[OverviewRow], sort: str) -> list[OverviewRow]:
    """Sorted by the key; rows without a value (no target...) always last; ties by name."""
    descending = sort.startswith("-")
    getter = SORTS.get(sort.lstrip("-"), SORTS["kommun"])
    by_name = sorted(rows, key=lambda r: r.municipality.name)
    present = [r for r in by_name if getter(r) is not None]
    absent = [r for r in by_name if getter(r) is None]
    return sorted(present, key=getter, reverse=descending) + absent


def filter_rows(
    rows: Iterable[OverviewRow], *, status: str = "", pace: str = ""
) -> list[OverviewRow]:
    return [
        r
        for r in rows
        if (not status or r.latest_status == status) and (not pace or r.capacity.status == pace)
    ]


# The municipality page: agreements and targets over the years.


@dataclass
class YearLine:
    agreement: Agreement
    #: Current places per category, in the order of the categories asked for.
    places: list[int | None]
    received: int
    target: int | None

    @property
    def fulfilment(self) -> Decimal | None:
        return percent(self.received, self.target)


def agreement_history(
    municipality: Municipality, categories: list[TargetCategory], category: TargetCategory
) -> list[YearLine]:
    """Each year's agreement with its current targets and what was received (three queries)."""
    agreements = list(Agreement.objects.filter(municipality=municipality).order_by("-year"))
    places: dict[int, dict[int, int]] = defaultdict(dict)
    for agreement_id, category_id, n in (
        Target.objects.current()
        .filter(revision__agreement__in=[a.pk for a in agreements])
        .values_list("revision__agreement_id", "category_id", "places")
    ):
        places[agreement_id][category_id] = n
    # A year's received: its own receptions less those credited to the year before, plus
    # the next year's credited to it (reception.capacity: the year of the anvisning counts).
    received: dict[int, int] = defaultdict(int)
    for year, total, previous in (
        ReportFigure.objects.filter(
            report__municipality=municipality,
            report__status__in=list(HANDED_IN),
            category=category,
        )
        .values("report__period__year")
        .annotate(total=Sum("received"), previous=Sum("previous_year"))
        .values_list("report__period__year", "total", "previous")
    ):
        received[year] += (total or 0) - (previous or 0)
        received[year - 1] += previous or 0
    lines = []
    for agreement in agreements:
        figures = places.get(agreement.pk, {})
        lines.append(
            YearLine(
                agreement=agreement,
                places=[figures.get(c.pk) for c in categories],
                received=received.get(agreement.year, 0),
                target=figures.get(category.pk)
                if agreement.status == Agreement.Status.SIGNED
                else None,
            )
        )
    return lines
