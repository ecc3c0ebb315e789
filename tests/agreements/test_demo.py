import datetime

import pytest

from agreements import demo
from agreements.models import (
    Agreement,
    CountyQuota,
    MunicipalQuotaDecision,
    Target,
    TargetRevision,
)

pytestmark = pytest.mark.django_db


class Out:
    def __init__(self):
        self.lines = []

    def write(self, line):
        self.lines.append(line)


def final_places(year: int) -> int:
    return CountyQuota.objects.in_force_on(datetime.date(year, 12, 31)).get().places


def test_share_out_adds_up_exactly_and_allows_zero():
    shares = demo.share_out(524, demo.WEIGHTS)
    assert sum(shares.values()) == 524 and len(shares) == 26
    assert sum(demo.share_out(0, {"0181": 1, "0126": 3}).values()) == 0


def test_demo_agreements_sum_to_the_real_county_quotas_and_seeding_twice_adds_nothing():
    demo.seed(out=Out())
    agreements = Agreement.objects.count()
    revisions = TargetRevision.objects.count()
    demo.seed(out=Out())
    assert Agreement.objects.count() == agreements == 26 * 11
    assert TargetRevision.objects.count() == revisions
    assert CountyQuota.objects.count() == 11 + 2  # a decision a year, two revisions
    first = {
        q.year: q.places
        for q in CountyQuota.objects.in_force_on(datetime.date(2017, 1, 1), year=2017)
        | CountyQuota.objects.in_force_on(datetime.date(2024, 6, 30))
    }
    assert first == {2017: 8781, 2024: 524}
    assert CountyQuota.objects.get(year=2025).places == 416  # SFS 2024:920
    for year in demo.YEARS:
        final = CountyQuota.objects.in_force_on(datetime.date(year, 12, 31)).get()
        total = sum(
            Target.objects.current()
            .filter(revision__agreement__year=year, category__is_settlement_quota=True)
            .values_list("places", flat=True)
        )
        assert total == final.places, year
    assert final_places(2017) == 6904 and final_places(2024) == 3518
    revised = CountyQuota.objects.get(year=2024, effective_from=datetime.date(2024, 7, 1))
    assert revised.decision_reference == "SFS 2024:480" and "inte verifierat" in revised.notes
    # One published kommuntal decision a year, and one for each revision.
    decisions = MunicipalQuotaDecision.objects.all()
    assert decisions.count() == 11 + 2
    assert set(decisions.values_list("status", flat=True)) == {"published"}
    assert (
        TargetRevision.objects.filter(decision__isnull=True)
        .exclude(reason="Ursprungliga mål")
        .count()
        == 6
    )
    statuses = set(Agreement.objects.filter(year=2027).values_list("status", flat=True))
    assert {"draft", "negotiation", "signed"} <= statuses
    # The current year's quotas were decided last November: all signed.
    assert set(Agreement.objects.filter(year=2026).values_list("status", flat=True)) == {"signed"}
