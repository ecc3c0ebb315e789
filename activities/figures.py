"""Read-side figures: fill rate per period and the county's SFI / civic-orientation table.

Each function runs a fixed number of grouped queries whatever the number of rows.
"""

from __future__ import annotations

from collections.abc import Iterable
from decimal import ROUND_HALF_UP, Decimal

from django.db.models import Count, F, Q, QuerySet, Sum

from activities.models import Activity, ActivityKind, ActivityReport
from core.models import County, Municipality
from reception.models import HANDED_IN, ReportStatus

COUNTED = Q(status__in=HANDED_IN)
APPROVED = Q(status=ReportStatus.APPROVED)
SUBMITTED = Q(status=ReportStatus.SUBMITTED)


def fill_rate(participants: int, places: int) -> Decimal | None:
    """Participants ÷ places in per cent, one decimal (half up); None without places."""
    if not places:
        return None
    return (Decimal(participants) * 100 / Decimal(places)).quantize(
        Decimal("0.1"), rounding=ROUND_HALF_UP
    )


def activity_fill_rates(activity: Activity) -> list[dict]:
    """Per reporting period with handed-in reports: participants of every municipality
    together, against the activity's places. One query."""
    rows = (
        ActivityReport.objects.filter(COUNTED, activity=activity)
        .values("period_id", "period__start", "period__year", "period__number")
        .annotate(
            women_sum=Sum("women"),
            men_sum=Sum("men"),
            first_time_sum=Sum("first_time"),
            completed_sum=Sum("completed"),
            dropped_sum=Sum("dropped"),
            reports=Count("pk"),
        )
        .order_by("period__start")
    )
    result = []
    for row in rows:
        participants = row["women_sum"] + row["men_sum"]
        result.append(
            {
                "start": row["period__start"],
                "women": row["women_sum"],
                "men": row["men_sum"],
                "participants": participants,
                "first_time": row["first_time_sum"],
                "completed": row["completed_sum"],
                "dropped": row["dropped_sum"],
                "reports": row["reports"],
                "places": activity.places,
                "fill_rate": fill_rate(participants, activity.places),
            }
        )
    return result


KINDS = (ActivityKind.SFI, ActivityKind.CIVIC)


def county_figures(
    county: County,
    year: int,
    counted: Q = COUNTED,
    municipalities: list[Municipality] | None = None,
) -> dict:
    """Per municipality of the county: handed-in SFI and civic-orientation figures of the year
    (or those of the reports ``counted`` picks, e.g. only approved ones).

    Two queries: the municipalities (unless given) and one grouped sum.
    """
    if municipalities is None:
        municipalities = list(Municipality.objects.in_county(county).order_by("name"))
    sums = (
        ActivityReport.objects.filter(
            counted,
            municipality__county=county,
            period__year=year,
            activity__kind__in=KINDS,
        )
        .values("municipality_id", kind=F("activity__kind"))
        .annotate(
            women_sum=Sum("women"),
            men_sum=Sum("men"),
            first_time_sum=Sum("first_time"),
            completed_sum=Sum("completed"),
            dropped_sum=Sum("dropped"),
        )
    )
    empty = {"women": 0, "men": 0, "first_time": 0, "completed": 0, "dropped": 0}
    by_key = {
        (s["municipality_id"], s["kind"]): {
            "women": s["women_sum"],
            "men": s["men_sum"],
            "first_time": s["first_time_sum"],
            "completed": s["completed_sum"],
            "dropped": s["dropped_sum"],
        }
        for s in sums
    }
    rows = []
    totals = {kind: dict(empty) for kind in KINDS}
    for municipality in municipalities:
        row = {"municipality": municipality}
        for kind in KINDS:
            values = by_key.get((municipality.pk, kind), dict(empty))
            values["participants"] = values["women"] + values["men"]
            row[kind] = values
            for key in empty:
                totals[kind][key] += values[key]
        rows.append(row)
    for kind in KINDS:
        totals[kind]["participants"] = totals[kind]["women"] + totals[kind]["men"]
    return {"rows": rows, "totals": totals}


def fill_sums(condition: Q | None = None) -> dict:
    """The two aggregates of a year's fill over activity reports (see :func:`year_fill`):
    the participants of every municipality together and the periods reported, counting
    only the reports that match ``condition`` (all of them when None)."""
    return {
        "fill_participants": Sum(F("women") + F("men"), filter=condition),
        "fill_periods": Count("period_id", distinct=True, filter=condition),
    }


def year_fill(activity_ids: Iterable[int] | QuerySet, year: int) -> dict[int, dict]:
    """Per activity, over the year's periods with approved reports: the participants of every
    municipality together and the number of such periods. One query.

    The year's fill rate of activities is ``fill_rate(participants, places × periods)``: the
    per-period rule of :func:`activity_fill_rates`, averaged over the reported periods.
    """
    rows = (
        ActivityReport.objects.filter(APPROVED, activity_id__in=activity_ids, period__year=year)
        .values("activity_id")
        .annotate(**fill_sums())
    )
    return {
        r["activity_id"]: {"participants": r["fill_participants"], "periods": r["fill_periods"]}
        for r in rows
    }
