"""Reading a municipal quota allocation from a CSV or XLSX file.

The file has a header row with a municipality column (``Kommunkod`` or
``Kommun``) and a places column (``Antal``, ``Platser`` or ``Kommuntal``).
In a workbook the sheet called ``Kommuntal`` is read, or the first sheet if
there is none by that name. Nothing here writes to the database: the
service ``allocation_import`` commits only when every row is valid.
"""

from __future__ import annotations

import csv
import io
import zipfile
from dataclasses import dataclass

from django.utils.translation import gettext as _

from core.models import County, Municipality

from .models import MAX_PLACES

MAX_FILE_BYTES = 1_000_000
#: Bounds that keep a worker small whatever the file says about itself: a county has at
#: most a few dozen municipalities, so a real allocation file is far inside all of them.
MAX_ROWS = 5_000
MAX_COLUMNS = 100
#: The archive's members unpacked together, and how much one member may grow by.
MAX_UNCOMPRESSED_BYTES = 10_000_000
MAX_COMPRESSION_RATIO = 100
MAX_ARCHIVE_MEMBERS = 200
SHEET_NAME = "Kommuntal"
CODE_HEADERS = {"kommunkod", "kod", "kommun-kod", "kommun kod"}
NAME_HEADERS = {"kommun", "kommunnamn", "namn"}
PLACES_HEADERS = {"antal", "platser", "kommuntal", "antal platser", "mottagande"}


class FileProblem(Exception):
    """The file as a whole cannot be read (empty, malformed, wrong sheet...)."""


class AllocationImportError(Exception):
    def __init__(self, row_errors: list[RowError], message: str = "") -> None:
        self.row_errors = row_errors
        super().__init__(message or _("Filen innehåller fel. Inget har sparats."))


@dataclass(frozen=True)
class RowError:
    line: int
    municipality: str
    message: str


@dataclass(frozen=True)
class ParsedRow:
    line: int
    municipality: Municipality
    places: int


def _clean_header(value: object) -> str:
    return str(value or "").strip().lower().replace("_", " ")


def _rows_from_table(table: list[list[object]], where: str) -> list[tuple[int, str, str]]:
    """(line number, municipality, places) from a table whose first non-empty row is the header."""
    lines = [
        (number, row)
        for number, row in enumerate(table, start=1)
        if any(str(c or "").strip() for c in row)
    ]
    if not lines:
        raise FileProblem(_("Filen är tom."))
    header_line, header = lines[0]
    names = [_clean_header(c) for c in header]
    municipality_col = next(
        (i for i, n in enumerate(names) if n in CODE_HEADERS),
        next((i for i, n in enumerate(names) if n in NAME_HEADERS), None),
    )
    places_col = next((i for i, n in enumerate(names) if n in PLACES_HEADERS), None)
    if municipality_col is None or places_col is None:
        raise FileProblem(
            _(
                "%(where)s saknar rubrikerna som behövs. Första raden ska ha en kolumn "
                "Kommunkod (eller Kommun) och en kolumn Antal."
            )
            % {"where": where}
        )
    result = []
    for number, row in lines[1:]:
        cells = list(row) + [None] * (max(municipality_col, places_col) + 1 - len(row))
        result.append((number, _cell(cells[municipality_col]), _cell(cells[places_col])))
    if not result:
        raise FileProblem(_("Filen har rubriker men inga rader med kommuntal."))
    return result


