"""The overview's tables as export rows: Swedish headers, raw numbers, XLSX formats.

Each builder returns (sheet title, headers, XLSX number formats, rows) with
the same figures, in the same order, as the table on the page.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from django.utils.text import slugify

from agreements.models import TargetCategory
from core.exports import SV_DATE, SV_INTEGER, SV_PERCENT, SV_YEAR
from core.models import County, Municipality
from overview.activities import SLUGS, ActivityFigures, ActivityOverview, MunicipalityActivity
from overview.county import Overview, OverviewRow, Timeliness, YearLine
from reception.capacity import Capacity


@dataclass
class Table:
    sheet: str
    headers: list[str]
    formats: list[str | None]
    rows: list[list]


def _capacity_cells(c: Capacity) -> list:
    return [
        c.target,
        c.approved,
        c.submitted,
        c.received,
        c.remaining,
        c.fulfilment,
        c.expected,
        c.status_label,
    ]


def municipalities_table(ov: Overview, rows: list[OverviewRow]) -> Table:
    headers = [
        "Kommunkod",
        "Kommun",
        f"Mål ({ov.category.name})",
        "Godkänt",
        "Inskickat, ej granskat",
        "Mottagna hittills",
        "Kvar",
        "Måluppfyllelse (%)",
        "Förväntat i dag",
        "Läge",
        "Status senaste perioden",
        "Försenade rapporter",
        "Att granska",
    ]
    formats = [None, None, *[SV_INTEGER] * 5, SV_PERCENT, SV_INTEGER, None, None]
    formats += [SV_INTEGER, SV_INTEGER]
    body = [
        [
            r.municipality.code,
            r.municipality.name,
            *_capacity_cells(r.capacity),
            r.latest_status_label,
            r.overdue,
            r.awaiting_review,
        ]
        for r in rows
    ]
    body.append(["", "Hela länet", *_capacity_cells(ov.total), "", ov.overdue, ov.awaiting_review])
    return Table("Kommuner", headers, formats, body)


TIMELINESS_HEADERS = ["Förväntade", "Inskickade", "I tid", "För sent", "Saknas", "Andel i tid (%)"]
TIMELINESS_FORMATS = [*[SV_INTEGER] * 5, SV_PERCENT]


def _timeliness_cells(t: Timeliness) -> list:
    return [t.expected, t.submitted, t.on_time, t.late, t.missing, t.on_time_share]


def completeness_table(ov: Overview, rows: list[OverviewRow]) -> Table:
    body = [
        [r.municipality.code, r.municipality.name, *_timeliness_cells(r.timeliness)] for r in rows
    ]
    body.append(["", "Hela länet", *_timeliness_cells(ov.timeliness)])
    return Table(
        "Rapportering per kommun",
        ["Kommunkod", "Kommun", *TIMELINESS_HEADERS],
        [None, None, *TIMELINESS_FORMATS],
        body,
    )


def _line_header(ov: Overview) -> str:
    """The expected-pace column: the pace plans' where any municipality has one."""
    return "Förväntat enligt plan" if ov.total.planned is not None else "Mål enligt jämn takt"


def periods_table(ov: Overview, rows: list[OverviewRow] | None = None) -> Table:
    headers = [
        "Period",
        "Sista dag att rapportera",
        *TIMELINESS_HEADERS,
        "Mottagna under perioden",
        "Mottagna hittills",
        _line_header(ov),
    ]
    formats = [None, SV_DATE, *TIMELINESS_FORMATS, SV_INTEGER, SV_INTEGER, SV_INTEGER]
    body = [
        [
            p.period.label,
            p.period.deadline,
            *_timeliness_cells(p.timeliness),
            p.received,
            p.cumulative,
            p.target_line,
        ]
        for p in ov.series
    ]
    body.append(
        [
            "Hela året",
            None,
            *_timeliness_cells(ov.timeliness),
            ov.total.received,
            None,
            ov.total.target,
        ]
    )
    return Table("Per period", headers, formats, body)


def municipality_periods_table(ov: Overview, rows: list[OverviewRow] | None = None) -> Table:
    headers = [
        "Period",
        "Sista dag att rapportera",
        "Status",
        "Inskickad",
        "Inlämning",
        "Godkänt",
        "Inskickat, ej granskat",
        "Mottagna hittills",
        _line_header(ov),
    ]
    formats = [None, SV_DATE, None, SV_DATE, None, *[SV_INTEGER] * 4]
    body = [
        [
            p.period.label,
            p.period.deadline,
            p.status_label,
            p.submitted_on,
            p.state_label,
            p.approved,
            p.submitted,
            p.cumulative,
            p.target_line,
        ]
        for p in ov.series
    ]
    return Table("Per period", headers, formats, body)


