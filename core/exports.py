"""CSV and XLSX downloads with Swedish headers.

CSV uses semicolons and a byte-order mark, which is what Excel with Swedish
settings opens correctly; numbers are plain digits (decimals with a comma) so
they stay numbers. XLSX cells hold real numbers; the column formats below make
Excel show them the reader's way, i.e. "1 234", "33,3 %" in Swedish, and
years are never grouped.

Every file the portal serves is built here, so two rules hold everywhere:

* **No formulas from data** (OWASP "CSV injection"): a text starting with
  ``= + - @``, a tab or a carriage return gets a leading ``'`` in CSV; in XLSX
  it is forced to a text cell with Excel's quote prefix (what typing ``'`` does),
  so it is shown as typed and never computed. Numbers stay numbers.
* **XLSX says what it is**: a title block above the header (table, county,
  year, filters, "Uttaget <date time>" in Stockholm time, and the source), the
  source again in the sheet's footer and the workbook's properties. CSV keeps a
  single machine-readable header row.
"""

from __future__ import annotations

import csv
import datetime
import io
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from decimal import Decimal

from django.conf import settings
from django.http import HttpResponse
from django.utils import timezone
from django.utils.translation import gettext as _

XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"

#: XLSX number formats (Excel applies the reader's separators).
SV_INTEGER = "#,##0"
SV_DECIMAL = "#,##0.0"
#: A value already in percent (33.3), shown with a space before the sign.
SV_PERCENT = '0.0" %"'
SV_YEAR = "0"
SV_DATE = "yyyy-mm-dd"


#: First characters a spreadsheet reads as the start of a formula (OWASP), with the
#: full-width forms some spreadsheet programs treat the same way.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r", "\uff1d", "\uff0b", "\uff0d", "\uff20")
#: Control characters an XLSX file cannot hold (openpyxl refuses them).
_ILLEGAL_XLSX = re.compile(r"[\000-\010]|[\013-\014]|[\016-\037]")
#: Rows above the XLSX header: table, county, year, filters, taken, source, blank.
TITLE_ROWS = 7
#: The 1-based row of an XLSX file's header (its data start on the row below).
HEADER_ROW = TITLE_ROWS + 1


def is_formula_like(value: object) -> bool:
    return isinstance(value, str) and value.startswith(FORMULA_STARTS)


def escape_text(value: str) -> str:
    """A text a spreadsheet would compute, made inert with a leading apostrophe."""
    return "'" + value if is_formula_like(value) else value


def csv_value(value: object, *, decimal_comma: bool = True) -> object:
    """None → empty, decimals with a comma (Swedish Excel reads them as numbers), ISO dates,
    texts never formulas."""
    # The two common cases first: an export has ~10 000 values.
    if type(value) is int:
        return value
    if type(value) is str:
        return "'" + value if value.startswith(FORMULA_STARTS) else value
    if value is None:
        return ""
    if isinstance(value, Decimal | float):
        return str(value).replace(".", ",") if decimal_comma else str(value)
    if isinstance(value, datetime.date):
        return value.isoformat()
    if isinstance(value, str):
        return escape_text(value)
    return value


