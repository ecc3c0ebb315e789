"""Malicious and malformed allocation files, built in code (small, nothing stored).

Each builder returns ``(file name, bytes)``. ``python -m tests.agreements.bombs``
reads every one with the portal's importer and prints time and peak memory per
file as JSON (tests/agreements/test_import_bombs.py runs it in a fresh process so
the figures are the worker's, not the test runner's).
"""

from __future__ import annotations

import io
import json
import re
import resource
import sys
import time
import tracemalloc
import zipfile
from collections.abc import Callable

from openpyxl import Workbook

SHEET = "xl/worksheets/sheet1.xml"


def good_workbook(rows=(("Kommunkod", "Antal"), ("0181", 45))) -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "Kommuntal"
    for row in rows:
        sheet.append(list(row))
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _rewrite(content: bytes, changes: dict[str, Callable[[bytes], bytes] | bytes]) -> bytes:
    """The workbook with some members replaced (a callable gets the old bytes)."""
    source = zipfile.ZipFile(io.BytesIO(content))
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED, compresslevel=6) as target:
        for info in source.infolist():
            data = source.read(info.filename)
            change = changes.get(info.filename)
            if callable(change):
                data = change(data)
            elif change is not None:
                data = change
            target.writestr(info.filename, data)
    return buffer.getvalue()


def _sheet_data(sheet_xml: bytes, rows: bytes, dimension: str | None = None) -> bytes:
    text = re.sub(
        rb"<sheetData>.*</sheetData>|<sheetData\s*/>",
        b"<sheetData>ROWS</sheetData>",
        sheet_xml,
        flags=re.S,
    )
    text = re.sub(
        rb"<dimension[^>]*>", f'<dimension ref="{dimension}"/>'.encode() if dimension else b"", text
    )
    return text.replace(b"ROWS", rows)


def declared_whole_sheet() -> tuple[str, bytes]:
    """1.6 kB that declares A1:XFD1048576 (2.7–4 GB and a 500 before)."""
    return "dimension.xlsx", _rewrite(
        good_workbook(),
        {
            SHEET: lambda x: re.sub(
                rb'<dimension ref="[^"]*"\s*/>', b'<dimension ref="A1:XFD1048576"/>', x
            )
        },
    )


def cell_in_last_column() -> tuple[str, bytes]:
    """No dimension, one cell at XFD1: the row would be padded to 16 384 cells."""
    rows = (
        b'<row r="1"><c r="A1" t="inlineStr"><is><t>Kommunkod</t></is></c>'
        b'<c r="XFD1"><v>1</v></c></row>'
    )
    return "wide.xlsx", _rewrite(good_workbook(), {SHEET: lambda x: _sheet_data(x, rows)})


def _many_rows(count: int) -> bytes:
    header = (
        b'<row><c t="inlineStr"><is><t>Kommunkod</t></is></c>'
        b'<c t="inlineStr"><is><t>Antal</t></is></c></row>'
    )
    return header + b"<row><c><v>180</v></c><c><v>1</v></c></row>" * count


def million_rows() -> tuple[str, bytes]:
    """1 000 000 data rows, no dimension (held a worker until gunicorn killed it)."""
    return "million.xlsx", _rewrite(
        good_workbook(), {SHEET: lambda x: _sheet_data(x, _many_rows(1_000_000))}
    )


def million_empty_rows() -> tuple[str, bytes]:
    """1 000 000 empty ``<row/>`` elements: 6 MB unpacked from a few kB."""
    return "empty-rows.xlsx", _rewrite(
        good_workbook(), {SHEET: lambda x: _sheet_data(x, b"<row/>" * 1_000_000)}
    )


def rows_over_the_cap() -> tuple[str, bytes]:
    """6 000 rows: a small honest archive, but more rows than any county has."""
    return "6000.xlsx", _rewrite(
        good_workbook(), {SHEET: lambda x: _sheet_data(x, _many_rows(6_000))}
    )


LAUGHS = (
    b'<?xml version="1.0"?>\n<!DOCTYPE lolz [<!ENTITY lol "lol">'
    + b"".join(
        f'<!ENTITY lol{i} "{("&lol%s;" % (i - 1 if i > 1 else "")) * 10}">'.encode()
        for i in range(1, 10)
    )
    + b"]>\n"
)


def billion_laughs_sheet() -> tuple[str, bytes]:
    def explode(x: bytes) -> bytes:
        body = re.sub(rb"^<\?xml[^>]*\?>\s*", b"", x)
        body = body.replace(
            b"<sheetData>",
            b'<sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>&lol9;</t></is></c></row>',
            1,
        )
        return LAUGHS + body

    return "laughs.xlsx", _rewrite(good_workbook(), {SHEET: explode})


def billion_laughs_workbook() -> tuple[str, bytes]:
    def explode(x: bytes) -> bytes:
        return LAUGHS + re.sub(rb"^<\?xml[^>]*\?>\s*", b"", x)

    return "laughs-wb.xlsx", _rewrite(good_workbook(), {"xl/workbook.xml": explode})


