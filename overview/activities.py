"""SFI and civic orientation on the county overview and the municipality page.

Figures come from :mod:`activities.figures` (the same sums as the
staff page of activity figures), counting **approved** activity reports; the
participants of reports that are submitted but not yet approved are shown
apart. The fill rate is the activities' own rule (participants of every
municipality together ÷ places, per period), averaged over the year's periods
with approved reports. A fixed number of queries, whatever the number of
municipalities, activities and periods.
"""

from __future__ import annotations

import datetime
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Q, Sum

from activities.figures import (
    APPROVED,
    KINDS,
    SUBMITTED,
    county_figures,
    fill_rate,
    fill_sums,
    year_fill,
)
from activities.models import Activity, ActivityKind, ActivityReport
from core.models import County, Municipality

#: The tables' names in URLs and export file names.
SLUGS = {ActivityKind.SFI: "sfi", ActivityKind.CIVIC: "samhallsorientering"}
COUNTS = ("women", "men", "first_time", "completed", "dropped")


@dataclass
class ActivityFigures:
    """Approved figures of one municipality (or the county) for one kind of activity."""

    activities: int = 0
    places: int = 0
    women: int = 0
    men: int = 0
    first_time: int = 0
    completed: int = 0
    dropped: int = 0
    #: Participants in submitted reports that wait for review (not in the figures above).
    submitted: int = 0
    #: Fill rate parts: participants of every municipality, places × reported periods.
    fill_participants: int = 0
    fill_places: int = 0

    @property
    def participants(self) -> int:
        return self.women + self.men

    @property
    def fill_rate(self) -> Decimal | None:
        return fill_rate(self.fill_participants, self.fill_places)

    def add_activity(self, places: int, fill: dict | None) -> None:
        self.activities += 1
        self.places += places
        if fill:
            self.fill_participants += fill["participants"]
            self.fill_places += places * fill["periods"]


@dataclass
class ActivityRow:
    municipality: Municipality
    figures: ActivityFigures


@dataclass
class KindTable:
    kind: str
    rows: list[ActivityRow]
    total: ActivityFigures

    @property
    def label(self) -> str:
        return str(ActivityKind(self.kind).label)

    @property
    def slug(self) -> str:
        return SLUGS[self.kind]


@dataclass
class ActivityOverview:
    county: County
    year: int
    tables: list[KindTable] = field(default_factory=list)

    @property
    def has_data(self) -> bool:
        return any(t.total.activities or t.total.participants or t.total.submitted for t in self)

    def __iter__(self):
        return iter(self.tables)

    def table(self, kind: str) -> KindTable:
        return next(t for t in self.tables if t.kind == kind)


def activity_overview(
    county: County, year: int, municipalities: list[Municipality] | None = None
) -> ActivityOverview:
    """Every municipality of the county (or those given, in name order), one table per kind.

    Five queries (four with ``municipalities``): the municipalities, the approved
    and the submitted sums, the activities serving the county's municipalities in
    the year and their fill over the year.
    """
    if municipalities is None:
        municipalities = list(Municipality.objects.in_county(county).order_by("name"))
    approved = county_figures(county, year, APPROVED, municipalities)
    waiting = county_figures(county, year, SUBMITTED, municipalities)
    links = Activity.municipalities.through.objects.filter(
        municipality__county=county,
        activity__kind__in=KINDS,
        activity__start__lte=datetime.date(year, 12, 31),
        activity__end__gte=datetime.date(year, 1, 1),
    )
    serving = list(
        links.values_list("municipality_id", "activity_id", "activity__kind", "activity__places")
    )
    # A subquery, not a list of ids: a county may have more activities than SQLite takes.
    fills = year_fill(links.values("activity_id"), year)
    per_row: dict[tuple[int, str], ActivityFigures] = defaultdict(ActivityFigures)
    totals = {kind: ActivityFigures() for kind in KINDS}
    counted: set[int] = set()
    for municipality_id, activity_id, kind, places in serving:
        per_row[(municipality_id, kind)].add_activity(places, fills.get(activity_id))
        if activity_id not in counted:  # a joint activity counts once for the county
            counted.add(activity_id)
            totals[kind].add_activity(places, fills.get(activity_id))
    tables = []
    for kind in KINDS:
        rows = []
        for row, waiting_row in zip(approved["rows"], waiting["rows"], strict=True):
            municipality = row["municipality"]
            figures = per_row[(municipality.pk, kind)]
            for name in COUNTS:
                setattr(figures, name, row[kind][name])
            figures.submitted = waiting_row[kind]["participants"]
            rows.append(ActivityRow(municipality, figures))
        total = totals[kind]
        for name in COUNTS:
            setattr(total, name, approved["totals"][kind][name])
        total.submitted = waiting["totals"][kind]["participants"]
        tables.append(KindTable(kind, rows, total))
    return ActivityOverview(county, year, tables)


@dataclass
class MunicipalityActivity:
    """An activity the municipality takes part in, with the municipality's figures of the year."""

    activity: Activity
    participants: int
    completed: int
    #: Participants in its submitted reports that wait for review.
    submitted: int
    fill_rate: Decimal | None


def municipality_activities(municipality: Municipality, year: int) -> list[MunicipalityActivity]:
    """Activities serving the municipality during the year, of every kind. Three queries."""
    activities = list(
        Activity.objects.filter(
            municipalities=municipality,
            start__lte=datetime.date(year, 12, 31),
            end__gte=datetime.date(year, 1, 1),
        )
        .select_related("organisation")
        .prefetch_related("languages")
        .order_by("start", "title")
    )
    # The municipality's own sums and every municipality's fill (year_fill's figures) in
    # one query over the activities' reports of the year (bench/README.md, round 4).
    own = Q(municipality=municipality)
    sums = {
        r["activity_id"]: r
        for r in ActivityReport.objects.filter(
            activity_id__in=[a.pk for a in activities], period__year=year
        )
        .order_by()
        .values("activity_id")
        .annotate(
            women_sum=Sum("women", filter=APPROVED & own, default=0),
            men_sum=Sum("men", filter=APPROVED & own, default=0),
            completed_sum=Sum("completed", filter=APPROVED & own, default=0),
            waiting_women=Sum("women", filter=SUBMITTED & own, default=0),
            waiting_men=Sum("men", filter=SUBMITTED & own, default=0),
            **fill_sums(APPROVED),
        )
    }
    lines = []
    for activity in activities:
        row = sums.get(activity.pk, {})
        periods = row.get("fill_periods", 0)
        lines.append(
            MunicipalityActivity(
                activity=activity,
                participants=row.get("women_sum", 0) + row.get("men_sum", 0),
                completed=row.get("completed_sum", 0),
                submitted=row.get("waiting_women", 0) + row.get("waiting_men", 0),
                # No approved report of any municipality: no fill (year_fill has no row).
                fill_rate=fill_rate(row["fill_participants"], activity.places * periods)
                if periods
                else None,
            )
        )
    return lines
