"""Hostile and malformed import files: the form's message, small memory, short time.

The files are built in code (tests/agreements/bombs.py); the figures come from a
fresh process reading each one, so they are a worker's, not the test runner's.
"""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from agreements.models import Agreement, TargetRevision

from . import bombs

pytestmark = pytest.mark.django_db
IMPORT = reverse("agreements:import", kwargs={"year": 2026})

EXPECTED_MESSAGE = {
    "declared_whole_sheet": "1\u00a0048\u00a0576 rader och 16\u00a0384 kolumner",
    "cell_in_last_column": "saknar rubrikerna",
    "million_rows": "packas upp till mer än 10 MB",
    "million_empty_rows": "packas upp till mer än 10 MB",
    "rows_over_the_cap": "fler än 5\u00a0000 rader",
    "billion_laughs_sheet": "inte en giltig Excel-fil",
    "billion_laughs_workbook": "inte en giltig Excel-fil",
    "external_entity": "inte en giltig Excel-fil",
    "broken_content_types": "inte en giltig Excel-fil",
    "no_workbook_part": "inte en giltig Excel-fil",
    "zip_bomb": "packas upp till mer än 10 MB",
    "not_a_zip": "inte en giltig Excel-fil",
    "csv_million_rows": "fler än 5\u00a0000 rader",
    "csv_with_nul": "kan inte läsas som text",
    "csv_bad_encoding": "kan inte läsas som text",
    "csv_huge_field": "inte en giltig CSV-fil",
}


def test_every_bomb_has_an_expected_message():
    assert set(EXPECTED_MESSAGE) == set(bombs.BOMBS)


@pytest.mark.parametrize("bomb", sorted(bombs.BOMBS))
def test_a_hostile_or_malformed_file_is_the_forms_message_and_saves_nothing(
    staff_client, agreement_a, bomb
):
    name, content = bombs.BOMBS[bomb]()
    response = staff_client.post(IMPORT, {"file": SimpleUploadedFile(name, content)})
    assert response.status_code == 200
    errors = response.context["upload"].errors["file"]
    assert any(EXPECTED_MESSAGE[bomb] in e for e in errors), errors
    assert 'id="error-summary"' in response.content.decode()
    assert "preview" not in response.context
    assert not Agreement.objects.exclude(pk=agreement_a.pk).exists()
    assert TargetRevision.objects.count() == 1


def test_openpyxl_parses_workbooks_with_defusedxml():
    import openpyxl.xml
    from defusedxml.ElementTree import iterparse
    from openpyxl.worksheet import _reader

    assert openpyxl.xml.DEFUSEDXML is True
    assert _reader.iterparse is iterparse


def test_the_row_cap_allows_a_county_sized_file_and_refuses_one_row_more(staff_client):
    from agreements.imports import MAX_ROWS

    lines = ["Kommunkod;Antal", "0181;4"] + [""] * (MAX_ROWS - 2)
    response = staff_client.post(
        IMPORT, {"file": SimpleUploadedFile("k.csv", "\n".join(lines).encode())}
    )
    assert response.context["row_errors"] == []
    assert [r["municipality"].code for r in response.context["preview"]] == ["0181"]
    response = staff_client.post(
        IMPORT, {"file": SimpleUploadedFile("k.csv", "\n".join([*lines, "", ""]).encode())}
    )
    assert any("fler än 5\u00a0000 rader" in e for e in response.context["upload"].errors["file"])


def test_a_workbook_whose_sheet_declares_its_true_size_is_still_read(staff_client):
    content = bombs.good_workbook((("Kommunkod", "Antal"), ("0181", 45), ("0126", 3)))
    response = staff_client.post(IMPORT, {"file": SimpleUploadedFile("k.xlsx", content)})
    assert [r["places"] for r in response.context["preview"]] == [45, 3]


def test_every_bomb_is_read_in_small_memory_and_short_time():
    """Before: 2.7–4 GB and a 500 for the dimension bomb, 30 s and a killed worker for
    a million rows. The bounds here are generous for a shared CI machine."""
    results = bombs.measure()
    print("\nbomb                      bytes      s   py-peak MB  RSS growth MB")
    for name, figures in results.items():
        print(
            f"{name:24} {figures['file_bytes']:>8} {figures['seconds']:>6} "
            f"{figures['python_peak_mb']:>10} {figures['rss_growth_mb']:>13}"
        )
    for name, figures in results.items():
        assert EXPECTED_MESSAGE[name] in figures["message"], (name, figures)
        assert figures["seconds"] < 5, (name, figures)
        assert figures["python_peak_mb"] < 30, (name, figures)
        assert figures["rss_growth_mb"] < 100, (name, figures)


# --- the confirm step -------------------------------------------------------------

GOOD_CONFIRM = {
    "confirm": "1",
    "row_line": ["2"],
    "row_code": ["0126"],
    "row_places": ["10"],
    "effective_from": "2026-02-01",
    "reason": "Beslut",
}


@pytest.mark.parametrize(
    "change",
    [
        {"row_line": ["9" * 5000]},
        {"row_line": ["1" * 5]},
        {"row_line": ["²"]},
        {"row_line": ["-2"]},
        {"row_line": ["2\x00"]},
        {"row_code": ["01\x0026"]},
        {"row_places": ["1\x000"]},
        {"reason": "Beslut\x00"},
        {"effective_from": "2026-02-01\x00"},
        {"row_line": ["2", "3"]},
    ],
    ids=[
        "5000-digit line",
        "5-digit line",
        "superscript digit",
        "negative line",
        "NUL in line",
        "NUL in code",
        "NUL in places",
        "NUL in reason",
        "NUL in date",
        "lists of different lengths",
    ],
)
def test_a_damaged_confirmation_is_the_forms_message_and_saves_nothing(staff_client, change):
    response = staff_client.post(IMPORT, GOOD_CONFIRM | change)
    assert response.status_code == 200
    page = response.content.decode()
    assert 'id="error-summary"' in page
    assert "Bekräftelsen gick inte att läsa" in page and "Ladda upp filen igen" in page
    assert not Agreement.objects.filter(municipality__code="0126").exists()


def test_an_intact_confirmation_still_saves(staff_client):
    response = staff_client.post(IMPORT, GOOD_CONFIRM)
    assert response.status_code == 302
    assert Agreement.objects.filter(municipality__code="0126").exists()