def agreements_table(
    lines: list[YearLine], categories: list[TargetCategory], category: TargetCategory
) -> Table:
    headers = [
        "År",
        "Status",
        "Diarienummer",
        *[f"Mål: {c.name}" for c in categories],
        f"Mottagna: {category.name}",
        "Måluppfyllelse (%)",
    ]
    formats = [SV_YEAR, None, None, *[SV_INTEGER] * len(categories), SV_INTEGER, SV_PERCENT]
    body = [
        [
            line.agreement.year,
            line.agreement.get_status_display(),
            line.agreement.case_number,
            *line.places,
            line.received,
            line.fulfilment,
        ]
        for line in lines
    ]
    return Table("Överenskommelser", headers, formats, body)


ACTIVITY_HEADERS = [
    "Aktiviteter",
    "Platser",
    "Deltagare, kvinnor",
    "Deltagare, män",
    "Deltagare",
    "Började för första gången",
    "Slutförde",
    "Avbröt",
    "Beläggning (%)",
    "Deltagare i inskickade, ej godkända rapporter",
]
ACTIVITY_FORMATS = [*[SV_INTEGER] * 8, SV_PERCENT, SV_INTEGER]


def _activity_cells(f: ActivityFigures) -> list:
    return [
        f.activities,
        f.places,
        f.women,
        f.men,
        f.participants,
        f.first_time,
        f.completed,
        f.dropped,
        f.fill_rate,
        f.submitted,
    ]


def activity_kind_table(activities: ActivityOverview, kind: str) -> Table:
    """One kind's table of the county overview (SFI or civic orientation)."""
    table = activities.table(kind)
    body = [
        [r.municipality.code, r.municipality.name, *_activity_cells(r.figures)] for r in table.rows
    ]
    body.append(["", "Hela länet", *_activity_cells(table.total)])
    return Table(
        ACTIVITY_SHEETS[kind],
        ["Kommunkod", "Kommun", *ACTIVITY_HEADERS],
        [None, None, *ACTIVITY_FORMATS],
        body,
    )


def municipality_activities_table(lines: list[MunicipalityActivity]) -> Table:
    headers = [
        "Typ",
        "Aktivitet",
        "Ansvarig organisation",
        "Språk",
        "Startdatum",
        "Slutdatum",
        "Platser",
        "Deltagare",
        "Slutförde",
        "Beläggning (%)",
        "Deltagare i inskickade, ej godkända rapporter",
    ]
    formats = [None, None, None, None, SV_DATE, SV_DATE, *[SV_INTEGER] * 3, SV_PERCENT]
    formats.append(SV_INTEGER)
    body = [
        [
            line.activity.get_kind_display(),
            line.activity.title,
            line.activity.organisation.name,
            ", ".join(language.name for language in line.activity.languages.all()),
            line.activity.start,
            line.activity.end,
            line.activity.places,
            line.participants,
            line.completed,
            line.fill_rate,
            line.submitted,
        ]
        for line in lines
    ]
    return Table("Aktiviteter", headers, formats, body)


#: The county overview's activity tables: URL name → kind.
ACTIVITY_TABLES = {slug: kind for kind, slug in SLUGS.items()}
ACTIVITY_SHEETS = {"sfi": "SFI", "civic": "Samhällsorientering"}

COUNTY_TABLES: dict[str, Callable[[Overview, list[OverviewRow]], Table]] = {
    "kommuner": municipalities_table,
    "rapportering": completeness_table,
    "perioder": periods_table,
}
MUNICIPALITY_TABLES = ("perioder", "overenskommelser", "aktiviteter")
FORMATS = ("csv", "xlsx")


def county_filename(ov: Overview, table: str) -> str:
    """Year and county in every name, e.g. oversikt-kommuner-anvisade-01-stockholms-lan-2025."""
    county = ov.county
    return f"oversikt-{table}-{ov.category.code}-{county.code}-{slugify(county.name)}-{ov.year}"


def municipality_filename(municipality: Municipality, ov: Overview, table: str) -> str:
    county = municipality.county
    return (
        f"uppfoljning-{table}-{ov.category.code}-{municipality.code}-"
        f"{slugify(municipality.name)}-{county.code}-{slugify(county.name)}-{ov.year}"
    )


def activity_filename(county: County, year: int, table: str) -> str:
    """E.g. oversikt-sfi-01-stockholms-lan-2025 (activities do not depend on the category)."""
    return f"oversikt-{table}-{county.code}-{slugify(county.name)}-{year}"
