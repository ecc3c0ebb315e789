"""The work dashboard staff land on after signing in: what waits for them, per county.

One read model for a county's staff (one county) and for the system administrator
(every county at a glance). Each figure is one grouped query over all the counties
asked about, so the number of queries is the same for 1 county or 21, and for 1
municipality or 290.
"""

from __future__ import annotations

import datetime
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field

from django.db.models import Count, Min, OuterRef, Q, Subquery, Sum
from django.utils import timezone

from activities.models import ActivityReport
from agreements.models import Agreement, CountyQuota, Target
from core.models import County
from reception.models import HANDED_IN, FollowUpReport, ReportingPeriod, ReportStatus


@dataclass
class Quota:
    """The county quota (länstal) of a year beside the sum of its municipal quotas."""

    year: int
    county: int | None
    municipal: int

    @property
    def difference(self) -> int | None:
        """Municipal sum minus county quota: below 0 the county has not allocated it all."""
        return None if self.county is None else self.municipal - self.county

    @property
    def shortfall(self) -> int:
        """How many of the county quota are not yet allocated to a municipality."""
        return max(-(self.difference or 0), 0)

    @property
    def excess(self) -> int:
        return max(self.difference or 0, 0)


@dataclass
class CountyWork:
    county: County
    municipalities: int
    waiting: int = 0
    waiting_activities: int = 0
    oldest_waiting: datetime.datetime | None = None
    returned: int = 0
    #: The latest period whose deadline has passed, and how many have not handed in.
    overdue_period: ReportingPeriod | None = None
    overdue: int = 0
    #: Signed agreements for next year (of ``municipalities``).
    next_year_signed: int = 0
    quotas: list[Quota] = field(default_factory=list)

    @property
    def waiting_total(self) -> int:
        return self.waiting + self.waiting_activities

    @property
    def next_year_unsigned(self) -> int:
        return self.municipalities - self.next_year_signed

    def oldest_age_days(self, today: datetime.date) -> int | None:
        if self.oldest_waiting is None:
            return None
        return max((today - timezone.localdate(self.oldest_waiting)).days, 0)


def _waiting(model, ids: list[int]) -> dict[tuple[int, str], dict]:
    rows = (
        model.objects.filter(
            period__county_id__in=ids,
            status__in=[ReportStatus.SUBMITTED, ReportStatus.RETURNED],
        )
        .order_by()
        .values("period__county_id", "status")
        .annotate(n=Count("pk"), oldest=Min("submitted_at"))
    )
    return {(r["period__county_id"], r["status"]): r for r in rows}


def county_work(counties: Iterable[County], today: datetime.date) -> list[CountyWork]:
    """What waits in each county, in a fixed number of queries (seven)."""
    listed = list(
        County.objects.filter(pk__in=[c.pk for c in counties])
        .annotate(n=Count("municipalities"))
        .order_by("code")
    )
    ids = [c.pk for c in listed]
    work = {c.pk: CountyWork(county=c, municipalities=c.n) for c in listed}
    year = today.year

    follow_up = _waiting(FollowUpReport, ids)
    activity = _waiting(ActivityReport, ids)
    for county_id, item in work.items():
        submitted = follow_up.get((county_id, ReportStatus.SUBMITTED))
        submitted_activity = activity.get((county_id, ReportStatus.SUBMITTED))
        item.waiting = submitted["n"] if submitted else 0
        item.waiting_activities = submitted_activity["n"] if submitted_activity else 0
        oldest = [r["oldest"] for r in (submitted, submitted_activity) if r and r["oldest"]]
        item.oldest_waiting = min(oldest) if oldest else None
        item.returned = sum(
            r["n"]
            for r in (
                follow_up.get((county_id, ReportStatus.RETURNED)),
                activity.get((county_id, ReportStatus.RETURNED)),
            )
            if r
        )

    latest_overdue = (
        ReportingPeriod.objects.filter(county=OuterRef("county"), deadline__lt=today)
        .order_by("-start")
        .values("pk")[:1]
    )
    for period in ReportingPeriod.objects.filter(
        county_id__in=ids, pk=Subquery(latest_overdue)
    ).annotate(
        handed_in=Count(
            "reports__municipality",
            filter=Q(reports__status__in=HANDED_IN),
            distinct=True,
        )
    ):
        item = work[period.county_id]
        item.overdue_period = period
        item.overdue = max(item.municipalities - period.handed_in, 0)

    for row in (
        Agreement.objects.filter(
            municipality__county_id__in=ids, year=year + 1, status=Agreement.Status.SIGNED
        )
        .order_by()
        .values("municipality__county_id")
        .annotate(n=Count("municipality", distinct=True))
    ):
        work[row["municipality__county_id"]].next_year_signed = row["n"]

    years = (year, year + 1)
    county_quota: dict[tuple[int, int], int] = defaultdict(int)
    for county_id, quota_year, places in CountyQuota.objects.filter(
        county_id__in=ids, year__in=years, category__is_settlement_quota=True
    ).values_list("county_id", "year", "places"):
        county_quota[(county_id, quota_year)] += places
    municipal: dict[tuple[int, int], int] = {}
    for row in (
        Target.objects.current()
        .filter(
            revision__agreement__municipality__county_id__in=ids,
            revision__agreement__year__in=years,
            category__is_settlement_quota=True,
        )
        .order_by()
        .values("revision__agreement__municipality__county_id", "revision__agreement__year")
        .annotate(total=Sum("places"))
    ):
        key = (
            row["revision__agreement__municipality__county_id"],
            row["revision__agreement__year"],
        )
        municipal[key] = row["total"] or 0
    for county_id, item in work.items():
        for quota_year in years:
            key = (county_id, quota_year)
            if quota_year == year or key in county_quota or key in municipal:
                item.quotas.append(Quota(quota_year, county_quota.get(key), municipal.get(key, 0)))
    return [work[pk] for pk in ids]
