"""Kolada (the municipalities' and regions' key-figure database, API v3): search and fetch.

Kolada's figures are shown beside the portal's own, never mixed into them. The fetch is
incremental (``from_date``: only values changed since the last complete fetch), follows
``next_url`` page by page, asks for at most 25 ids per request, and drops rows Kolada
marks ``isdeleted``. A Kolada that is down or answers garbage fails the key figure it was
fetching — logged and reported — and never the other key figures or any page.
"""

from __future__ import annotations

import datetime
import json
import logging
from collections.abc import Iterator
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from urllib.error import HTTPError, URLError
from urllib.parse import quote, urlencode
from urllib.request import Request, urlopen

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from core import clock
from core.models import Municipality
from overview.models import KoladaKpi, KoladaValue

logger = logging.getLogger(__name__)

#: Kolada answers at most this many ids in one request.
MAX_IDS = 25
#: Pages followed for one request at most (a loop in next_url must not run forever).
MAX_PAGES = 200


class KoladaError(Exception):
    """Kolada could not be asked or answered something unusable."""


class NotFound(KoladaError):
    """Kolada does not know an id in the request (HTTP 400 or 404)."""


def _get(url: str) -> dict:
    request = Request(url, headers={"Accept": "application/json"})
    try:
        with urlopen(request, timeout=settings.KOLADA_TIMEOUT_SECONDS) as response:  # noqa: S310
            body = response.read()
    except HTTPError as error:
        if error.code in (400, 404):
            raise NotFound(f"HTTP {error.code} from {url}") from error
        raise KoladaError(f"HTTP {error.code} from {url}") from error
    except TimeoutError as error:
        raise KoladaError(f"timeout after {settings.KOLADA_TIMEOUT_SECONDS} s: {url}") from error
    except (URLError, OSError) as error:
        raise KoladaError(f"cannot reach {url}: {error}") from error
    try:
        payload = json.loads(body)
    except ValueError as error:
        raise KoladaError(f"not JSON from {url}") from error
    if not isinstance(payload, dict) or not isinstance(payload.get("values"), list):
        raise KoladaError(f"no 'values' list from {url}")
    return payload


def _pages(url: str) -> Iterator[dict]:
    """Every object of ``values``, following ``next_url`` to the last page."""
    for _page in range(MAX_PAGES):
        payload = _get(url)
        yield from (item for item in payload["values"] if isinstance(item, dict))
        next_url = payload.get("next_url")
        if not next_url:
            return
        url = next_url
    raise KoladaError(f"more than {MAX_PAGES} pages: {url}")


def search_kpis(title: str) -> list[dict]:
    """Key figures whose title contains ``title``: [{"id", "title", "description"}]."""
    url = f"{settings.KOLADA_BASE_URL}/kpi?{urlencode({'title': title})}"
    found = []
    for item in _pages(url):
        if item.get("id") and item.get("title"):
            found.append(
                {
                    "id": str(item["id"]),
                    "title": str(item["title"]),
                    "description": str(item.get("description") or ""),
                }
            )
    return found


def _chunks(items: list[str], size: int = MAX_IDS) -> Iterator[list[str]]:
    for start in range(0, len(items), size):
        yield items[start : start + size]


def _data_url(kpi_id: str, codes: list[str], since: datetime.date | None) -> str:
    url = (
        f"{settings.KOLADA_BASE_URL}/data/kpi/{quote(kpi_id)}"
        f"/municipality/{quote(','.join(codes), safe=',')}"
    )
    if since is not None:
        url += f"?{urlencode({'from_date': since.isoformat()})}"
    return url


@dataclass
class KpiResult:
    kpi_id: str
    stored: int = 0
    dropped: int = 0
    error: str = ""
    unknown_municipalities: list[str] = field(default_factory=list)


@dataclass
class FetchReport:
    results: list[KpiResult] = field(default_factory=list)

    @property
    def failed(self) -> list[KpiResult]:
        return [r for r in self.results if r.error]


def _value(raw) -> Decimal | None:
    if raw is None:
        return None
    try:
        return Decimal(str(raw))
    except InvalidOperation:
        return None


def _rows(kpi_id: str, url: str) -> Iterator[tuple[str, int, dict]]:
    """(municipality code, period, value object) of every row of the answer."""
    for item in _pages(url):
        if str(item.get("kpi", kpi_id)) != kpi_id:
            continue
        try:
            period = int(str(item["period"])[:4])
            code = str(item["municipality"])
        except (KeyError, ValueError) as error:
            raise KoladaError(f"a row without municipality or period: {item!r}") from error
        for value in item.get("values") or []:
            if isinstance(value, dict):
                yield code, period, value


def _fetch_codes(
    kpi_id: str, codes: list[str], since: datetime.date | None, result: KpiResult
) -> list[tuple[str, int, dict]]:
    """Rows for some municipalities; a chunk Kolada refuses is asked again one by one, so
    one code Kolada does not know costs only that municipality."""
    try:
        return list(_rows(kpi_id, _data_url(kpi_id, codes, since)))
    except NotFound:
        if len(codes) == 1:
            result.unknown_municipalities.append(codes[0])
            return []
    rows: list[tuple[str, int, dict]] = []
    for code in codes:
        rows.extend(_fetch_codes(kpi_id, [code], since, result))
    return rows


