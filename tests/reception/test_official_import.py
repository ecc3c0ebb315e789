"""Migrationsverket's monthly workbook: every oddity of the file, all or nothing, the same
publication twice, names mapped once, and the review page's reconciliation (issue 18).

The workbooks are made here the way the publication is described: names not codes, a
title row with the year, county and national "Totalt" rows, ".." for fewer than 6.
"""

from __future__ import annotations

import datetime
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import Workbook

from core.models import Municipality
from reception import services
from reception.models import (
    MunicipalityNameMapping,
    OfficialFigure,
    OfficialPublication,
    ReportStatus,
)
from reception.official import FileProblem, SheetRow, check_rows, read_workbook
from tests.agreements import bombs
from tests.factories.accounts import client_for
from tests.factories.reporting import make_agreement, period_of

pytestmark = pytest.mark.django_db
URL = reverse("reception:official_import")
HEADER = ["Län", "Kommun", "Kommuntal", "Mottagna efter anvisning", "Egenbosatta"]
GOOD = [
    ["Stockholms län", "Upplands-Väsby", 12, 7, ".."],
    ["Stockholms län", "Södertälje", 20, 9, 14],
    ["Stockholms län", "Botkyrka", 15, "..", 6],
    ["Stockholms län", "Totalt Stockholms län", 47, 16, 20],
    ["Uppsala län", "Uppsala", 30, 11, 8],
    ["", "Totalt", 500, 300, 200],
]


def workbook(rows, *, title="Kommunmottagande med kommuntal 2026", header=HEADER) -> bytes:
    book = Workbook()
    sheet = book.active
    sheet.title = "Info"
    sheet.append(["Om statistiken"])
    data = book.create_sheet("Kommunmottagande")
    data.append([title])
    data.append([])
    if header:
        data.append(header)
    for row in rows:
        data.append(row)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def upload(content: bytes) -> SimpleUploadedFile:
    return SimpleUploadedFile(
        "kommunmottagande.xlsx",
        content,
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )


def rows_of(content: bytes, year: int = 2026) -> list[SheetRow]:
    return read_workbook(io.BytesIO(content), year=year)[0]


def test_reader_finds_the_sheet_and_header_maps_names_and_keeps_masked_values(county):
    checked = check_rows(rows_of(workbook(GOOD)), county=county, year=2026, through_month=3)
    assert not checked.problems
    found = {r.municipality.code: r for r in checked.rows}
    assert set(found) == {"0114", "0181", "0127"}  # "Upplands-Väsby" is Upplands Väsby
    assert (found["0127"].received, found["0127"].received_masked) == (None, True)
    assert (found["0114"].self_settled, found["0114"].self_settled_masked) == (None, True)
    assert (found["0181"].received, found["0181"].kommuntal) == (9, 20)
    assert checked.totals_skipped == 2 and checked.other_counties == 1


def test_wrong_year_and_missing_header_are_file_level_problems():
    with pytest.raises(FileProblem, match="2025, inte 2026"):
        rows_of(workbook(GOOD, title="Kommunmottagande med kommuntal 2025"))
    with pytest.raises(FileProblem, match="rubrikrad"):
        rows_of(workbook(GOOD, header=None))
    with pytest.raises(FileProblem, match="Excel"):
        read_workbook(io.BytesIO(b"Kommun;Antal\nSodertalje;3\n"), year=2026)


def test_every_bad_row_gets_a_message_and_nothing_is_imported(county, staff):
    bad = [
        ["Stockholms län", "Sodertälje stad", 20, 9, 1],  # unknown name
        ["Stockholms län", "Botkyrka", 15, -2, 1],  # negative
        ["Stockholms län", "Huddinge", 15, "många", 1],  # text
        ["Stockholms län", "Nacka", "..", 3, 1],  # a masked kommuntal
        ["Stockholms län", "Södertälje", 20, 9, 1],
    ]
    with pytest.raises(services.OfficialImportError) as refused:
        services.official_import(
            county=county,
            year=2026,
            through_month=3,
            published_on=datetime.date(2026, 4, 10),
            rows=rows_of(workbook(bad)),
            user=staff,
        )
    messages = {(p.name, p.message.split(" ")[0]) for p in refused.value.problems}
    assert messages == {
        ("Sodertälje stad", "Okänt"),
        ("Botkyrka", "Mottagna"),
        ("Huddinge", "Mottagna"),
        ("Nacka", "Kommuntalet"),
    }
    assert not OfficialPublication.objects.exists() and not OfficialFigure.objects.exists()


def test_same_publication_twice_changes_nothing_and_an_older_one_is_refused(county, staff):
    def run(month: int, published: str, rows=GOOD):
        return services.official_import(
            county=county,
            year=2026,
            through_month=month,
            published_on=datetime.date.fromisoformat(published),
            rows=rows_of(workbook(rows)),
            user=staff,
        )

    first = run(3, "2026-04-10")
    assert first.created and first.rows == 3
    again = run(3, "2026-04-10")
    assert not again.created and OfficialFigure.objects.count() == 3
    run(4, "2026-05-10", [["Stockholms län", "Södertälje", 20, 12, 15]])
    with pytest.raises(services.OfficialImportError, match="senare publicering"):
        run(3, "2026-04-01")
    # Year to date may not go down from one month to the next.
    with pytest.raises(services.OfficialImportError) as refused:
        run(5, "2026-06-10", [["Stockholms län", "Södertälje", 20, 8, 15]])
    assert "minskar från 12" in refused.value.problems[0].message
    assert OfficialPublication.objects.count() == 2


