"""The county overview (staff) and the municipality page (its staff and reporters), with exports."""

from __future__ import annotations

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.dates import MONTHS
from django.utils.functional import SimpleLazyObject
from django.utils.translation import gettext as _

from agreements.models import TargetCategory
from contacts.models import Contact
from core import dataversion
from core.access import (
    get_municipality_for_user,
    is_county_staff,
    signed_in_role_required,
    staff_required,
)
from core.counties import staff_county
from core.exports import ExportTitle, csv_response, form_filters, xlsx_response
from core.lang import data_label
from core.models import County
from core.pagecache import FragmentCache, cached_page, municipality_in_url, users_county
from core.years import is_valid_year, year_from_query, year_or_404
from overview import kolada
from overview.activities import activity_overview, municipality_activities
from overview.charts import Bar, bar_chart, line_chart
from overview.county import (
    SORT_CHOICES,
    Overview,
    OverviewRow,
    agreement_history,
    filter_rows,
    overview,
    sort_rows,
)
from overview.exports import (
    ACTIVITY_TABLES,
    COUNTY_TABLES,
    FORMATS,
    MUNICIPALITY_TABLES,
    Table,
    activity_filename,
    activity_kind_table,
    agreements_table,
    county_filename,
    municipality_activities_table,
    municipality_filename,
    municipality_periods_table,
)
from reception.capacity import STATUS_LABELS, active_categories, capacity_rows
from reception.forms import OverviewFilterForm
from reception.models import ReportStatus
from reception.official import DIFFERENCE_THRESHOLD, county_reconciliation, municipality_series

DEFAULT_SORT = "kommun"


def _category(categories: list[TargetCategory], code: str | None) -> TargetCategory:
    default = next((c for c in categories if c.is_settlement_quota), categories[0])
    return next((c for c in categories if c.code == code), default)


def _filter_form(request: HttpRequest, categories: list[TargetCategory]) -> OverviewFilterForm:
    form = OverviewFilterForm(
        request.GET or None,
        categories=categories,
        statuses=ReportStatus.choices,
        paces=[(k, str(v)) for k, v in STATUS_LABELS.items()],
        sorts=SORT_CHOICES,
    )
    form.is_valid()
    return form


def _county_data(request: HttpRequest, year: int):
    """Parse the request and read the overview: (overview, shown rows, form, sort)."""
    today = timezone.localdate()
    year_or_404(year, today)
    county = staff_county(request)
    categories = active_categories()
    form = _filter_form(request, categories)
    data = getattr(form, "cleaned_data", {})
    category = _category(categories, data.get("kategori"))
    ov = overview(county=county, year=year, category=category, today=today)
    sort = data.get("sort") or DEFAULT_SORT
    rows = sort_rows(
        filter_rows(ov.all_rows, status=data.get("status", ""), pace=data.get("lage", "")), sort
    )
    return ov, rows, form, sort, categories


def _charts(ov: Overview, rows: list[OverviewRow], *, prefix: str, name: str) -> dict:
    bars = bar_chart(
        chart_id=f"{prefix}-bar",
        title=_("Mål och mottagna per kommun %(year)s: %(category)s")
        % {"year": ov.year, "category": data_label(ov.category)},
        bars=[Bar(r.municipality.name, r.capacity.target, r.capacity.received) for r in rows],
    )
    line = line_chart(
        chart_id=f"{prefix}-line",
        title=_("Mottagna hittills under %(year)s mot målet, %(name)s")
        % {"year": ov.year, "name": name},
        labels=[p.short_label for p in ov.series],
        full_labels=[p.period.label for p in ov.series],
        cumulative=[p.cumulative for p in ov.series],
        target_line=[p.target_line for p in ov.series],
        planned=ov.total.planned is not None,
    )
    return {"bar_chart": bars, "line_chart": line}


def _year_links(year: int) -> dict:
    today = timezone.localdate()
    return {
        "prev_year": year - 1 if is_valid_year(year - 1, today) else None,
        "next_year": year + 1 if is_valid_year(year + 1, today) else None,
    }


def _query_without(request: HttpRequest, *names: str) -> str:
    query = request.GET.copy()
    for name in names:
        query.pop(name, None)
    return query.urlencode()


def _activity_section(ov: Overview, activities, activity_query: str) -> str:
    """The SFI and civic-orientation tables: activities and their reports are the county's
    shared rows (``core.dataversion``), so a follow-up report saved in the county leaves
    them as they were: rendered once per version of those rows (bench/README.md, round 5).
    The figures are read only when the tables are rendered."""
    county = ov.county
    scopes = dataversion.municipality_scopes(county.code, ())
    return FragmentCache(f"overview:{county.code}", scopes).fragment(
        "activities",
        str(ov.year),
        activity_query,
        render=lambda: render_to_string(
            "overview/_activity_section.html",
            {
                "activities": activities,
                "year": ov.year,
                "county": county,
                "activity_query": activity_query,
            },
        ),
    )


@staff_required
@cached_page(
    scopes=users_county, params=("kategori", "status", "lage", "sort", "lan", "skillnader")
)
def county_overview(request: HttpRequest, year: int) -> HttpResponse:
    ov, rows, form, sort, categories = _county_data(request, year)
    municipalities = [r.municipality for r in ov.all_rows]
    activities = SimpleLazyObject(lambda: activity_overview(ov.county, year, municipalities))
    activity_query = f"lan={ov.county.code}" if request.user.is_superuser else ""
    context = {
        "ov": ov,
        "rows": rows,
        "form": form,
        "sort": sort,
        "sort_query": _query_without(request, "sort"),
        "query": request.GET.urlencode(),
        "year": year,
        "county": ov.county,
        "categories": categories,
        "is_admin": request.user.is_superuser,
        "counties": County.objects.all() if request.user.is_superuser else [],
        "filtered": len(rows) != len(ov.all_rows),
        "activities": activities,
        "activities_html": _activity_section(ov, activities, activity_query),
        "activity_query": activity_query,
        "kolada": kolada.panel(r.municipality for r in ov.all_rows),
        "kolada_staff": True,
        **_year_links(year),
        **_charts(ov, ov.all_rows, prefix="lan", name=ov.county.name),
        **_official(request, ov),
    }
    return render(request, "overview/county.html", context)


