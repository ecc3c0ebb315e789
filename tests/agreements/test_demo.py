import pytest

from agreements import demo
from agreements.models import Agreement, CountyQuota, Target, TargetRevision

pytestmark = pytest.mark.django_db


class Out:
    def __init__(self):
        self.lines = []

    def write(self, line):
        self.lines.append(line)


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
    quotas = dict(CountyQuota.objects.filter(county__code="01").values_list("year", "places"))
    assert quotas[2017] == 6904 and quotas[2024] == 524
    for year, quota in quotas.items():
        total = sum(
            Target.objects.current()
            .filter(revision__agreement__year=year, category__is_settlement_quota=True)
            .values_list("places", flat=True)
        )
        assert total == quota, year
    assert TargetRevision.objects.exclude(reason="Ursprungliga mål").count() == 6
    statuses = set(Agreement.objects.filter(year=2027).values_list("status", flat=True))
    assert {"draft", "negotiation", "signed"} <= statuses
    # The current year's quotas were decided last November: all signed.
    assert set(Agreement.objects.filter(year=2026).values_list("status", flat=True)) == {"signed"}