@pytest.mark.parametrize(
    ("bomb", "message"),
    [
        ("zip_bomb", "packas upp till mer än 10 MB"),
        ("declared_whole_sheet", "1\u00a0048\u00a0576 rader och 16\u00a0384 kolumner"),
        ("billion_laughs_sheet", "inte läsas som en Excel-fil"),
    ],
)
def test_a_hostile_workbook_is_the_forms_message_and_nothing_is_read(county, staff, bomb, message):
    name, content = getattr(bombs, bomb)()
    form = {"year": "2026", "through_month": "3", "published_on": "2026-04-10"}
    response = client_for(staff).post(URL, {**form, "file": SimpleUploadedFile(name, content)})
    assert response.status_code == 200
    assert message in response.context["upload"].errors["file"][0]
    assert "raw" not in response.context and not OfficialPublication.objects.exists()


def test_staff_preview_map_an_unknown_name_once_and_import(county, staff, municipality_a):
    client = client_for(staff)
    rows = [*GOOD, ["Stockholms län", "Södertälje kommun (T)", 1, 1, 1]]
    form = {"year": "2026", "through_month": "3", "published_on": "2026-04-10"}
    response = client.post(URL, {**form, "file": upload(workbook(rows))})
    page = response.content.decode()
    assert response.status_code == 200
    assert "Okänt kommunnamn" in page and "Södertälje kommun (T)" in page
    assert 'name="map_code"' in page and not OfficialPublication.objects.exists()

    hidden = response.context["raw"]
    posted = {
        **form,
        "row_line": [str(r.line) for r in hidden],
        "row_name": [r.name for r in hidden],
        "row_received": [r.received for r in hidden],
        "row_self": [r.self_settled for r in hidden],
        "row_quota": [r.kommuntal for r in hidden],
    }
    # Staff say the odd spelling is Salem (0128): kept, and the preview has no unknown name.
    mapped = client.post(
        URL, {**posted, "action": "map", "map_name": "Södertälje kommun (T)", "map_code": "0128"}
    )
    assert MunicipalityNameMapping.objects.get().municipality.code == "0128"
    assert "Okänt kommunnamn" not in mapped.content.decode()
    assert client.post(URL, {**posted, "action": "confirm"}).status_code == 302
    publication = OfficialPublication.objects.get()
    assert publication.figures.count() == 4 and publication.imported_by == staff
    # Next month the kept mapping is used without asking.
    checked = check_rows(
        [SheetRow(5, "Södertälje kommun (T)", "2", "", "1")],
        county=county,
        year=2026,
        through_month=4,
    )
    assert [r.municipality.code for r in checked.rows] == ["0128"]


def test_review_page_shows_both_counts_and_prepares_the_return_message(
    county, staff, reporter_a, municipality_a
):
    make_agreement(municipality_a, 2026, {"anvisade": 40})
    march = period_of(county, 2026, 3)
    report = services.report_save_draft(
        municipality=municipality_a,
        period=march,
        user=reporter_a,
        figures={
            "anvisade": {"received": 7},
            "kvotflyktingar": {"received": 0},
            "ensamkommande": {"received": 0},
            "massflykt": {"received": 0},
        },
        self_settled=14,
        comment="",
        version=0,
        today=datetime.date(2026, 4, 2),
    )
    report = services.report_submit(
        report=report,
        user=reporter_a,
        version=report.version,
        confirmed=True,
        today=datetime.date(2026, 4, 2),
    )
    assert report.status == ReportStatus.SUBMITTED
    services.official_import(
        county=county,
        year=2026,
        through_month=3,
        published_on=datetime.date(2026, 4, 10),
        rows=rows_of(workbook(GOOD)),
        user=staff,
    )
    response = client_for(staff).get(reverse("reception:report_review", kwargs={"pk": report.pk}))
    page = response.content.decode()
    assert "Migrationsverket: 9 · kommunen: 7" in page
    assert "Migrationsverket: 14 · kommunen: 14" in page
    message = response.context["return_form"].initial["message"]
    assert "Migrationsverket 9, kommunen 7" in message
    assert Municipality.objects.get(code="0181").name in page


def test_preview_query_count_is_the_same_for_1_and_26_municipalities(county, staff):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client = client_for(staff)
    form = {"year": "2026", "through_month": "3", "published_on": "2026-04-10"}
    names = list(Municipality.objects.filter(county=county).values_list("name", flat=True))

    def count(rows) -> int:
        with CaptureQueriesContext(connection) as queries:
            response = client.post(URL, {**form, "file": upload(workbook(rows))})
        assert response.status_code == 200 and len(response.context["preview"]) == len(rows)
        return len(queries)

    one = count([["Stockholms län", names[0], 5, 3, 1]])
    many = count([["Stockholms län", name, 5, 3, 1] for name in names])
    assert len(names) == 26 and many <= one