def _cell(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


def _read_csv(content: bytes) -> list[tuple[int, str, str]]:
    try:
        text = content.decode("utf-8-sig")
    except UnicodeDecodeError:
        try:
            text = content.decode("cp1252")
        except UnicodeDecodeError:
            raise FileProblem(_("Filen kan inte läsas som text (CSV).")) from None
    if "\x00" in text:
        raise FileProblem(_("Filen kan inte läsas som text (CSV)."))
    first = text.split("\n", 1)[0]
    delimiter = ";" if first.count(";") >= first.count(",") and ";" in first else ","
    if delimiter == "," and "," not in first and "\t" in first:
        delimiter = "\t"
    table = []
    try:
        for row in csv.reader(io.StringIO(text), delimiter=delimiter):
            if len(table) >= MAX_ROWS:
                raise FileProblem(_too_many_rows())
            table.append(row[:MAX_COLUMNS])
    except csv.Error:
        raise FileProblem(_("Filen är inte en giltig CSV-fil.")) from None
    return _rows_from_table(table, _("Filen"))


def _grouped(number: int) -> str:
    """1048576 → "1 048 576" (Swedish digit grouping, no-break spaces)."""
    return f"{number:,}".replace(",", "\u00a0")


def _too_many_rows() -> str:
    return _(
        "Filen har fler än %(rows)s rader. Ta bort tomma och överflödiga rader och försök igen."
    ) % {"rows": _grouped(MAX_ROWS)}


def _not_a_workbook() -> str:
    return _("Filen är inte en giltig Excel-fil (XLSX).")


def _check_archive(content: bytes) -> None:
    """Refuse a zip bomb before anything is unpacked: the sizes in the archive's
    directory bound what zipfile will ever inflate (it stops at the declared size)."""
    try:
        with zipfile.ZipFile(io.BytesIO(content)) as archive:
            members = archive.infolist()
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, ValueError, EOFError):
        raise FileProblem(_not_a_workbook()) from None
    if len(members) > MAX_ARCHIVE_MEMBERS:
        raise FileProblem(_not_a_workbook())
    total = sum(member.file_size for member in members)
    too_packed = any(
        member.file_size > 1_000_000
        and member.file_size > MAX_COMPRESSION_RATIO * max(member.compress_size, 1)
        for member in members
    )
    if total > MAX_UNCOMPRESSED_BYTES or too_packed:
        raise FileProblem(
            _(
                "Filen packas upp till mer än %(size)s MB och kan inte läsas. Spara bladet "
                "med bara kommuntalen i en ny arbetsbok och försök igen."
            )
            % {"size": MAX_UNCOMPRESSED_BYTES // 1_000_000}
        )


def _read_xlsx(content: bytes) -> list[tuple[int, str, str]]:
    # openpyxl parses with defusedxml when it is installed (requirements.txt pins it):
    # entity expansion ("billion laughs") and external entities are refused.
    from openpyxl import load_workbook

    _check_archive(content)
    # Whatever a malformed workbook makes openpyxl or the XML parser raise (KeyError,
    # ParseError, defusedxml's EntitiesForbidden, TypeError...), it is the user's file
    # that is wrong: the form says so, the worker does not answer 500.
    try:
        workbook = load_workbook(io.BytesIO(content), read_only=True, data_only=True)
    except Exception:
        raise FileProblem(_not_a_workbook()) from None
    try:
        if not workbook.sheetnames:
            raise FileProblem(_not_a_workbook())
        if SHEET_NAME in workbook.sheetnames:
            sheet = workbook[SHEET_NAME]
        else:
            sheet = workbook[workbook.sheetnames[0]]
        where = _("Bladet ”%(sheet)s”") % {"sheet": sheet.title}
        if sheet.title != SHEET_NAME:
            where += " " + _("(inget blad heter ”Kommuntal”)")
        table = _bounded_table(sheet, where)
        return _rows_from_table(table, where)
    except FileProblem:
        raise
    except Exception:
        raise FileProblem(_not_a_workbook()) from None
    finally:
        workbook.close()


def _bounded_table(sheet, where: str) -> list[list[object]]:
    """At most MAX_ROWS × MAX_COLUMNS cells, whatever the sheet declares.

    The declared dimension (``A1:XFD1048576``) is what made openpyxl pad every row to
    16 384 cells; it is checked first and the read never goes past the bounds.
    """
    max_row = getattr(sheet, "max_row", None) or 0
    max_column = getattr(sheet, "max_column", None) or 0
    if max_row > MAX_ROWS or max_column > MAX_COLUMNS:
        raise FileProblem(
            _(
                "%(where)s säger att det har %(rows)s rader och %(columns)s kolumner. "
                "Högst %(max_rows)s rader och %(max_columns)s kolumner kan läsas. Kopiera "
                "kommuntalen till ett nytt blad och försök igen."
            )
            % {
                "where": where,
                "rows": _grouped(max_row),
                "columns": _grouped(max_column),
                "max_rows": _grouped(MAX_ROWS),
                "max_columns": MAX_COLUMNS,
            }
        )
    table: list[list[object]] = []
    rows = sheet.iter_rows(
        min_row=1, max_row=MAX_ROWS + 1, max_col=max_column or MAX_COLUMNS, values_only=True
    )
    for row in rows:
        if len(table) >= MAX_ROWS:
            raise FileProblem(_too_many_rows())
        table.append(list(row))
    return table


def read_allocation_file(uploaded) -> list[tuple[int, str, str]]:
    """Raw (line, municipality, places) rows; FileProblem for a file that cannot be read."""
    if uploaded is None:
        raise FileProblem(_("Välj en fil."))
    if uploaded.size > MAX_FILE_BYTES:
        raise FileProblem(_("Filen är för stor (högst 1 MB)."))
    content = uploaded.read()
    if not content.strip():
        raise FileProblem(_("Filen är tom."))
    name = (uploaded.name or "").lower()
    if name.endswith(".xlsx") or content[:2] == b"PK":
        return _read_xlsx(content)
    if name.endswith((".csv", ".txt")):
        return _read_csv(content)
    raise FileProblem(_("Filen måste vara en CSV- eller XLSX-fil."))


def parse_places(raw: str) -> int:
    """Whole number 0–100 000 from '1 234'; ValueError with a Swedish message otherwise."""
    text = raw
    for space in (" ", "\u00a0", "\u202f", "\u2009"):
        text = text.replace(space, "")
    if text == "":
        raise ValueError(_("Antal saknas."))
    if "," in text or "." in text:
        try:
            float(text.replace(",", "."))
        except ValueError:
            pass
        else:
            raise ValueError(_("Antalet måste vara ett heltal, inte %(value)s.") % {"value": raw})
    if not text.lstrip("-").isdecimal():
        raise ValueError(_("”%(value)s” är inte ett tal.") % {"value": raw})
    number = int(text)
    if number < 0:
        raise ValueError(_("Antalet kan inte vara negativt."))
    if number > MAX_PLACES:
        raise ValueError(_("Antalet får vara högst 100 000."))
    return number


def validate_rows(
    rows: list[tuple[int, str, str]] | list[tuple[str, str]], *, county: County
) -> tuple[list[ParsedRow], list[RowError]]:
    """Match municipalities (code or name, within the county) and check the figures."""
    municipalities = list(Municipality.objects.filter(county=county))
    by_code = {m.code: m for m in municipalities}
    by_name = {m.name.casefold(): m for m in municipalities}
    all_codes = dict(Municipality.objects.values_list("code", "name"))
    parsed: list[ParsedRow] = []
    errors: list[RowError] = []
    seen: dict[str, int] = {}
    for index, row in enumerate(rows, start=2):
        line, key, raw_places = row if len(row) == 3 else (index, *row)
        key = str(key).strip()
        if key.isdecimal() and len(key) < 4:
            key = key.zfill(4)  # Excel drops the leading zero of 0180
        municipality = by_code.get(key) or by_name.get(key.casefold())
        row_problems = []
        if not key:
            row_problems.append(_("Kommun saknas."))
        elif municipality is None:
            if key in all_codes:
                row_problems.append(
                    _("%(name)s (%(code)s) ligger inte i %(county)s.")
                    % {"name": all_codes[key], "code": key, "county": county.name}
                )
            elif key.isdecimal():
                row_problems.append(_("Okänd kommunkod %(code)s.") % {"code": key})
            else:
                row_problems.append(_("Okänd kommun ”%(name)s”.") % {"name": key})
        elif municipality.code in seen:
            row_problems.append(
                _("%(name)s finns redan på rad %(line)s.")
                % {"name": municipality.name, "line": seen[municipality.code]}
            )
        try:
            places = parse_places(str(raw_places))
        except ValueError as exc:
            row_problems.append(str(exc))
            places = None
        if row_problems:
            errors.extend(RowError(line, key, problem) for problem in row_problems)
        else:
            seen[municipality.code] = line
            parsed.append(ParsedRow(line, municipality, places))
    return parsed, errors


# The shared upload guard, for every workbook import above this app (reception's
# Migrationsverket import): the archive is checked before anything is unpacked, the
# declared dimension and the rows are bounded; each raises FileProblem with the form's text.
check_archive = _check_archive
bounded_table = _bounded_table
