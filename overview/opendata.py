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
from decimal import Decimal

from django.conf import settings
from django.core.cache import cache
from django.db.models import Max, Sum
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _

from agreements.models import Agreement
from core import clock, dataversion
from core.models import County, Municipality
from overview import dcat, suppression
from overview.models import OpenDataVersion
from reception.capacity import active_categories, capacity_rows
from reception.models import FollowUpReport, ReportFigure, ReportStatus

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
        _(
            "Mottagna delat med målet, i procent med en decimal; tomt om målet är 0 eller "
            "saknas; ”..” när antalet mottagna är prickat."
        ),
    ),
    (
        "varav_kvinnor",
        _("Av de mottagna: kvinnor, där kategorin frågar efter det; ”..” = prickat."),
    ),
    ("varav_man", _("Av de mottagna: män, där kategorin frågar efter det; ”..” = prickat.")),
    ("varav_barn", _("Av de mottagna: barn, där kategorin frågar efter det; ”..” = prickat.")),
]
#: The parts of "mottagna" in a row, in column order.
SPLIT_COLUMNS = {"women": "varav_kvinnor", "men": "varav_man", "children": "varav_barn"}
COLUMN_NAMES = [name for name, _description in COLUMNS]
CACHE_SECONDS = 10 * 60


@dataclass(frozen=True)
class DataSet:
    year: int
    county: County | None
    rows: list[dict]
    #: When the newest approved figure in the set was approved (None: nothing approved yet).
    data_as_of: datetime.datetime | None
    #: The published version these rows are (None: computed now, not yet published).
    version: OpenDataVersion | None = None


def available_years() -> list[int]:
    """The years the public can read: those with a published version, newest first."""
    return OpenDataVersion.objects.published_years()


def published(year: int, county: County | None, number: int | None = None) -> DataSet | None:
    """A published version of a year (the newest unless ``number``), narrowed to a county."""
    versions = OpenDataVersion.objects.filter(year=year)
    if number is None:
        version = versions.order_by("-number").first()
    else:
        version = versions.filter(number=number).first()
    if version is None:
        return None
    rows = [from_stored(row) for row in version.rows]
    if county is not None:
        rows = [row for row in rows if row["lan_kod"] == county.code]
    return DataSet(
        year=year, county=county, rows=rows, data_as_of=version.data_as_of, version=version
    )


def to_stored(row: dict) -> dict:
    """A row as JSON keeps it: the percentage as text, so it comes back exactly."""
    value = row["maluppfyllelse_procent"]
    return {**row, "maluppfyllelse_procent": str(value) if isinstance(value, Decimal) else value}


def from_stored(row: dict) -> dict:
    value = row.get("maluppfyllelse_procent")
    if isinstance(value, str) and value != suppression.MASK:
        value = Decimal(value)
    return {**{name: row.get(name) for name in COLUMN_NAMES}, "maluppfyllelse_procent": value}


def publishable_years() -> list[int]:
    """The years there is anything to publish for: agreements or approved reports."""
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
    scopes = (
        (dataversion.GLOBAL, dataversion.county_scope(county.code))
        if county
        else (dataversion.ALL,)
    )
    version = dataversion.token(*scopes)
    smallest = settings.OPEN_DATA_SMALLEST_SHOWN
    key = f"opendata:{year}:{county.code if county else 'all'}:{version}:{smallest}"
    cached = cache.get(key)
    if cached is not None:
        return cached
    today = timezone.localdate()
    on_date = min(today, datetime.date(year, 12, 31))
    rows = []
    categories = active_categories()
    # "varav kvotflyktingar" belongs right under the category it is part of.
    category_order = {category.code: index for index, category in enumerate(categories)}
    splits = _approved_splits(municipalities, year)
    for capacity in capacity_rows(
        municipalities=municipalities.select_related("county"),
        year=year,
        on_date=on_date,
        categories=categories,
    ):
        if capacity.target is None and capacity.approved == 0:
            continue
        municipality = capacity.municipality
        split = splits.get((municipality.pk, capacity.category.pk), {})
        asks = capacity.category.asks_for_split
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
                **{
                    column: (split.get(part) if asks else None)
                    for part, column in SPLIT_COLUMNS.items()
                },
            }
        )
    rows.sort(key=lambda r: (r["lan_kod"], r["kommun_kod"], category_order[r["kategori_kod"]]))
    parents = {c.code: c.parent.code for c in categories if c.parent_id and c.parent}
    protect(rows, parents=parents, smallest_shown=smallest)
    as_of = FollowUpReport.objects.filter(
        period__year=year, municipality__in=municipalities, status=ReportStatus.APPROVED
    ).aggregate(latest=Max("reviewed_at"))["latest"]
    data = DataSet(year=year, county=county, rows=rows, data_as_of=as_of)
    cache.set(key, data, CACHE_SECONDS)
    return data


