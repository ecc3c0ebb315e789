"""Migrationsverket's monthly "Kommunmottagande med kommuntal <år>": read a workbook, map
names to municipalities, compare with the municipalities' own reports.

The real file's layout is not verified here, so the reader looks for it rather than
assuming it: the first sheet with a header row (within the first rows) that names a
municipality column and a column of people received after anvisning; optional columns
for the self-settled and the kommuntal. Names, not codes: normalised (case, hyphens,
spaces, a trailing "kommun") and matched against the county's municipalities and the
mappings staff made before (``MunicipalityNameMapping``). County and national total
rows are skipped. ".." is *masked* (fewer than 6), never 0. Uploads are read through the
shared upload guard (archive size and ratio, declared dimension, defusedxml, row cap).
"""

from __future__ import annotations

import io
import re
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Sum
from django.utils.translation import gettext as _

from agreements import imports as guard
from core.models import County, Municipality

from .models import (
    HANDED_IN,
    FollowUpReport,
    MunicipalityNameMapping,
    OfficialFigure,
    OfficialPublication,
    ReportFigure,
)

MAX_ROWS = 2000
HEADER_ROWS = 30
MASKED = ".."
#: A difference of at least this many people between the two counts is flagged.
DIFFERENCE_THRESHOLD = 1

_TOTAL = re.compile(r"^(totalt|total|summa|riket|hela riket|samtliga)\b|\blän$")
_YEAR = re.compile(r"kommuntal\s+(\d{4})", re.IGNORECASE)


class FileProblem(Exception):
    """The workbook cannot be read as a publication (no header, wrong year, not Excel)."""


@dataclass
class SheetRow:
    line: int
    name: str
    received: str = ""
    self_settled: str = ""
    kommuntal: str = ""


@dataclass
class RowProblem:
    line: int
    name: str
    message: str


@dataclass
class Parsed:
    line: int
    name: str
    municipality: Municipality
    received: int | None
    received_masked: bool
    self_settled: int | None
    self_settled_masked: bool
    kommuntal: int | None


@dataclass
class Checked:
    rows: list[Parsed] = field(default_factory=list)
    problems: list[RowProblem] = field(default_factory=list)
    unmatched: list[str] = field(default_factory=list)
    other_counties: int = 0
    totals_skipped: int = 0


def normalise(name: str) -> str:
    text = re.sub(r"[-‐‑–—_]", " ", str(name or "")).lower()
    text = re.sub(r"\s+", " ", text).strip()
    return re.sub(r"\s+kommun$", "", text)


def _text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return str(value).strip()


#: What each column of the sheet can be, in the order a header cell is tried.
ROLES = ("name", "kommuntal", "received", "self_settled")
#: Roles a sheet must have; the others may be "no column".
REQUIRED_ROLES = ("name", "received")
#: The choice meaning "the sum of this role's month columns" (a sheet with a column per month).
MONTHS_CHOICE = "months"
#: What a sum of month columns reads as when one month is masked: the year cannot be summed.
MASKED_PART = "..+"

_MONTH_WORDS = {
    word: number
    for number, words in enumerate(
        (
            ("januari", "jan", "january"),
            ("februari", "feb", "february"),
            ("mars", "mar", "march"),
            ("april", "apr"),
            ("maj", "may"),
            ("juni", "jun", "june"),
            ("juli", "jul", "july"),
            ("augusti", "aug", "august"),
            ("september", "sep", "sept"),
            ("oktober", "okt", "oct", "october"),
            ("november", "nov"),
            ("december", "dec"),
        ),
        start=1,
    )
    for word in words
}


def _role_of(cell: str) -> str | None:
    """The role a normalised header cell names, if any."""
    if cell in ("kommun", "kommunnamn", "kommun namn"):
        return "name"
    if "kommuntal" in cell:
        return "kommuntal"
    if "anvis" in cell:
        return "received"
    if "egenbosatt" in cell or "självbosatt" in cell:
        return "self_settled"
    return None


