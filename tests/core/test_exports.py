"""core/exports.py: texts never become formulas, numbers stay numbers, XLSX has a title."""

from __future__ import annotations

import csv
import datetime
import io
from decimal import Decimal

import pytest
from django import forms
from openpyxl import load_workbook

from core.exports import (
    HEADER_ROW,
    ExportTitle,
    csv_response,
    form_filters,
    xlsx_response,
)

DANGEROUS = ["=1+1", "+46 8", "-x", "@SUM(A1)", "\tx", "\rx", "\uff1d1"]


def _csv(response) -> list[list[str]]:
    text = response.content.decode("utf-8")
    machine = not text.startswith("\ufeff")
    return list(csv.reader(io.StringIO(text.lstrip("\ufeff")), delimiter="," if machine else ";"))


@pytest.mark.parametrize("machine", [False, True])
def test_csv_texts_starting_with_a_formula_character_get_a_leading_apostrophe(machine):
    rows = _csv(csv_response("x", ["=Rubrik"], [[t] for t in DANGEROUS], machine=machine))
    assert rows[0] == ["'=Rubrik"]
    assert [r[0] for r in rows[1:]] == ["'" + t for t in DANGEROUS]


@pytest.mark.parametrize("machine", [False, True])
def test_csv_numbers_stay_numbers_even_when_negative(machine):
    rows = _csv(
        csv_response(
            "x", ["a"], [[-5, Decimal("-1.5"), -2.25, datetime.date(2026, 1, 2)]], machine=machine
        )
    )
    comma = "." if machine else ","
    assert rows[1] == ["-5", f"-1{comma}5", f"-2{comma}25", "2026-01-02"]


def test_csv_keeps_one_machine_readable_header_row():
    rows = _csv(csv_response("x", ["Kommunkod", "Antal"], [["0181", 4]]))
    assert rows == [["Kommunkod", "Antal"], ["0181", "4"]]


def _sheet(response):
    return load_workbook(io.BytesIO(response.content)).active


def test_xlsx_texts_are_text_cells_and_formula_like_ones_carry_the_quote_prefix():
    sheet = _sheet(xlsx_response("x", ["=h"], [[t, -3] for t in DANGEROUS], "Blad"))
    header = sheet.cell(row=HEADER_ROW, column=1)
    assert header.value == "=h" and header.data_type == "s" and header.quotePrefix
    for offset, text in enumerate(DANGEROUS, start=1):
        cell = sheet.cell(row=HEADER_ROW + offset, column=1)
        # XML reads a lone CR back as LF; it is still a quoted text cell.
        value = cell.value.replace("\n", "\r") if text.startswith("\r") else cell.value
        assert (value, cell.data_type, cell.quotePrefix) == (text, "s", True)
        number = sheet.cell(row=HEADER_ROW + offset, column=2)
        assert (number.value, number.data_type) == (-3, "n")
    plain = _sheet(xlsx_response("x", ["h"], [["Södertälje"]], "B")).cell(HEADER_ROW + 1, 1)
    assert plain.data_type == "s" and not plain.quotePrefix


def test_xlsx_drops_control_characters_a_workbook_cannot_hold():
    sheet = _sheet(xlsx_response("x", ["h"], [["a\x01b\x0bc"]], "B"))
    assert sheet.cell(row=HEADER_ROW + 1, column=1).value == "abc"


def test_xlsx_title_block_names_table_county_year_filters_time_and_source(settings):
    settings.PORTAL_ORGANISATION = "Länsstyrelsen i Stockholms län"
    title = ExportTitle(table="Kommuner", county="Stockholms län", year=2025, filters="Status: X")
    sheet = _sheet(xlsx_response("x", ["Kommunkod"], [["0181"]], "Kommuner", title=title))
    lines = [sheet.cell(row=r, column=1).value for r in range(1, HEADER_ROW + 2)]
    assert lines[:4] == ["Kommuner", "Län: Stockholms län", "År: 2025", "Filter: Status: X"]
    assert lines[4].startswith("Uttaget ")
    assert lines[5] == "Källa: Integrationsportalen, Länsstyrelsen i Stockholms län"
    assert lines[6] is None and lines[7] == "Kommunkod" and lines[8] == "0181"
    assert sheet.oddFooter.center.text == lines[5]
    assert sheet.parent.properties.title == "Kommuner"


def test_xlsx_taken_at_is_stockholm_time(settings):
    import re

    from django.utils import timezone

    sheet = _sheet(xlsx_response("x", ["h"], [], "B"))
    stamp = sheet.cell(row=5, column=1).value
    assert re.fullmatch(r"Uttaget \d{4}-\d{2}-\d{2} \d{2}:\d{2}", stamp)
    now = timezone.localtime(timezone.now(), timezone=datetime.UTC)
    stockholm = timezone.localtime(now).strftime("%Y-%m-%d %H")
    assert stamp.startswith(f"Uttaget {stockholm}") or stamp.endswith(":00")


def test_xlsx_without_a_title_still_has_the_block_with_all_counties():
    sheet = _sheet(xlsx_response("x", ["h"], [], "Blad"))
    assert [sheet.cell(row=r, column=1).value for r in (1, 2, 3, 4)] == [
        "Blad",
        "Län: alla län",
        "År: alla år",
        "Filter: inga",
    ]


class _Filter(forms.Form):
    status = forms.ChoiceField(label="Status", choices=[("", "Alla"), ("s", "Undertecknad")])
    q = forms.CharField(label="Sök", required=False)
    sort = forms.CharField(required=False)


def test_form_filters_lists_the_chosen_filters_by_label_and_choice():
    assert form_filters(_Filter({"status": "s", "q": "=x", "sort": "namn"})) == (
        "Status: Undertecknad; Sök: =x"
    )
    assert form_filters(_Filter()) == ""
    assert form_filters(_Filter({"status": "nope"})) == ""
