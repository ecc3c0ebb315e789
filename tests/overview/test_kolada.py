"""fetch_kolada against a real local HTTP server answering from recorded v3 files."""

from __future__ import annotations

import io
import logging
from decimal import Decimal
from urllib.parse import parse_qs, urlsplit

import pytest
from django.core.management import CommandError, call_command

from core.models import County, Municipality
from overview import kolada
from overview.models import KoladaKpi, KoladaValue
from tests.overview.kolada_server import KoladaServer

pytestmark = pytest.mark.django_db


@pytest.fixture
def server(settings):
    with KoladaServer() as running:
        settings.KOLADA_BASE_URL = running.base
        settings.KOLADA_TIMEOUT_SECONDS = 0.5
        settings.PORTAL_COUNTY_CODE = "01"
        yield running


def choose(*ids: str) -> None:
    for kpi_id in ids:
        KoladaKpi.objects.create(kpi_id=kpi_id, title=f"Vald {kpi_id}")


def value(kpi_id: str, code: str, period: int, gender: str = "T") -> KoladaValue:
    return KoladaValue.objects.get(
        kpi__kpi_id=kpi_id, municipality__code=code, period=period, gender=gender
    )


def fetch(*args: str) -> tuple[str, str]:
    out, err = io.StringIO(), io.StringIO()
    call_command("fetch_kolada", *args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def data_requests(server: KoladaServer) -> list[str]:
    return [r for r in server.requests if r.startswith("/v3/data/")]


def test_fetch_follows_next_url_in_chunks_of_25_and_drops_deleted_rows(server):
    choose("N01951")
    out, _err = fetch()
    assert "N01951: 7 values stored, 1 deleted" in out
    assert value("N01951", "0180", 2025).value == Decimal("988943")
    assert value("N01951", "0180", 2025, "K").value == Decimal("500210")
    assert value("N01951", "0181", 2023).value == Decimal("100800")  # from page 2
    assert value("N01951", "0192", 2025).value == Decimal("30412")  # the second chunk
    assert not KoladaValue.objects.filter(municipality__code="0181", period=2024).exists()
    stored = value("N01951", "0181", 2025)
    assert stored.fetched_at is not None
    # 26 municipalities: 25 + 1 ids, each followed to its second page; no from_date yet.
    requests = data_requests(server)
    first_pages = [r for r in requests if "page=" not in r]
    assert len(first_pages) == 2
    assert max(len(urlsplit(r).path.rsplit("/", 1)[1].split(",")) for r in requests) == 25
    assert all("from_date" not in r for r in requests)
    kpi = KoladaKpi.objects.get(kpi_id="N01951")
    assert kpi.title == "Invånare totalt, antal"  # the title as Kolada has it
    assert kpi.fetched_through is not None and kpi.last_error == ""


def test_second_fetch_is_incremental_and_applies_deletions(server):
    choose("N01951")
    fetch()
    fetched_through = KoladaKpi.objects.get().fetched_through
    server.requests.clear()
    out, _err = fetch()
    since = [parse_qs(urlsplit(r).query).get("from_date") for r in data_requests(server)]
    assert since and all(s == [fetched_through.isoformat()] for s in since)
    assert value("N01951", "0181", 2025).value == Decimal("102610")
    assert not KoladaValue.objects.filter(municipality__code="0181", period=2023).exists()
    assert value("N01951", "0180", 2025).value == Decimal("988943")  # untouched


@pytest.mark.parametrize(
    ("kpi_id", "behaviour", "says"),
    [
        ("N00500", "500", "HTTP 500"),
        ("N00600", "timeout", "timeout"),
        ("N00700", "garbage", "not JSON"),
        ("N99999", None, "känner inte till nyckeltalet N99999"),
    ],
)
def test_a_failing_key_figure_is_logged_reported_and_the_others_still_fetched(
    server, caplog, kpi_id, behaviour, says
):
    if behaviour:
        server.misbehave[kpi_id] = behaviour
    choose(kpi_id, "N01951", "N00919")
    with caplog.at_level(logging.WARNING, logger="overview.kolada"):
        with pytest.raises(CommandError, match="1 of 3 key figures failed"):
            fetch()
    assert says in caplog.text
    assert says in KoladaKpi.objects.get(kpi_id=kpi_id).last_error
    assert not KoladaValue.objects.filter(kpi__kpi_id=kpi_id).exists()
    assert value("N01951", "0180", 2025).value == Decimal("988943")
    assert value("N00919", "0181", 2024).value == Decimal("61.4")
    assert KoladaKpi.objects.get(kpi_id=kpi_id).fetched_through is None


def test_a_municipality_kolada_does_not_know_costs_only_that_municipality(server):
    county = County.objects.get(code="01")
    Municipality.objects.create(code="0100", name="Påhittad", county=county)
    server.unknown_municipalities = {"0100"}
    choose("N01951")
    out, _err = fetch()
    assert "Kolada does not know municipality 0100" in out
    assert value("N01951", "0180", 2025).value == Decimal("988943")
    assert value("N01951", "0192", 2025).value == Decimal("30412")


def test_search_by_title_follows_next_url(server):
    found = kolada.search_kpis("sfi")
    assert [k["id"] for k in found] == ["U00400", "U00401", "N00919"]
    assert parse_qs(urlsplit(server.requests[0]).query) == {"title": ["sfi"]}


def test_search_when_kolada_is_down_raises_a_kolada_error(settings):
    settings.KOLADA_BASE_URL = "http://127.0.0.1:9/v3"  # nothing listens on the discard port
    with pytest.raises(kolada.KoladaError):
        kolada.search_kpis("sfi")


def test_nothing_chosen_fetches_nothing(server):
    out, _err = fetch()
    assert "nothing fetched" in out
    assert server.requests == []