def month_of(cell: str) -> int | None:
    """The month a header cell names (”Anvisade januari”, ”mottagna efter anvisning, feb”)."""
    for word in re.findall(r"[a-zåäö]+", normalise(cell)):
        if word in _MONTH_WORDS:
            return _MONTH_WORDS[word]
    return None


def month_columns(header: list[str], role: str) -> list[int]:
    """The columns of one role that each hold one month, in month order."""
    found = [
        (month, index)
        for index, raw in enumerate(header)
        if _role_of(normalise(raw)) == role and (month := month_of(raw)) is not None
    ]
    return [index for _month, index in sorted(found)]


def detect_columns(header: list[str]) -> dict[str, str]:
    """A first guess from the header's words: {role: column index as text, or "months"}.

    A year-to-date column is preferred; a role that only has month columns gets their sum.
    """
    found: dict[str, str] = {}
    for index, raw in enumerate(header):
        role = _role_of(normalise(raw))
        if role is None or role in found:
            continue
        if role != "name" and month_of(raw) is not None:
            continue
        found[role] = str(index)
    for role in ("received", "self_settled"):
        if role not in found and month_columns(header, role):
            found[role] = MONTHS_CHOICE
    return found


def column_indices(header: list[str], role: str, choice: str) -> list[int]:
    """The columns a choice reads: one, the role's month columns, or none."""
    if choice == MONTHS_CHOICE:
        return month_columns(header, role)
    if choice.isdecimal() and int(choice) < len(header):
        return [int(choice)]
    return []


def columns_problems(header: list[str], choices: dict[str, str]) -> dict[str, str]:
    """{role: message} for choices that cannot be read: a required role without a column,
    a column that is not in the sheet, one column chosen for two things."""
    problems: dict[str, str] = {}
    used: dict[int, str] = {}
    for role in ROLES:
        choice = choices.get(role, "")
        if not choice:
            if role in REQUIRED_ROLES:
                problems[role] = _("Välj kolumnen.")
            continue
        indices = column_indices(header, role, choice)
        if not indices:
            problems[role] = _("Kolumnen finns inte i filen.")
            continue
        if any(index in used for index in indices):
            problems[role] = _("Kolumnen är redan vald för något annat.")
            continue
        used.update(dict.fromkeys(indices, role))
    return problems


def remembered_choices(mapping, header: list[str]) -> dict[str, str] | None:
    """The columns staff confirmed last time, found again in this header by their text;
    None when there is no mapping or a remembered column is not in this file."""
    if mapping is None or not mapping.columns:
        return None
    texts = [normalise(h) for h in header]
    choices: dict[str, str] = {}
    for role, text in mapping.columns.items():
        if role not in ROLES:
            continue
        if text == MONTHS_CHOICE:
            if not month_columns(header, role):
                return None
            choices[role] = MONTHS_CHOICE
        elif text in texts:
            choices[role] = str(texts.index(text))
        else:
            return None
    return choices if not columns_problems(header, choices) else None


def remembered_form(header: list[str], choices: dict[str, str]) -> dict[str, str]:
    """What is kept for next month: each chosen column by its header's text."""
    kept = {}
    for role, choice in choices.items():
        if choice == MONTHS_CHOICE:
            kept[role] = MONTHS_CHOICE
        elif choice.isdecimal() and int(choice) < len(header):
            kept[role] = normalise(header[int(choice)])
    return kept


def _summed(texts: list[str]) -> str:
    """The text of several month cells added up, for ``_number`` to read: blank when all are
    blank, the first cell that is not a whole number as it is, MASKED_PART when a month is
    masked (the year's sum is then unknown)."""
    total = 0
    seen = False
    masked = False
    for text in texts:
        if text == "":
            continue
        if text == MASKED:
            masked = True
            continue
        digits = text.replace(" ", "").replace("\u00a0", "")
        if not digits.isdecimal():
            return text
        total += int(digits)
        seen = True
    if masked:
        return MASKED_PART
    return str(total) if seen else ""