def _approved_splits(municipalities, year: int) -> dict[tuple[int, int], dict[str, int | None]]:
    """{(municipality id, category id): {"women": n, "men": n, "children": n}}, approved only.

    A part nobody reported is None (published empty); one query for the whole set.
    """
    rows = (
        ReportFigure.objects.filter(
            report__municipality__in=municipalities,
            report__period__year=year,
            report__status=ReportStatus.APPROVED,
        )
        .order_by()
        .values("report__municipality_id", "category_id")
        .annotate(women=Sum("women"), men=Sum("men"), children=Sum("children"))
    )
    return {
        (row["report__municipality_id"], row["category_id"]): {
            part: row[part] for part in SPLIT_COLUMNS
        }
        for row in rows
    }


def protect(rows: list[dict], *, parents: dict[str, str], smallest_shown: int) -> None:
    """Replace small counts that break down a total by ``..`` in place (overview.suppression).

    Breakdowns: a row's women and men of its "mottagna", its children of the same; the "of which"
    categories (kvotflyktingar) of their parent category's "mottagna" in the same
    municipality. Fulfilment is masked with the count it is computed from.
    """
    cells: dict[tuple[int, str], int | None] = {}
    breakdowns: list[suppression.Breakdown] = []
    where: dict[tuple[str, str], int] = {}
    for index, row in enumerate(rows):
        where[(row["kommun_kod"], row["kategori_kod"])] = index
        cells[(index, "mottagna")] = row["mottagna"]
        for column in SPLIT_COLUMNS.values():
            cells[(index, column)] = row[column]
        # Two breakdowns of the same people: by sex (women + men = everyone received) and
        # by age (children, a part of them; the adults are not published).
        breakdowns.append(
            suppression.Breakdown(
                (index, "mottagna"),
                ((index, SPLIT_COLUMNS["women"]), (index, SPLIT_COLUMNS["men"])),
            )
        )
        breakdowns.append(
            suppression.Breakdown((index, "mottagna"), ((index, SPLIT_COLUMNS["children"]),))
        )
    children: dict[int, list[tuple[int, str]]] = {}
    for (municipality, category), index in where.items():
        parent = parents.get(category)
        if parent is not None and (municipality, parent) in where:
            children.setdefault(where[(municipality, parent)], []).append((index, "mottagna"))
    for parent_index, parts in children.items():
        breakdowns.append(suppression.Breakdown((parent_index, "mottagna"), tuple(parts)))
    for index, column in suppression.masked_cells(cells, breakdowns, smallest_shown=smallest_shown):
        rows[index][column] = suppression.MASK
        if column == "mottagna":
            rows[index]["maluppfyllelse_procent"] = suppression.MASK


def catalogue_entries() -> list[dcat.CatalogueEntry]:
    """One entry per published year, newest first: what the catalogue lists (one query)."""
    found: dict[int, dict] = {}
    for year, number, at in OpenDataVersion.objects.order_by("year", "number").values_list(
        "year", "number", "published_at"
    ):
        entry = found.setdefault(year, {"issued": clock.today(at)})
        entry.update(number=number, modified=clock.today(at))
    return [
        dcat.CatalogueEntry(
            year=year, version=str(e["number"]), issued=e["issued"], modified=e["modified"]
        )
        for year, e in sorted(found.items(), reverse=True)
    ]


def suppression_note() -> tuple[str, str]:
    """How small numbers are protected, in Swedish and English (for the catalogue)."""
    smallest = settings.OPEN_DATA_SMALLEST_SHOWN
    texts = []
    for language in ("sv", "en"):
        with translation.override(language):
            texts.append(suppression.rule_text(smallest))
    return texts[0], texts[1]
