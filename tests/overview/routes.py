"""Every overview URL with its expectation per persona: the review queue, the county
overview and its exports, the municipality page and open data.

They read what the reception and activities tables build (their build_world runs first).
"""

from __future__ import annotations

from tests.harness.routes import Route, county_object_read, public, staff_page


def _open_data_world() -> None:
    """A signed agreement in municipality C (no reporter), so the open data has a year."""
    import datetime

    from agreements.models import Agreement
    from core.models import Municipality

    Agreement.objects.get_or_create(
        municipality=Municipality.objects.get(code="0180"),
        year=OPEN_DATA_YEAR,
        defaults={
            "status": Agreement.Status.SIGNED,
            "valid_from": datetime.date(OPEN_DATA_YEAR, 1, 1),
            "valid_to": datetime.date(OPEN_DATA_YEAR, 12, 31),
        },
    )
    from overview.models import OpenDataVersion
    from overview.services import opendata_publish

    if not OpenDataVersion.objects.filter(year=OPEN_DATA_YEAR).exists():
        opendata_publish(year=OPEN_DATA_YEAR, reason="Första versionen.")


def build_world(world: dict) -> None:
    _open_data_world()


ROUTES = [
    Route("overview:review_queue", expect=staff_page()),
    Route(
        "overview:county",
        kwargs=lambda w: {"year": 2025},
        expect=staff_page(),
        note="the county overview (it grew out of the capacity table)",
    ),
    Route(
        "overview:county",
        kwargs=lambda w: {"year": 2025},
        expect=staff_page(),
        query="?skillnader=1",
        note="Migrationsverket's columns, differences only (issue 18)",
    ),
    Route(
        "overview:county_export",
        kwargs=lambda w: {"year": 2025, "table": "kommuner", "fmt": "xlsx"},
        expect=staff_page(),
        note="a download, not a page",
    ),
    Route(
        "overview:county_export",
        kwargs=lambda w: {"year": 2025, "table": "sfi", "fmt": "csv"},
        expect=staff_page(),
        note="SFI per municipality, a download",
    ),
    Route(
        "overview:county_export",
        kwargs=lambda w: {"year": 2025, "table": "samhallsorientering", "fmt": "xlsx"},
        expect=staff_page(),
        note="civic orientation per municipality, a download",
    ),
    Route(
        "overview:municipality",
        kwargs=lambda w: {"code": "0181"},
        query="?ar=2025",
        expect=county_object_read(),
    ),
    Route(
        "overview:municipality_export",
        kwargs=lambda w: {"code": "0181", "table": "perioder", "fmt": "csv"},
        query="?ar=2025",
        expect=county_object_read(),
        note="a download, not a page",
    ),
    Route(
        "overview:municipality_export",
        kwargs=lambda w: {"code": "0181", "table": "aktiviteter", "fmt": "xlsx"},
        query="?ar=2025",
        expect=county_object_read(),
        note="the municipality's activities, a download",
    ),
]


def _opendata_year(world: dict) -> dict:
    return {"year": OPEN_DATA_YEAR}


OPEN_DATA_YEAR = 2020


ROUTES += [
    Route("overview:opendata", expect=public()),
    Route("overview:opendata_year", kwargs=_opendata_year, expect=public()),
    Route("overview:opendata_csv", kwargs=_opendata_year, expect=public()),
    Route("overview:opendata_json", kwargs=_opendata_year, expect=public()),
    Route("overview:opendata_catalogue", expect=public()),
    Route("overview:opendata_versions", kwargs=_opendata_year, expect=public()),
    Route(
        "overview:opendata_version_csv",
        kwargs=lambda w: {"year": OPEN_DATA_YEAR, "number": 1},
        expect=public(),
    ),
    Route(
        "overview:opendata_version_json",
        kwargs=lambda w: {"year": OPEN_DATA_YEAR, "number": 1},
        expect=public(),
    ),
]


def _kolada_kpi(world: dict) -> dict:
    from overview.models import KoladaKpi

    kpi, _created = KoladaKpi.objects.get_or_create(
        kpi_id="N01951", defaults={"title": "Invånare totalt, antal"}
    )
    return {"pk": kpi.pk}


ROUTES += [
    Route("overview:kolada_kpis", expect=staff_page(), note="search Kolada and choose KPIs"),
    Route(
        "overview:kolada_choose",
        method="POST",
        data=lambda w: {"kpi_id": "U00400", "title": "Elever i sfi"},
        expect=staff_page(302),
    ),
    Route("overview:kolada_remove", method="POST", kwargs=_kolada_kpi, expect=staff_page(302)),
]

ROUTES += [
    Route(
        "overview:dashboard",
        expect=staff_page(),
        note="the work dashboard staff land on (the system administrator: every county)",
    ),
    Route(
        "overview:dashboard",
        query="?lan=01",
        expect={**staff_page(), "other_county_staff": 404},
        note="one county's dashboard, as the administrator opens it from the counties table",
    ),
    Route(
        "overview:review_queue",
        query="?status=submitted",
        expect=staff_page(),
        note="the queue filtered from the dashboard",
    ),
]
