"""CSV and XLSX downloads with Swedish headers.

CSV uses semicolons and a byte-order mark, which is what Excel with Swedish
settings opens correctly; numbers are plain digits (decimals with a comma) so
they stay numbers. XLSX cells hold real numbers; the column formats below make
Excel show them the reader's way, i.e. "1 234", "33,3 %" in Swedish, and
years are never grouped.
"""

from __future__ import annotations

import csv
import datetime
import io
from collections.abc import Iterable, Sequence
from decimal import Decimal

from django.http import HttpResponse

XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"

#: XLSX number formats (Excel applies the reader's separators).
SV_INTEGER = "#,##0"
SV_DECIMAL = "#,##0.0"
#: A value already in percent (33.3), shown with a space before the sign.
SV_PERCENT = '0.0" %"'
SV_YEAR = "0"
SV_DATE = "yyyy-mm-dd"


def csv_value(value: object) -> object:
    """None → empty, decimals with a comma (Swedish Excel reads them as numbers), ISO dates."""
    if value is None:
        return ""
    if isinstance(value, Decimal | float):
        return str(value).replace(".", ",")
    if isinstance(value, datetime.date):
        return value.isoformat()
    return value


def csv_response(filename: str, headers: Sequence[str], rows: Iterable[Sequence]) -> HttpResponse:
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}.csv"'
    response.write("\ufeff")
    writer = csv.writer(response, delimiter=";")
    writer.writerow(headers)
    for row in rows:
        writer.writerow([csv_value(value) for value in row])
    return response


def xlsx_response(
    filename: str,
    headers: Sequence[str],
    rows: Iterable[Sequence],
    sheet_title: str,
    number_formats: Sequence[str | None] | None = None,
) -> HttpResponse:
    """``number_formats``: one XLSX format (or None) per column, e.g. SV_INTEGER."""
    from openpyxl import Workbook
    from openpyxl.styles import Font

    workbook = Workbook(write_only=False)
    sheet = workbook.active
    sheet.title = sheet_title[:31]
    sheet.append(list(headers))
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for row in rows:
        sheet.append([float(v) if isinstance(v, Decimal) else v for v in row])
    if number_formats:
        for column, number_format in enumerate(number_formats, start=1):
            if not number_format:
                continue
            for (cell,) in sheet.iter_rows(min_row=2, min_col=column, max_col=column):
                cell.number_format = number_format
    sheet.freeze_panes = "A2"
    buffer = io.BytesIO()
    workbook.save(buffer)
    response = HttpResponse(buffer.getvalue(), content_type=XLSX_TYPE)
    response["Content-Disposition"] = f'attachment; filename="{filename}.xlsx"'
    return response