def _official(request: HttpRequest, ov: Overview) -> dict:
    """Migrationsverket's columns beside the municipalities' own (issue 18), and the
    "differences only" filter (``?skillnader=1``); the main filters do not apply here."""
    official = county_reconciliation(ov.county, ov.year, [r.municipality for r in ov.all_rows])
    only_differences = request.GET.get("skillnader") == "1"
    publication = official.publication
    return {
        "official": official,
        "official_lines": official.differences if only_differences else official.lines,
        "official_month": MONTHS[publication.through_month] if publication else "",
        "official_query": _query_without(request, "skillnader"),
        "only_differences": only_differences,
        "difference_threshold": DIFFERENCE_THRESHOLD,
    }


def _download(table: Table, filename: str, fmt: str, title: ExportTitle) -> HttpResponse:
    if fmt == "csv":
        return csv_response(filename, table.headers, table.rows)
    return xlsx_response(
        filename, table.headers, table.rows, table.sheet, table.formats, title=title
    )


@staff_required
@cached_page(scopes=users_county, params=("kategori", "status", "lage", "sort", "lan"))
def county_overview_export(request: HttpRequest, year: int, table: str, fmt: str) -> HttpResponse:
    if fmt not in FORMATS:
        raise Http404
    if table in ACTIVITY_TABLES:
        # Activities do not depend on the overview's category or filters.
        year_or_404(year)
        county = staff_county(request)
        data = activity_kind_table(activity_overview(county, year), ACTIVITY_TABLES[table])
        title = ExportTitle(table=data.sheet, county=county.name, year=year)
        return _download(data, activity_filename(county, year, table), fmt, title)
    if table not in COUNTY_TABLES:
        raise Http404
    ov, rows, form, _sort, _categories = _county_data(request, year)
    data = COUNTY_TABLES[table](ov, rows)
    title = ExportTitle(
        table=f"{data.sheet}: {ov.category.name}",
        county=ov.county.name,
        year=year,
        filters=form_filters(form, skip=("sort", "sida", "lan", "kategori")),
    )
    return _download(data, county_filename(ov, table), fmt, title)


def _municipality_data(request: HttpRequest, code: str):
    today = timezone.localdate()
    year = year_from_query(request, today.year)
    year_or_404(year, today)
    municipality = get_municipality_for_user(request.user, code)
    categories = active_categories()
    category = _category(categories, request.GET.get("kategori"))
    # Every category's capacity in one read: the page's table shows them all, the overview
    # (series, pace line) uses the chosen category's row (bench/README.md, round 4).
    capacity = capacity_rows(
        municipalities=[municipality], year=year, on_date=today, categories=categories
    )
    ov = overview(
        county=municipality.county,
        year=year,
        category=category,
        today=today,
        capacities=capacity,
    )
    return municipality, ov, categories, category, capacity


@signed_in_role_required
@cached_page(scopes=municipality_in_url, params=("ar", "kategori"))
def municipality_overview(request: HttpRequest, code: str) -> HttpResponse:
    municipality, ov, categories, category, capacity = _municipality_data(request, code)
    history = agreement_history(municipality, categories, category)
    contacts = (
        Contact.objects.in_county(municipality.county)
        .published()
        .responsible_for(municipality_code=municipality.code)
        .select_related("unit")
        .in_display_order()
    )
    context = {
        "municipality": municipality,
        "ov": ov,
        "row": ov.all_rows[0],
        "year": ov.year,
        "category": category,
        "categories": categories,
        "capacity": capacity,
        "history": history,
        "year_agreement": next((h.agreement for h in history if h.agreement.year == ov.year), None),
        "contacts": list(contacts),
        "activities": municipality_activities(municipality, ov.year),
        "activity_links": is_county_staff(request.user),
        "kolada": kolada.panel([municipality]),
        "kolada_single": True,
        "kolada_staff": is_county_staff(request.user),
        "query": request.GET.urlencode(),
        "code": municipality.code,
        "official_series": municipality_series(municipality, ov.year),
        **_year_links(ov.year),
        **_charts(ov, ov.all_rows, prefix="kommun", name=municipality.name),
    }
    return render(request, "overview/municipality.html", context)


@signed_in_role_required
@cached_page(scopes=municipality_in_url, params=("ar", "kategori"))
def municipality_overview_export(
    request: HttpRequest, code: str, table: str, fmt: str
) -> HttpResponse:
    if table not in MUNICIPALITY_TABLES or fmt not in FORMATS:
        raise Http404
    municipality, ov, categories, category, _capacity = _municipality_data(request, code)
    if table == "perioder":
        data = municipality_periods_table(ov)
    elif table == "aktiviteter":
        data = municipality_activities_table(municipality_activities(municipality, ov.year))
    else:
        data = agreements_table(
            agreement_history(municipality, categories, category), categories, category
        )
    title = ExportTitle(
        table=f"{data.sheet}: {municipality.name}",
        county=municipality.county.name,
        year=ov.year,
        filters=_("Kategori: %(category)s") % {"category": category.name} if category else "",
    )
    return _download(data, municipality_filename(municipality, ov, table), fmt, title)