@dataclass
class Table:
    """A sheet's header row and the rows under it, every cell as text."""

    sheet: str
    header_line: int
    header: list[str]
    rows: list[tuple[int, list[str]]]

    def examples(self, index: int, count: int = 3) -> list[str]:
        """The first few values in a column, for staff to recognise it."""
        found = []
        for _line, cells in self.rows:
            value = cells[index] if index < len(cells) else ""
            if value:
                found.append(value)
                if len(found) == count:
                    break
        return found

    def sheet_rows(self, choices: dict[str, str]) -> list[SheetRow]:
        """The rows read with the chosen columns (each role's cells summed when several)."""
        indices = {role: column_indices(self.header, role, choices.get(role, "")) for role in ROLES}
        rows = []
        for line, cells in self.rows:

            def value(role: str, cells=cells) -> str:
                texts = [cells[i] if i < len(cells) else "" for i in indices[role]]
                if len(texts) == 1:
                    return texts[0]
                return _summed(texts)

            name = value("name")
            if not name:
                continue
            rows.append(
                SheetRow(
                    line=line,
                    name=name,
                    received=value("received"),
                    self_settled=value("self_settled"),
                    kommuntal=value("kommuntal"),
                )
            )
        return rows


def _workbook_content(upload) -> bytes:
    """The upload's bytes, at most the guard's file size; FileProblem past it."""
    content = upload.read(guard.MAX_FILE_BYTES + 1)
    if len(content) > guard.MAX_FILE_BYTES:
        raise FileProblem(_("Filen är för stor (högst 1 MB)."))
    if not content.strip():
        raise FileProblem(_("Filen är tom."))
    return content


def read_workbook(upload, *, year: int) -> tuple[list[SheetRow], dict[str, str]]:
    """The rows under the header of the first sheet that has one, read with the columns
    the header's words suggest, and those columns."""
    table = read_table(upload, year=year)
    choices = detect_columns(table.header)
    return table.sheet_rows(choices), choices