def csv_response(
    filename: str,
    headers: Sequence[str],
    rows: Iterable[Sequence],
    *,
    machine: bool = False,
) -> HttpResponse:
    """Swedish Excel's CSV (semicolons, BOM, decimal comma); ``machine``: RFC 4180 for
    programs (commas, CRLF, no BOM, decimal point), e.g. open data."""
    # Written to a buffer and given to the response once (a write per row cost a
    # charset lookup and an encode each: bench/README.md, "Round 4").
    buffer = io.StringIO()
    if machine:
        writer = csv.writer(buffer, lineterminator="\r\n")
    else:
        buffer.write("\ufeff")
        writer = csv.writer(buffer, delimiter=";")
    writer.writerow([csv_value(h) for h in headers])
    decimal_comma = not machine
    writer.writerows(
        [csv_value(value, decimal_comma=decimal_comma) for value in row] for row in rows
    )
    response = HttpResponse(buffer.getvalue(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}.csv"'
    return response


@dataclass(frozen=True)
class ExportTitle:
    """What an XLSX file's title block says: table, county, year and the filters used."""

    table: str
    county: str = ""
    year: int | str = ""
    filters: str = ""


def taken_at() -> str:
    """Now in Stockholm, the Swedish way: 2026-12-02 14:05."""
    return timezone.localtime(timezone.now()).strftime("%Y-%m-%d %H:%M")


def source_note() -> str:
    return _("Källa: Integrationsportalen, %(organisation)s") % {
        "organisation": settings.PORTAL_ORGANISATION
    }


def title_lines(title: ExportTitle) -> list[str]:
    """The title block, one line per row (TITLE_ROWS - 1 lines, then a blank row)."""
    return [
        title.table,
        _("Län: %(county)s") % {"county": title.county or _("alla län")},
        _("År: %(year)s") % {"year": title.year or _("alla år")},
        _("Filter: %(filters)s") % {"filters": title.filters or _("inga")},
        _("Uttaget %(when)s") % {"when": taken_at()},
        source_note(),
    ]


def form_filters(form, skip: Sequence[str] = ("sort", "sida", "lan")) -> str:
    """The filters a bound, valid form applies, as "Label: value; Label: value"."""
    if form is None or not getattr(form, "is_bound", False) or not form.is_valid():
        return ""
    parts = []
    for name, field in form.fields.items():
        if name in skip or field.widget.is_hidden:
            continue
        value = form.cleaned_data.get(name)
        if value in (None, "", False) or (hasattr(value, "__len__") and not len(value)):
            continue
        if value is True:
            shown = _("Ja")
        elif isinstance(value, list | tuple | set) or hasattr(value, "model"):
            shown = ", ".join(_choice_label(field, v) for v in value)
        else:
            shown = _choice_label(field, value)
        parts.append(f"{field.label}: {shown}")
    return "; ".join(parts)


def _choice_label(field, value: object) -> str:
    if hasattr(value, "pk"):
        return str(value)
    for key, label in getattr(field, "choices", ()) or ():
        if isinstance(label, list | tuple):  # an option group
            for sub_key, sub_label in label:
                if str(sub_key) == str(value):
                    return str(sub_label)
        elif str(key) == str(value):
            return str(label)
    return str(value)


def xlsx_value(value: object) -> object:
    if isinstance(value, Decimal):
        return float(value)
    if isinstance(value, str):
        return _ILLEGAL_XLSX.sub("", value)
    return value


def _text_cell(cell) -> None:
    """Data text is text: never a formula, even if it starts with '='."""
    if isinstance(cell.value, str):
        cell.data_type = "s"
        if is_formula_like(cell.value):
            cell.quotePrefix = True


def xlsx_response(
    filename: str,
    headers: Sequence[str],
    rows: Iterable[Sequence],
    sheet_title: str,
    number_formats: Sequence[str | None] | None = None,
    *,
    title: ExportTitle | None = None,
) -> HttpResponse:
    """``number_formats``: one XLSX format (or None) per column, e.g. SV_INTEGER.
    ``title``: the title block (table, county, year, filters); at least the sheet's name."""
    from openpyxl import Workbook
    from openpyxl.styles import Font

    title = title or ExportTitle(table=sheet_title)
    workbook = Workbook(write_only=False)
    sheet = workbook.active
    sheet.title = _ILLEGAL_XLSX.sub("", sheet_title)[:31].translate(
        str.maketrans("[]:*?/\\", "()-----")
    )
    lines = title_lines(title)
    for line in lines:
        sheet.append([xlsx_value(line)])
    for _blank in range(TITLE_ROWS - len(lines)):
        sheet.append([])
    sheet.cell(row=1, column=1).font = Font(bold=True, size=14)
    sheet.append([xlsx_value(h) for h in headers])
    for cell in sheet[HEADER_ROW]:
        cell.font = Font(bold=True)
    for row in rows:
        sheet.append([xlsx_value(v) for v in row])
    for row in sheet.iter_rows():
        for cell in row:
            _text_cell(cell)
    if number_formats:
        for column, number_format in enumerate(number_formats, start=1):
            if not number_format:
                continue
            for (cell,) in sheet.iter_rows(min_row=HEADER_ROW + 1, min_col=column, max_col=column):
                cell.number_format = number_format
    sheet.freeze_panes = f"A{HEADER_ROW + 1}"
    note = source_note()
    sheet.oddFooter.center.text = note.replace("&", "&&")
    workbook.properties.title = _ILLEGAL_XLSX.sub("", title.table)
    workbook.properties.creator = "Integrationsportalen"
    workbook.properties.description = f"{note}. {lines[4]}"
    buffer = io.BytesIO()
    workbook.save(buffer)
    response = HttpResponse(buffer.getvalue(), content_type=XLSX_TYPE)
    response["Content-Disposition"] = f'attachment; filename="{filename}.xlsx"'
    return response
