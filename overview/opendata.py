"""Open data: approved follow-up figures per municipality, category and year.

Only figures in *approved* reports count — never drafts, submitted or
returned ones. Targets are those of signed agreements, in force at the end of
the year (or today, for the current year), exactly as on the staff pages
(:mod:`reception.capacity`). The column names are a published interface:
change them only with a new version of the data set.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, replace

from django.core.cache import cache
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from agreements.models import Agreement
from core import dataversion
from core.models import County, Municipality
from reception.capacity import active_categories, capacity_rows
from reception.models import FollowUpReport, ReportStatus

#: (column, description) — the stable, documented interface of the data set.
COLUMNS: list[tuple[str, object]] = [
    ("ar", _("Året som siffrorna gäller (1 januari–31 december).")),
    ("lan_kod", _("Länskod enligt SCB, två siffror (text).")),
    ("lan", _("Länets namn.")),
    ("kommun_kod", _("Kommunkod enligt SCB, fyra siffror (text, med inledande nolla).")),
    ("kommun", _("Kommunens namn.")),
    ("kategori_kod", _("Målkategorins kod, t.ex. anvisade eller kvotflyktingar.")),
    ("kategori", _("Målkategorins namn.")),
    (
        "mal",
        _("Antal platser enligt undertecknad överenskommelse eller kommuntal; tomt om mål saknas."),
    ),
    (
        "mottagna",
        _("Mottagna personer enligt rapporter som Länsstyrelsen har godkänt, hittills i år."),
    ),
    (
        "maluppfyllelse_procent",
        _("Mottagna delat med målet, i procent med en decimal; tomt om målet är 0 eller saknas."),
    ),
]
COLUMN_NAMES = [name for name, _description in COLUMNS]
CACHE_SECONDS = 10 * 60


@dataclass(frozen=True)
class DataSet:
    year: int
    county: County | None
    rows: list[dict]
    #: When the newest approved figure in the set was approved (None: nothing approved yet).
    data_as_of: datetime.datetime | None


def available_years() -> list[int]:
    years = set(Agreement.objects.order_by().values_list("year", flat=True).distinct())
    years |= set(
        FollowUpReport.objects.filter(status=ReportStatus.APPROVED)
        .order_by()
        .values_list("period__year", flat=True)
        .distinct()
    )
    return sorted(years, reverse=True)


def build(year: int, county: County | None) -> DataSet:
    municipalities = Municipality.objects.all()
    if county is not None:
        municipalities = municipalities.filter(county=county)
    # The HTML table, CSV and JSON of a year share one data set while the data is unchanged.
    version = dataversion.for_this_request()
    key = f"opendata:{year}:{county.code if county else 'all'}:{version}"
    cached = cache.get(key)
    if cached is not None:
        return cached
    today = timezone.localdate()
    on_date = min(today, datetime.date(year, 12, 31))
    rows = []
    categories = active_categories()
    # "varav kvotflyktingar" belongs right under the category it is part of.
    category_order = {category.code: index for index, category in enumerate(categories)}
    for capacity in capacity_rows(
        municipalities=municipalities.select_related("county"),
        year=year,
        on_date=on_date,
        categories=categories,
    ):
        if capacity.target is None and capacity.approved == 0:
            continue
        municipality = capacity.municipality
        rows.append(
            {
                "ar": year,
                "lan_kod": municipality.county.code,
                "lan": municipality.county.name,
                "kommun_kod": municipality.code,
                "kommun": municipality.name,
                "kategori_kod": capacity.category.code,
                "kategori": capacity.category.name,
                "mal": capacity.target,
                "mottagna": capacity.approved,
                # Approved figures only: the same calculation as the staff pages, without
                # the submitted-but-not-yet-approved part.
                "maluppfyllelse_procent": replace(capacity, submitted=0).fulfilment,
            }
        )
    rows.sort(key=lambda r: (r["lan_kod"], r["kommun_kod"], category_order[r["kategori_kod"]]))
    as_of = FollowUpReport.objects.filter(
        period__year=year, municipality__in=municipalities, status=ReportStatus.APPROVED
    ).aggregate(latest=Max("reviewed_at"))["latest"]
    data = DataSet(year=year, county=county, rows=rows, data_as_of=as_of)
    cache.set(key, data, CACHE_SECONDS)
    return data
