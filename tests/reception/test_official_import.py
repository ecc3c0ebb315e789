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
    OfficialColumnMapping,
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


def carried(response, form: dict, **columns: str) -> dict:
    """What the preview page posts back: the signed sheet, the columns it was previewed
    with and the selects (as shown, or as ``columns`` changes them)."""
    choices = response.context["choices"]
    return {
        **form,
        "table": response.context["table_token"],
        **{f"previewed_{role}": value for role, value in choices.items()},
        **{f"col_{role}": value for role, value in {**choices, **columns}.items()},
    }


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

    posted = carried(response, form)
    # Staff say the odd spelling is Salem (0128): kept, and the preview has no unknown name.
    mapped = client.post(
        URL, {**posted, "action": "map", "map_name": "Södertälje kommun (T)", "map_code": "0128"}
    )
    assert MunicipalityNameMapping.objects.get().municipality.code == "0128"
    assert "Okänt kommunnamn" not in mapped.content.decode()
    confirmed = client.post(URL, {**posted, "action": "columns"})
    assert confirmed.context["columns_confirmed"]
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


FORM = {"year": "2026", "through_month": "3", "published_on": "2026-04-10"}


def test_columns_are_a_step_staff_confirm_and_are_remembered_for_next_month(county, staff):
    client = client_for(staff)
    first = client.post(URL, {**FORM, "file": upload(workbook(GOOD))})
    page = first.content.decode()
    # Guessed from the header's words, shown with examples, not yet confirmed: no import.
    assert first.context["choices"] == {
        "name": "1",
        "kommuntal": "2",
        "received": "3",
        "self_settled": "4",
    }
    assert "gissade från rubrikerna" in page and "Till exempel: 7, 9, .." in page
    assert not first.context["columns_confirmed"] and "Läs in siffrorna" not in page
    posted = carried(first, FORM)
    refused = client.post(URL, {**posted, "action": "confirm"})
    assert "Bekräfta kolumnerna innan du läser in." in refused.content.decode()
    assert not OfficialPublication.objects.exists()

    confirmed = client.post(URL, {**posted, "action": "columns"})
    assert confirmed.context["columns_confirmed"]
    mapping = OfficialColumnMapping.objects.get(county=county)
    assert mapping.columns == {
        "name": "kommun",
        "kommuntal": "kommuntal",
        "received": "mottagna efter anvisning",
        "self_settled": "egenbosatta",
    }
    assert mapping.updated_by == staff
    assert client.post(URL, {**posted, "action": "confirm"}).status_code == 302
    assert OfficialPublication.objects.get().figures.count() == 3

    # Next month the columns come in another order: found again by their headers, so
    # they are confirmed already and the import is one step.
    header = ["Kommun", "Egenbosatta", "Mottagna efter anvisning", "Län", "Kommuntal"]
    rows = [[r[1], r[4], r[3] if r[3] == ".." else r[3] + 1, r[0], r[2]] for r in GOOD]
    month = {**FORM, "through_month": "4", "published_on": "2026-05-10"}
    second = client.post(URL, {**month, "file": upload(workbook(rows, header=header))})
    assert second.context["columns_confirmed"]
    assert second.context["choices"]["received"] == "2"
    assert "Samma kolumner som bekräftades" in second.content.decode()
    assert client.post(URL, {**carried(second, month), "action": "confirm"}).status_code == 302
    latest = OfficialPublication.objects.get(through_month=4)
    assert latest.figures.get(municipality__code="0181").received == 10


def test_changed_columns_are_previewed_again_before_anything_is_imported(county, staff):
    client = client_for(staff)
    first = client.post(URL, {**FORM, "file": upload(workbook(GOOD))})
    client.post(URL, {**carried(first, FORM), "action": "columns"})
    # Staff pick the self-settled column as "received" and press import at once: the
    # preview is shown again with their columns, nothing is imported.
    changed = client.post(
        URL, {**carried(first, FORM, received="4", self_settled=""), "action": "confirm"}
    )
    assert "Du har ändrat kolumnerna" in changed.content.decode()
    assert not changed.context["columns_confirmed"] and not OfficialPublication.objects.exists()
    södertälje = next(p for p in changed.context["preview"] if p["row"].name == "Södertälje")
    assert södertälje["row"].received == 14


