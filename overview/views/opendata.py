"""Open data pages: an accessible table, CSV and JSON of approved figures."""

from __future__ import annotations

import functools
from decimal import Decimal
from urllib.parse import urlencode

from django.conf import settings
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, render
from django.template.loader import render_to_string
from django.utils.translation import get_language
from django.views.decorators.http import require_safe

from core import dataversion
from core.exports import csv_response
from core.models import County
from core.pagecache import cached_page
from overview import dcat, opendata, suppression
from overview.models import OpenDataVersion


def _county(request: HttpRequest) -> County | None:
    code = request.GET.get("lan", "").strip()
    if not code:
        return None
    return get_object_or_404(County, code=code)


def _scopes(request: HttpRequest, *args, **kwargs) -> tuple[str, ...]:
    """What every open-data page shows: published versions (frozen snapshots: an
    ``OpenDataVersion`` belongs to no county, so its rows raise ``g``), the counties and
    the settings, never live figures. A draft saved or a report approved anywhere leaves
    the pages cached; a new version shows at once (bench/README.md, "Round 4": under
    ``all`` the national file was rendered afresh after nearly every save)."""
    return (dataversion.GLOBAL,)


def _published(request: HttpRequest, year: int, number: int | None = None) -> opendata.DataSet:
    """The published version (newest unless ``number``) of a year, or 404."""
    data = opendata.published(year, _county(request), number)
    if data is None:
        raise Http404("No published data for that year or version.")
    return data


@require_safe
@cached_page(scopes=_scopes)
def index(request: HttpRequest) -> HttpResponse:
    years = tuple(opendata.available_years())
    body = _index_body(
        get_language(), years, settings.OPEN_DATA_CONTACT_EMAIL, settings.OPEN_DATA_SMALLEST_SHOWN
    )
    return render(request, "overview/opendata_index.html", {"body": body})


@functools.lru_cache(maxsize=64)
def _index_body(language: str, years: tuple[int, ...], email: str, smallest: int) -> str:
    """The index's content is a function of these alone (the years come from the database
    on every request): rendered once per process for each, not on every cache miss
    (bench/README.md, "Round 4": 5.5 ms of the page's 7)."""
    return render_to_string(
        "overview/_opendata_index_body.html",
        {
            "years": years,
            "columns": opendata.COLUMNS,
            "contact_email": email,
            "suppression_rule": suppression.rule_text(smallest),
        },
    )


@require_safe
@cached_page(scopes=_scopes, params=("lan",))
def year_table(request: HttpRequest, year: int) -> HttpResponse:
    county = _county(request)
    data = _published(request, year)
    return render(
        request,
        "overview/opendata_year.html",
        {
            "data": data,
            "columns": opendata.COLUMNS,
            "counties": County.objects.all(),
            "query": f"?lan={county.code}" if county else "",
            "mask": suppression.MASK,
            "suppression_rule": suppression.rule_text(settings.OPEN_DATA_SMALLEST_SHOWN),
        },
    )


def _filename(data: opendata.DataSet, extension: str, number: int | None) -> str:
    where = f"-lan{data.county.code}" if data.county else ""
    version = f"-v{number}" if number is not None else ""
    return f"mottagande-{data.year}{where}{version}.{extension}"


def _plain(value):
    if type(value) is int:  # most values: ~10 000 per national file
        return value
    if value is None:
        return ""
    if isinstance(value, Decimal):
        return f"{value:.1f}"
    return value


@require_safe
@cached_page(scopes=_scopes, params=("lan",))
def year_csv(request: HttpRequest, year: int, number: int | None = None) -> HttpResponse:
    """RFC 4180 CSV, UTF-8, comma-separated, decimal point: for machines first."""
    data = _published(request, year, number)
    response = csv_response(
        _filename(data, "csv", number).removesuffix(".csv"),
        opendata.COLUMN_NAMES,
        ([_plain(row[name]) for name in opendata.COLUMN_NAMES] for row in data.rows),
        machine=True,
    )
    if data.data_as_of:
        response["Last-Modified"] = data.data_as_of.strftime("%a, %d %b %Y %H:%M:%S GMT")
    return response


@require_safe
@cached_page(scopes=_scopes, params=("lan",))
def year_json(request: HttpRequest, year: int, number: int | None = None) -> JsonResponse:
    data = _published(request, year, number)
    assert data.version is not None  # published data always has its version
    payload = {
        "ar": data.year,
        "version": data.version.number,
        "publicerad": data.version.published_at.isoformat(),
        "lan_kod": data.county.code if data.county else None,
        "data_per": data.data_as_of.isoformat() if data.data_as_of else None,
        "kolumner": [{"namn": name, "beskrivning": str(text)} for name, text in opendata.COLUMNS],
        "fotnoter": {suppression.MASK: suppression.rule_text(settings.OPEN_DATA_SMALLEST_SHOWN)},
        "rader": [
            {
                name: (float(value) if isinstance(value, Decimal) else value)
                for name, value in row.items()
            }
            for row in data.rows
        ],
    }
    response = JsonResponse(payload, json_dumps_params={"ensure_ascii": False})
    response["Content-Disposition"] = f'inline; filename="{_filename(data, "json", number)}"'
    return response


def _base_url(request: HttpRequest) -> str:
    """Absolute IRIs for the harvester: the configured address, else this request's host."""
    return settings.PORTAL_BASE_URL or request.build_absolute_uri("/").rstrip("/")


@require_safe
@cached_page(scopes=_scopes, params=("lan", "ar"))
def catalogue(request: HttpRequest) -> HttpResponse:
    """The DCAT-AP-SE catalogue (RDF/XML) that dataportal.se harvests; ``?lan=`` narrows it
    to a county, ``?ar=`` to one year's dataset (an unknown county or year is 404)."""
    county = _county(request)
    entries = opendata.catalogue_entries()
    year = request.GET.get("ar", "").strip()
    if year:
        entries = [entry for entry in entries if str(entry.year) == year]
        if not entries:
            raise Http404("No published data for that year.")
    graph = dcat.catalogue(
        base=_base_url(request),
        county=county,
        query=urlencode(
            [(k, v) for k, v in (("lan", county.code if county else ""), ("ar", year)) if v]
        ),
        entries=entries,
        suppression_note=opendata.suppression_note(),
    )
    return HttpResponse(
        graph.serialize(format="pretty-xml", encoding="utf-8"),
        content_type="application/rdf+xml; charset=utf-8",
    )


@require_safe
@cached_page(scopes=_scopes)
def changelog(request: HttpRequest, year: int) -> HttpResponse:
    """Every published version of a year: when, why, what changed, and its downloads."""
    versions = list(OpenDataVersion.objects.filter(year=year).order_by("-number"))
    if not versions:
        raise Http404("No published data for that year.")
    return render(
        request,
        "overview/opendata_versions.html",
        {"year": year, "versions": versions, "latest": versions[0]},
    )