def external_entity() -> tuple[str, bytes]:
    def explode(x: bytes) -> bytes:
        body = re.sub(rb"^<\?xml[^>]*\?>\s*", b"", x)
        body = body.replace(
            b"<sheetData>",
            b'<sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>&xxe;</t></is></c></row>',
            1,
        )
        return (
            b'<?xml version="1.0"?><!DOCTYPE x [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>' + body
        )

    return "xxe.xlsx", _rewrite(good_workbook(), {SHEET: explode})


def broken_content_types() -> tuple[str, bytes]:
    return "types.xlsx", _rewrite(good_workbook(), {"[Content_Types].xml": b"<Types><Default"})


def no_workbook_part() -> tuple[str, bytes]:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("hello.txt", "not a workbook")
    return "empty.xlsx", buffer.getvalue()


def zip_bomb() -> tuple[str, bytes]:
    """One member of 50 MB of zeros, ~50 kB packed."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as archive:
        with archive.open("xl/worksheets/sheet1.xml", "w") as member:
            chunk = b"\0" * 1_000_000
            for _ in range(50):
                member.write(chunk)
    return "zeros.xlsx", buffer.getvalue()


def not_a_zip() -> tuple[str, bytes]:
    return "text.xlsx", b"PK\x03\x04" + b"this is not a zip archive" * 10


def csv_million_rows() -> tuple[str, bytes]:
    return "million.csv", b"Kommunkod;Antal\n" + b"\n" * 999_000


def csv_with_nul() -> tuple[str, bytes]:
    return "nul.csv", b"Kommunkod;Antal\n0181;4\x005\n"


def csv_bad_encoding() -> tuple[str, bytes]:
    return "bad.csv", b"Kommunkod;Antal\n0181;\x81\x8d\x8f\n"


def csv_huge_field() -> tuple[str, bytes]:
    return "field.csv", b'Kommunkod;Antal\n"' + b"x" * 900_000 + b'";1\n'


BOMBS: dict[str, Callable[[], tuple[str, bytes]]] = {
    "declared_whole_sheet": declared_whole_sheet,
    "cell_in_last_column": cell_in_last_column,
    "million_rows": million_rows,
    "million_empty_rows": million_empty_rows,
    "rows_over_the_cap": rows_over_the_cap,
    "billion_laughs_sheet": billion_laughs_sheet,
    "billion_laughs_workbook": billion_laughs_workbook,
    "external_entity": external_entity,
    "broken_content_types": broken_content_types,
    "no_workbook_part": no_workbook_part,
    "zip_bomb": zip_bomb,
    "not_a_zip": not_a_zip,
    "csv_million_rows": csv_million_rows,
    "csv_with_nul": csv_with_nul,
    "csv_bad_encoding": csv_bad_encoding,
    "csv_huge_field": csv_huge_field,
}


def read_all(paths: list[str]) -> dict[str, dict]:
    """In this (fresh) process: read each file with the importer, timed, then traced.

    ``rss_growth_mb`` is how far the process's peak RSS rose above what it was after
    Django started, over all files read so far (so a bound for each of them).
    """
    from pathlib import Path

    from django.core.files.uploadedfile import SimpleUploadedFile

    from agreements.imports import FileProblem, read_allocation_file

    rss_start = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    results = {}
    for path in paths:
        content = Path(path).read_bytes()
        bomb, name = Path(path).name.split("-", 1)

        def read() -> str:
            try:
                read_allocation_file(SimpleUploadedFile(name, content))  # noqa: B023
            except FileProblem as exc:
                return str(exc)
            return "(read without complaint)"

        started = time.perf_counter()
        message = read()
        seconds = time.perf_counter() - started
        rss_growth_kb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - rss_start
        tracemalloc.start()
        read()
        _, peak = tracemalloc.get_traced_memory()
        tracemalloc.stop()
        results[bomb] = {
            "file_bytes": len(content),
            "seconds": round(seconds, 3),
            "python_peak_mb": round(peak / 1_000_000, 1),
            "rss_growth_mb": round(rss_growth_kb / 1000, 1),
            "message": message,
        }
    return results


def measure(names: list[str] | None = None) -> dict[str, dict]:
    """Every bomb read in one fresh process (not the test runner's)."""
    import os
    import subprocess
    import tempfile
    from pathlib import Path

    with tempfile.TemporaryDirectory() as folder:
        paths = []
        for name in names or list(BOMBS):
            filename, content = BOMBS[name]()
            path = Path(folder) / f"{name}-{filename}"
            path.write_bytes(content)
            paths.append(str(path))
        output = subprocess.run(
            [sys.executable, "-m", "tests.agreements.bombs", "--read", *paths],
            capture_output=True,
            text=True,
            check=True,
            env={**os.environ, "DJANGO_SETTINGS_MODULE": "integration_portal.test_settings"},
            cwd=Path(__file__).resolve().parents[2],
        )
    return json.loads(output.stdout)


if __name__ == "__main__":
    if sys.argv[1:2] == ["--read"]:
        import django

        django.setup()
        json.dump(read_all(sys.argv[2:]), sys.stdout, ensure_ascii=False)
    else:
        json.dump(measure(sys.argv[1:] or None), sys.stdout, ensure_ascii=False, indent=1)