@pytest.mark.parametrize(
    ("columns", "role", "message"),
    [
        ({"name": ""}, "name", "Välj kolumnen."),
        ({"received": "1"}, "received", "Kolumnen är redan vald för något annat."),
        ({"kommuntal": "42"}, "kommuntal", "Kolumnen finns inte i filen."),
        ({"received": "months"}, "received", "Kolumnen finns inte i filen."),
    ],
)
def test_columns_that_cannot_be_read_are_named_and_nothing_is_kept(
    county, staff, columns, role, message
):
    client = client_for(staff)
    first = client.post(URL, {**FORM, "file": upload(workbook(GOOD))})
    response = client.post(URL, {**carried(first, FORM, **columns), "action": "columns"})
    page = response.content.decode()
    assert response.context["columns_problems"] == {role: message}
    assert f'href="#id_col_{role}"' in page and message in page  # in the error summary
    assert not response.context["columns_confirmed"] and "preview" not in response.context
    assert not OfficialColumnMapping.objects.exists()


def test_a_changed_or_unsigned_sheet_is_refused(county, staff):
    client = client_for(staff)
    first = client.post(URL, {**FORM, "file": upload(workbook(GOOD))})
    posted = carried(first, FORM)
    for table in (posted["table"][:-2] + "xx", "", "not-signed"):
        response = client.post(URL, {**posted, "table": table, "action": "confirm"})
        assert response.status_code == 302
    assert not OfficialPublication.objects.exists()


MONTHLY = ["Kommun", "Kommuntal", "Anvisade januari", "Anvisade februari", "Anvisade mars"]


def test_a_sheet_with_a_column_per_month_sums_the_months(county, staff):
    rows = [
        ["Södertälje", 20, 2, 3, 4],
        ["Botkyrka", 15, 1, "", 6],
        ["Totalt Stockholms län", 35, 3, 3, 10],
    ]
    client = client_for(staff)
    first = client.post(URL, {**FORM, "file": upload(workbook(rows, header=MONTHLY))})
    assert first.context["choices"] == {"name": "0", "kommuntal": "1", "received": "months"}
    assert "Summan av månadskolumnerna (3 kolumner)" in first.content.decode()
    received = {p["row"].name: p["row"].received for p in first.context["preview"]}
    assert received == {"Södertälje": 9, "Botkyrka": 7}
    client.post(URL, {**carried(first, FORM), "action": "columns"})
    assert OfficialColumnMapping.objects.get().columns["received"] == "months"
    # Next month a fourth month column is there; "the months" still means all of them.
    month = {**FORM, "through_month": "4", "published_on": "2026-05-10"}
    header = [*MONTHLY, "Anvisade april"]
    second = client.post(
        URL,
        {**month, "file": upload(workbook([[*r, 1] for r in rows[:2]], header=header))},
    )
    assert second.context["columns_confirmed"]
    received = {p["row"].name: p["row"].received for p in second.context["preview"]}
    assert received == {"Södertälje": 10, "Botkyrka": 8}


def test_a_masked_month_cannot_be_summed_into_a_year_to_date(county):
    rows = [["Södertälje", 20, 2, "..", 4], ["Botkyrka", 15, 1, "", "-2"]]
    checked = check_rows(
        rows_of(workbook(rows, header=MONTHLY)), county=county, year=2026, through_month=3
    )
    messages = {p.name: p.message for p in checked.problems}
    assert "en månad är maskerad" in messages["Södertälje"]
    assert "är inte ett heltal" in messages["Botkyrka"] or "negativt" in messages["Botkyrka"]
    assert not checked.rows