def read_table(upload, *, year: int) -> Table:
    """The header and rows of the first sheet that has a header row.

    The shared upload guard (``agreements.imports``) reads it: the archive's sizes and
    packing ratio are checked before anything is unpacked, the XML is parsed with
    defusedxml (entities refused), each sheet's declared dimension and its rows are
    bounded. Whatever a hostile or malformed file makes the parser raise is the form's
    message, never a 500.
    """
    from openpyxl import load_workbook

    content = _workbook_content(upload)
    try:
        guard.check_archive(content)
    except guard.FileProblem as exc:
        raise FileProblem(str(exc)) from None
    try:
        workbook = load_workbook(io.BytesIO(content), read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises many kinds for a file that is not a workbook
        raise FileProblem(_("Filen kunde inte läsas som en Excel-fil (.xlsx).")) from exc
    try:
        for sheet in workbook.worksheets:
            where = _("Bladet ”%(sheet)s”") % {"sheet": sheet.title}
            found = _sheet_table(sheet.title, guard.bounded_table(sheet, where), year=year)
            if found is not None:
                return found
    except guard.FileProblem as exc:
        raise FileProblem(str(exc)) from None
    except FileProblem:
        raise
    except Exception:
        raise FileProblem(_("Filen kunde inte läsas som en Excel-fil (.xlsx).")) from None
    finally:
        workbook.close()
    raise FileProblem(
        _(
            "Hittade ingen rubrikrad med kolumnerna Kommun och mottagna efter anvisning i "
            "något blad."
        )
    )


def _sheet_table(title: str, table, *, year: int) -> Table | None:
    """The sheet's header and the rows under it; None for a sheet without a header row
    (one naming a municipality column and a column of people received after anvisning)."""
    header: list[str] | None = None
    header_line = 0
    rows: list[tuple[int, list[str]]] = []
    for line, values in enumerate(table, start=1):
        if line > MAX_ROWS:
            raise FileProblem(
                _("Bladet har fler än %(n)s rader; det är inte en månadsfil.") % {"n": MAX_ROWS}
            )
        cells = [_text(v) for v in values]
        if header is None:
            for cell in cells:
                match = _YEAR.search(cell)
                if match and int(match.group(1)) != year:
                    raise FileProblem(
                        _("Filen gäller %(found)s, inte %(year)s.")
                        % {"found": match.group(1), "year": year}
                    )
            found = detect_columns(cells)
            if "name" in found and "received" in found:
                header, header_line = cells, line
            elif line >= HEADER_ROWS:
                return None
            continue
        if any(cells):
            rows.append((line, cells))
    if header is None:
        return None
    return Table(sheet=title, header_line=header_line, header=header, rows=rows)


def _number(text: str, label: str) -> tuple[int | None, bool, str | None]:
    """(value, masked, problem) for one cell."""
    if text == "":
        return None, False, None
    if text == MASKED:
        return None, True, None
    if text == MASKED_PART:
        return (
            None,
            False,
            _(
                "%(label)s: en månad är maskerad (”..”), så summan för året kan inte räknas. "
                "Välj kolumnen för hittills i år."
            )
            % {"label": label},
        )
    digits = text.replace(" ", "").replace("\u00a0", "")
    if re.fullmatch(r"-\d+", digits):
        return (
            None,
            False,
            _("%(label)s är negativt (%(value)s).") % {"label": label, "value": text},
        )
    if not digits.isdecimal():
        return (
            None,
            False,
            _("%(label)s är inte ett heltal: ”%(value)s”.")
            % {
                "label": label,
                "value": text,
            },
        )
    return int(digits), False, None


def check_rows(rows: list[SheetRow], *, county: County, year: int, through_month: int) -> Checked:
    """Map names, parse figures, compare with the previous publication of the year."""
    checked = Checked()
    municipalities = list(Municipality.objects.all())
    by_name = {normalise(m.name): m for m in municipalities}
    by_name |= {
        m.name: m.municipality
        for m in MunicipalityNameMapping.objects.select_related("municipality")
    }
    previous = (
        OfficialPublication.objects.filter(
            county=county, year=year, through_month__lt=through_month
        )
        .order_by("-through_month", "-published_on")
        .first()
    )
    before = (
        {
            f.municipality_id: f.received
            for f in OfficialFigure.objects.filter(publication=previous, received__isnull=False)
        }
        if previous
        else {}
    )
    seen: set[int] = set()
    for row in rows:
        key = normalise(row.name)
        if _TOTAL.search(key):
            checked.totals_skipped += 1
            continue
        municipality = by_name.get(key)
        if municipality is None:
            checked.problems.append(
                RowProblem(row.line, row.name, _("Okänt kommunnamn. Välj vilken kommun det är."))
            )
            if row.name not in checked.unmatched:
                checked.unmatched.append(row.name)
            continue
        if municipality.county_id != county.pk:
            checked.other_counties += 1
            continue
        if municipality.pk in seen:
            checked.problems.append(
                RowProblem(row.line, row.name, _("Kommunen finns två gånger i filen."))
            )
            continue
        seen.add(municipality.pk)
        received, received_masked, p1 = _number(row.received, _("Mottagna efter anvisning"))
        settled, settled_masked, p2 = _number(row.self_settled, _("Egenbosatta"))
        quota, quota_masked, p3 = _number(row.kommuntal, _("Kommuntal"))
        problems = [p for p in (p1, p2, p3) if p]
        if quota_masked:
            problems.append(_("Kommuntalet kan inte vara maskerat."))
        earlier = before.get(municipality.pk)
        if received is not None and earlier is not None and received < earlier:
            problems.append(
                _(
                    "Mottagna hittills i år minskar från %(before)s (t.o.m. månad %(month)s) "
                    "till %(now)s."
                )
                % {"before": earlier, "month": previous.through_month, "now": received}
            )
        if problems:
            checked.problems.extend(RowProblem(row.line, row.name, p) for p in problems)
            continue
        checked.rows.append(
            Parsed(
                line=row.line,
                name=row.name,
                municipality=municipality,
                received=received,
                received_masked=received_masked,
                self_settled=settled,
                self_settled_masked=settled_masked,
                kommuntal=quota,
            )
        )
    return checked


@dataclass
class Reconciliation:
    """Migrationsverket's year to date beside the municipality's own reports."""

    label: str
    official: int | None
    masked: bool
    own: int
    through_month: int
    published_on: Any

    @property
    def official_text(self) -> str:
        if self.masked:
            return _("färre än 6 (maskerat)")
        return "–" if self.official is None else str(self.official)

    @property
    def differs(self) -> bool:
        if self.masked:
            return self.own >= 6
        if self.official is None:
            return False
        return abs(self.official - self.own) >= DIFFERENCE_THRESHOLD


def own_year_to_date(municipality: Municipality, year: int, through_month: int) -> dict:
    """The municipality's own received (kommuntal category) and self-settled, year to date,
    from handed-in reports, as reported (by month of reception, as Migrationsverket counts)."""
    received = ReportFigure.objects.filter(
        report__municipality=municipality,
        report__period__year=year,
        report__period__end__month__lte=through_month,
        report__status__in=list(HANDED_IN),
        category__is_settlement_quota=True,
    ).aggregate(total=Sum("received"))["total"]
    settled = FollowUpReport.objects.filter(
        municipality=municipality,
        period__year=year,
        period__end__month__lte=through_month,
        status__in=list(HANDED_IN),
    ).aggregate(total=Sum("self_settled"))["total"]
    return {"received": received or 0, "self_settled": settled or 0}


def reconcile(report) -> list[Reconciliation]:
    """For a report: the latest publication running through its period's last month."""
    period = report.period
    figure = (
        OfficialFigure.objects.filter(
            publication__county_id=period.county_id,
            publication__year=period.year,
            publication__through_month=period.end.month,
            municipality_id=report.municipality_id,
        )
        .select_related("publication")
        .order_by("-publication__published_on")
        .first()
    )
    if figure is None:
        return []
    own = own_year_to_date(report.municipality, period.year, period.end.month)
    publication = figure.publication
    return [
        Reconciliation(
            _("Mottagna efter anvisning"),
            figure.received,
            figure.received_masked,
            own["received"],
            publication.through_month,
            publication.published_on,
        ),
        Reconciliation(
            _("Egenbosatta"),
            figure.self_settled,
            figure.self_settled_masked,
            own["self_settled"],
            publication.through_month,
            publication.published_on,
        ),
    ]


def return_message(lines: list[Reconciliation], month_label: str) -> str:
    """A prepared message for returning the report, naming each difference."""
    parts = [
        _("%(label)s: Migrationsverket %(official)s, kommunen %(own)s")
        % {"label": line.label, "official": line.official_text, "own": line.own}
        for line in lines
        if line.differs
    ]
    if not parts:
        return ""
    return _(
        "Migrationsverkets statistik till och med %(month)s skiljer sig från kommunens "
        "rapporter (%(parts)s). Kontrollera uppgifterna, rätta dem och skicka in igen."
    ) % {"month": month_label, "parts": "; ".join(parts)}


def own_by_municipality(county: County, year: int, through_month: int) -> dict[int, int]:
    """{municipality id: own received (kommuntal category), year to date}: one query."""
    return dict(
        ReportFigure.objects.filter(
            report__municipality__county=county,
            report__period__year=year,
            report__period__end__month__lte=through_month,
            report__status__in=list(HANDED_IN),
            category__is_settlement_quota=True,
        )
        .values("report__municipality_id")
        .annotate(total=Sum("received"))
        .values_list("report__municipality_id", "total")
    )


def own_self_settled_by_municipality(county: County, year: int, through_month: int) -> dict:
    """{municipality id: own self-settled, year to date}: one query."""
    return dict(
        FollowUpReport.objects.filter(
            municipality__county=county,
            period__year=year,
            period__end__month__lte=through_month,
            status__in=list(HANDED_IN),
        )
        .values("municipality_id")
        .annotate(total=Sum("self_settled"))
        .values_list("municipality_id", "total")
    )


@dataclass
class CountyLine:
    """One municipality on the county overview: both counts, received and self-settled."""

    municipality: Municipality
    received: Reconciliation
    self_settled: Reconciliation

    @property
    def differs(self) -> bool:
        return self.received.differs or self.self_settled.differs


@dataclass
class CountyReconciliation:
    publication: OfficialPublication | None
    lines: list[CountyLine]

    @property
    def differences(self) -> list[CountyLine]:
        return [line for line in self.lines if line.differs]


def latest_publication(county: County, year: int) -> OfficialPublication | None:
    return (
        OfficialPublication.objects.filter(county=county, year=year)
        .order_by("-through_month", "-published_on")
        .first()
    )


def county_reconciliation(
    county: County, year: int, municipalities: list[Municipality]
) -> CountyReconciliation:
    """Migrationsverket's latest publication of the year beside each municipality's own
    reports up to the month it runs through: four queries, however many municipalities."""
    publication = latest_publication(county, year)
    if publication is None:
        return CountyReconciliation(None, [])
    month = publication.through_month
    figures = {f.municipality_id: f for f in OfficialFigure.objects.filter(publication=publication)}
    received = own_by_municipality(county, year, month)
    settled = own_self_settled_by_municipality(county, year, month)
    lines = []
    for municipality in sorted(municipalities, key=lambda m: m.name):
        figure = figures.get(municipality.pk)

        def line(label, value, masked, own):
            return Reconciliation(label, value, masked, own or 0, month, publication.published_on)

        lines.append(
            CountyLine(
                municipality,
                line(
                    _("Mottagna efter anvisning"),
                    figure.received if figure else None,
                    figure.received_masked if figure else False,
                    received.get(municipality.pk),
                ),
                line(
                    _("Egenbosatta"),
                    figure.self_settled if figure else None,
                    figure.self_settled_masked if figure else False,
                    settled.get(municipality.pk),
                ),
            )
        )
    return CountyReconciliation(publication, lines)


@dataclass
class SeriesMonth:
    """One month on the municipality page: Migrationsverket's and the municipality's count
    of people received after anvisning, for the month and year to date."""

    month: int
    official_to_date: int | None
    official_masked: bool
    official_month: int | None
    own_month: int
    own_to_date: int

    @property
    def label(self) -> str:
        from django.utils.dates import MONTHS

        return str(MONTHS[self.month])

    @property
    def official_text(self) -> str:
        if self.official_masked:
            return _("färre än 6 (maskerat)")
        return "–" if self.official_to_date is None else str(self.official_to_date)

    @property
    def differs(self) -> bool:
        return Reconciliation(
            "", self.official_to_date, self.official_masked, self.own_to_date, self.month, None
        ).differs


def municipality_series(municipality: Municipality, year: int) -> list[SeriesMonth]:
    """Month by month up to the last month Migrationsverket has published: its year to date
    (the latest publication for each month) and the month it adds, beside the
    municipality's own handed-in reports. Two queries; empty without a publication."""
    official: dict[int, OfficialFigure] = {}
    for figure in (
        OfficialFigure.objects.filter(
            municipality=municipality,
            publication__county_id=municipality.county_id,
            publication__year=year,
        )
        .select_related("publication")
        .order_by("publication__through_month", "publication__published_on")
    ):
        official[figure.publication.through_month] = figure
    if not official:
        return []
    own = dict(
        ReportFigure.objects.filter(
            report__municipality=municipality,
            report__period__year=year,
            report__status__in=list(HANDED_IN),
            category__is_settlement_quota=True,
        )
        .values("report__period__end__month")
        .annotate(total=Sum("received"))
        .values_list("report__period__end__month", "total")
    )
    months: list[SeriesMonth] = []
    own_to_date = 0
    before: int | None = 0
    for month in range(1, max(official) + 1):
        figure = official.get(month)
        to_date = figure.received if figure else None
        masked = bool(figure and figure.received_masked)
        own_to_date += own.get(month) or 0
        added = to_date - before if to_date is not None and before is not None else None
        months.append(SeriesMonth(month, to_date, masked, added, own.get(month) or 0, own_to_date))
        before = to_date
    return months
