"""Open data pages: an accessible table, CSV and JSON of approved figures."""

from __future__ import annotations

import csv
from decimal import Decimal

from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, render
from django.views.decorators.http import require_safe

from core.models import County
from core.pagecache import cached_page
from overview import opendata


def _county(request: HttpRequest) -> County | None:
    code = request.GET.get("lan", "").strip()
    if not code:
        return None
    return get_object_or_404(County, code=code)


def _year(year: int) -> int:
    if year not in opendata.available_years():
        raise Http404("No data for that year.")
    return year


@require_safe
@cached_page
def index(request: HttpRequest) -> HttpResponse:
    years = opendata.available_years()
    return render(
        request,
        "overview/opendata_index.html",
        {"years": years, "columns": opendata.COLUMNS},
    )


@require_safe
@cached_page
def year_table(request: HttpRequest, year: int) -> HttpResponse:
    county = _county(request)
    data = opendata.build(_year(year), county)
    return render(
        request,
        "overview/opendata_year.html",
        {
            "data": data,
            "columns": opendata.COLUMNS,
            "counties": County.objects.all(),
            "query": f"?lan={county.code}" if county else "",
        },
    )


def _filename(data: opendata.DataSet, extension: str) -> str:
    where = f"-lan{data.county.code}" if data.county else ""
    return f"mottagande-{data.year}{where}.{extension}"


def _plain(value):
    if value is None:
        return ""
    if isinstance(value, Decimal):
        return f"{value:.1f}"
    return value


@require_safe
@cached_page
def year_csv(request: HttpRequest, year: int) -> HttpResponse:
    """RFC 4180 CSV, UTF-8, comma-separated, decimal point: for machines first."""
    data = opendata.build(_year(year), _county(request))
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{_filename(data, "csv")}"'
    if data.data_as_of:
        response["Last-Modified"] = data.data_as_of.strftime("%a, %d %b %Y %H:%M:%S GMT")
    writer = csv.writer(response, lineterminator="\r\n")
    writer.writerow(opendata.COLUMN_NAMES)
    for row in data.rows:
        writer.writerow([_plain(row[name]) for name in opendata.COLUMN_NAMES])
    return response


@require_safe
@cached_page
def year_json(request: HttpRequest, year: int) -> JsonResponse:
    data = opendata.build(_year(year), _county(request))
    payload = {
        "ar": data.year,
        "lan_kod": data.county.code if data.county else None,
        "data_per": data.data_as_of.isoformat() if data.data_as_of else None,
        "kolumner": [{"namn": name, "beskrivning": str(text)} for name, text in opendata.COLUMNS],
        "rader": [
            {
                name: (float(value) if isinstance(value, Decimal) else value)
                for name, value in row.items()
            }
            for row in data.rows
        ],
    }
    response = JsonResponse(payload, json_dumps_params={"ensure_ascii": False})
    response["Content-Disposition"] = f'inline; filename="{_filename(data, "json")}"'
    return response
