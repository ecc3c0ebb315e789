"""No file the portal serves turns a text into a spreadsheet formula (issue 15).

The route tables' world is built, then every free text in the database is made
to start with ``=`` (titles, names, reasons...). Every route that answers with a
CSV or XLSX attachment is downloaded by a persona allowed to: no CSV cell may
start with a formula character unescaped, no XLSX cell may be a formula, and a
text that starts with ``=`` is a text cell with Excel's quote prefix.
"""

from __future__ import annotations

import csv
import io

import pytest
from django.apps import apps
from django.db import models
from openpyxl import load_workbook

from core.exports import FORMULA_STARTS, HEADER_ROW, XLSX_TYPE
from tests.factories.accounts import client_for

from . import walker
from .registry import all_routes
from .routes import PERSONAS

PAYLOAD = '=HYPERLINK("http://evil.example")+'
#: Fields left as they are: they are looked up or typed by the tests' personas.
KEEP = {"code", "email", "username", "password", "slug", "org_number", "phone", "url"}
SKIP_APPS = {"auth", "contenttypes", "sessions", "admin", "axes", "zeal"}


def _poison_every_text() -> int:
    changed = 0
    for model in apps.get_models():
        if model._meta.app_label in SKIP_APPS or model._meta.proxy or not model._meta.managed:
            continue
        fields = [
            f.name
            for f in model._meta.concrete_fields
            if isinstance(f, models.CharField | models.TextField)
            and not f.choices
            and not f.unique
            and not f.primary_key
            and not any(k in f.name for k in KEEP)
        ]
        if not fields:
            continue
        for obj in model._default_manager.all():
            values = {}
            for name in fields:
                field = model._meta.get_field(name)
                value = getattr(obj, name) or ""
                room = (field.max_length or 10_000) - len(value)
                values[name] = (PAYLOAD[: max(room, 0)] + value) if room > 0 else value
            model._default_manager.filter(pk=obj.pk).update(**values)
            changed += 1
    return changed


def _export_requests(world) -> list:
    """Routes named as downloads (test_every_file_is_built_by_core_exports makes sure
    no other code writes CSV or XLSX)."""
    found = []
    for route in all_routes():
        if route.method != "GET" or not any(w in route.name for w in ("export", "csv", "xlsx")):
            continue
        persona = next((p for p in PERSONAS if route.expect[p] == 200), None)
        if persona is None:
            continue
        found.append((route, persona))
    return found


def _assert_title_block(sheet, where: str) -> None:
    """Table, county, year, filters, "Uttaget <date time>", source; the header below."""
    import re

    lines = [sheet.cell(row=r, column=1).value for r in range(1, HEADER_ROW)]
    assert lines[0], f"{where}: no table name"
    assert lines[1].startswith("Län: "), (where, lines)
    assert lines[2].startswith("År: "), (where, lines)
    assert lines[3].startswith("Filter: "), (where, lines)
    assert re.fullmatch(r"Uttaget \d{4}-\d{2}-\d{2} \d{2}:\d{2}", lines[4]), (where, lines)
    assert lines[5].startswith("Källa: Integrationsportalen, "), (where, lines)
    assert "Källa: Integrationsportalen" in sheet.oddFooter.center.text, where
    assert sheet.freeze_panes == f"A{HEADER_ROW + 1}", where
    assert sheet.cell(row=HEADER_ROW, column=1).font.bold, where


def _csv_cells(content: bytes) -> list[str]:
    text = content.decode("utf-8")
    delimiter = ";" if text.startswith("\ufeff") else ","
    return [cell for row in csv.reader(io.StringIO(text.lstrip("\ufeff")), delimiter=delimiter)
            for cell in row]  # fmt: skip


@pytest.mark.django_db
def test_no_export_of_the_portal_holds_a_formula(world):
    assert _poison_every_text() > 10
    checked = {"csv": 0, "xlsx": 0}
    escaped = 0
    for route, persona in _export_requests(world):
        response = walker.request(client_for(world[persona]), route, world)
        content_type = response.get("Content-Type", "")
        where = f"{walker.url_for(route, world)} as {persona}"
        if content_type.startswith("text/csv"):
            checked["csv"] += 1
            assert "Uttaget" not in response.content.decode().split("\n", 1)[0], where
            for cell in _csv_cells(response.content):
                assert not cell.startswith(FORMULA_STARTS), f"{where}: unescaped cell {cell!r}"
                escaped += cell.startswith("'=")
        elif content_type.startswith(XLSX_TYPE):
            checked["xlsx"] += 1
            workbook = load_workbook(io.BytesIO(response.content))
            _assert_title_block(workbook.active, where)
            for sheet in workbook.worksheets:
                for row in sheet.iter_rows():
                    for cell in row:
                        assert cell.data_type != "f", f"{where}: formula in {cell.coordinate}"
                        if isinstance(cell.value, str) and cell.value.startswith("="):
                            assert cell.data_type == "s" and cell.quotePrefix, (
                                f"{where}: {cell.coordinate} {cell.value!r} is not plain text"
                            )
                            escaped += 1
    # Every export of the route tables was looked at, and the texts did reach the files.
    assert checked["csv"] >= 6 and checked["xlsx"] >= 4, checked
    assert escaped > 10


def test_every_file_is_built_by_core_exports():
    """One mechanism: no module but core/exports.py writes CSV or builds a workbook."""
    from pathlib import Path

    from django.conf import settings

    root = Path(settings.BASE_DIR)
    offenders = []
    for path in root.glob("*/**/*.py"):
        relative = path.relative_to(root).as_posix()
        if (
            relative.startswith((".venv/", "tests/", "bench/", "scripts/"))
            or "/migrations/" in relative
        ):
            continue
        text = path.read_text(encoding="utf-8")
        if relative != "core/exports.py" and ("csv.writer" in text or "Workbook(" in text):
            offenders.append(relative)
    assert not offenders