def fetch_kpi(kpi: KoladaKpi, municipalities: list[Municipality], *, full: bool = False):
    """Fetch one key figure for the municipalities and store it; a KpiResult."""
    result = KpiResult(kpi.kpi_id)
    started = clock.today()
    since = None if full else kpi.fetched_through
    by_code = {m.code: m for m in municipalities}
    try:
        meta = list(_pages(f"{settings.KOLADA_BASE_URL}/kpi/{quote(kpi.kpi_id)}"))
        if not any(str(item.get("id")) == kpi.kpi_id for item in meta):
            raise NotFound("no such key figure")
        rows: list[tuple[str, int, dict]] = []
        for codes in _chunks(sorted(by_code)):
            rows.extend(_fetch_codes(kpi.kpi_id, codes, since, result))
    except NotFound:
        result.error = f"Kolada känner inte till nyckeltalet {kpi.kpi_id}."
    except KoladaError as error:
        result.error = f"Kolada svarade inte som väntat: {error}"
    if result.error:
        logger.warning("fetch_kolada %s: %s", kpi.kpi_id, result.error)
        KoladaKpi.objects.filter(pk=kpi.pk).update(last_error=result.error)
        return result
    if result.unknown_municipalities:
        logger.warning(
            "fetch_kolada %s: Kolada does not know municipality %s",
            kpi.kpi_id,
            ", ".join(result.unknown_municipalities),
        )
    _store(kpi, rows, by_code, result)
    title = next((str(item.get("title")) for item in meta if item.get("title")), kpi.title)
    KoladaKpi.objects.filter(pk=kpi.pk).update(
        fetched_through=started, last_error="", title=title[:300]
    )
    return result


@transaction.atomic
def _store(
    kpi: KoladaKpi,
    rows: list[tuple[str, int, dict]],
    by_code: dict[str, Municipality],
    result: KpiResult,
) -> None:
    now = timezone.now()
    existing = {
        (v.municipality_id, v.period, v.gender): v for v in KoladaValue.objects.filter(kpi=kpi)
    }
    created: dict[tuple[int, int, str], KoladaValue] = {}
    updated: dict[tuple[int, int, str], KoladaValue] = {}
    deleted: list[int] = []
    for code, period, raw in rows:
        municipality = by_code.get(code)
        if municipality is None:
            continue
        key = (municipality.pk, period, str(raw.get("gender") or "T")[:1])
        if raw.get("isdeleted"):
            result.dropped += 1
            created.pop(key, None)
            updated.pop(key, None)
            if key in existing:
                deleted.append(existing.pop(key).pk)
            continue
        fields = {
            "value": _value(raw.get("value")),
            "status": str(raw.get("status") or "")[:32],
            "fetched_at": now,
        }
        if key in existing:
            stored = existing[key]
            for name, value in fields.items():
                setattr(stored, name, value)
            updated[key] = stored
        else:
            created[key] = KoladaValue(
                kpi=kpi, municipality=municipality, period=period, gender=key[2], **fields
            )
    result.stored = len(created) + len(updated)
    KoladaValue.objects.filter(pk__in=deleted).delete()
    KoladaValue.objects.bulk_create(list(created.values()))
    KoladaValue.objects.bulk_update(list(updated.values()), ["value", "status", "fetched_at"])


def fetch_all(*, county_code: str | None = None, full: bool = False) -> FetchReport:
    """Every chosen key figure for the county's municipalities (default: the portal's)."""
    code = county_code or settings.PORTAL_COUNTY_CODE
    municipalities = list(Municipality.objects.filter(county__code=code).order_by("code"))
    report = FetchReport()
    for kpi in KoladaKpi.objects.order_by("kpi_id"):
        report.results.append(fetch_kpi(kpi, municipalities, full=full))
    return report


@dataclass
class Panel:
    """Kolada's figures for some municipalities, apart from the portal's own."""

    kpis: list[KoladaKpi]
    #: (municipality, [(KPI, its newest total or None)] in the order of ``kpis``)
    rows: list[tuple[Municipality, list[tuple[KoladaKpi, KoladaValue | None]]]]
    fetched_at: datetime.datetime | None


def panel(municipalities) -> Panel:
    """The newest period of each chosen key figure per municipality: two queries."""
    kpis = list(KoladaKpi.objects.order_by("title"))
    municipalities = list(municipalities)
    latest = {
        (v.kpi_id, v.municipality_id): v
        for v in KoladaValue.objects.latest_totals([m.pk for m in municipalities])
    }
    rows = [
        (m, [(k, latest.get((k.pk, m.pk))) for k in kpis])
        for m in municipalities
        if any((k.pk, m.pk) in latest for k in kpis)
    ]
    fetched = [v.fetched_at for v in latest.values()]
    return Panel(kpis=kpis, rows=rows, fetched_at=max(fetched) if fetched else None)
