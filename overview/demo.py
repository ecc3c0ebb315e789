"""Demo data of the overview app: open data version 1 of every year, and Kolada figures.

The Kolada figures are invented (never fetched: demo data has no network), for two key
figures and the last two years, so the "Källa: Kolada" panels have something to show.
"""

from __future__ import annotations

import random
from decimal import Decimal

from django.utils import timezone

from core.models import Municipality
from overview import opendata, services
from overview.models import KoladaKpi, KoladaValue

KPIS = [
    ("N01951", "Invånare totalt, antal"),
    ("N00919", "Förvärvsarbetande invånare 20-64 år, utrikes födda, andel (%)"),
]


def _kolada(out) -> None:
    now = timezone.now()
    year = timezone.localdate(now).year
    municipalities = list(Municipality.objects.filter(county__code="01"))
    made = 0
    for kpi_id, title in KPIS:
        kpi, _created = KoladaKpi.objects.get_or_create(kpi_id=kpi_id, defaults={"title": title})
        for municipality in municipalities:
            rng = random.Random(f"{kpi_id}-{municipality.code}")
            for period in (year - 2, year - 1):
                if kpi_id == "N01951":
                    value = Decimal(rng.randint(9_000, 990_000))
                else:
                    value = Decimal(rng.randint(450, 750)) / 10
                _value, created = KoladaValue.objects.get_or_create(
                    kpi=kpi,
                    municipality=municipality,
                    period=period,
                    gender="T",
                    defaults={"value": value, "fetched_at": now},
                )
                made += created
    out.write(f"Kolada (invented demo values): {made} new value(s).")


def seed(*, out, scale: str = "county") -> None:
    made = 0
    for year in opendata.publishable_years():
        if services.opendata_publish(year=year, reason="Första versionen (demodata).") is not None:
            made += 1
    out.write(f"Open data: {made} new version(s) published.")
    _kolada(out)
