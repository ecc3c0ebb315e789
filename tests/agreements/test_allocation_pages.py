"""Kommuntal per year: county quota beside the sum, one-form editor, file import."""

from __future__ import annotations

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import Workbook

from agreements import services
from agreements.models import Agreement, CountyQuota, Target, TargetRevision

pytestmark = pytest.mark.django_db
URL = reverse("agreements:allocation", kwargs={"year": 2026})
IMPORT = reverse("agreements:import", kwargs={"year": 2026})


def settlement(code: str) -> int | None:
    target = (
        Target.objects.current()
        .filter(
            revision__agreement__municipality__code=code,
            revision__agreement__year=2026,
            category__is_settlement_quota=True,
        )
        .first()
    )
    return target.places if target else None


def test_page_shows_county_quota_beside_the_sum_and_warns_when_they_differ(
    staff_client, agreement_a, county, staff
):
    services.county_quota_set(county=county, year=2026, places=360, user=staff, expected_version=0)
    response = staff_client.get(URL)
    page = response.content.decode()
    assert response.context["total"] == 40
    assert "Summan av kommuntalen är 320 färre än länstalet" in page
    assert 'data-quota="360"' in page and "agreements-allocation.js" in page
    assert 'name="m_0181" id="id_m_0181" value="40"' in page


def test_other_county_staff_sees_their_own_county(client, other_county_staff, agreement_a):
    from tests.factories.accounts import client_for

    response = client_for(other_county_staff).get(URL)
    assert response.context["county"].code == "03"
    assert "m_0181" not in response.context["form"].fields


def test_year_outside_range_is_not_found(staff_client):
    assert (
        staff_client.get(reverse("agreements:allocation", kwargs={"year": 1999})).status_code == 404
    )


def test_saving_the_form_creates_and_amends_in_one_go(staff_client, agreement_a, county):
    data = {f"m_{m.code}": "" for m in county.municipalities.all()}
    data |= {f"v_{m.code}": "0" for m in county.municipalities.all()}
    data.update(
        {
            "m_0181": "36",
            "m_0126": "1 200",
            "v_0181": "1",
            "effective_from": "2026-03-01",
            "reason": "Ny fördelning efter länstalet",
        }
    )
    response = staff_client.post(URL, data)
    assert response.status_code == 302
    assert settlement("0181") == 36 and settlement("0126") == 1200
    assert settlement("0180") is None


@pytest.mark.parametrize("bad", ["-1", "2,5", "tio", "100001"])
def test_a_bad_figure_is_shown_at_its_row_and_nothing_is_saved(staff_client, agreement_a, bad):
    response = staff_client.post(
        URL,
        {
            "m_0181": "30",
            "v_0181": "1",
            "m_0126": bad,
            "effective_from": "2026-03-01",
            "reason": "x",
        },
    )
    assert response.status_code == 200
    assert "m_0126" in response.context["form"].errors
    page = response.content.decode()
    assert 'aria-invalid="true" aria-describedby="id_m_0126-error"' in page
    assert settlement("0181") == 40
    assert not Agreement.objects.filter(municipality__code="0126").exists()


def test_stale_allocation_is_a_conflict_showing_the_newer_figures(
    staff_client, agreement_a, staff, categories, county
):
    services.agreement_amend(
        agreement=agreement_a,
        expected_version=agreement_a.version,
        effective_from=agreement_a.valid_from,
        places_by_category={categories["anvisade"]: 44},
        reason="Annan handläggare",
        user=staff,
    )
    others = {f"v_{m.code}": "0" for m in county.municipalities.exclude(code="0181")}
    response = staff_client.post(
        URL,
        {"m_0181": "30", "v_0181": "1", "effective_from": "2026-03-01", "reason": "x", **others},
    )
    page = response.content.decode()
    assert "Någon annan har ändrat kommuntalen" in page
    assert response.context["conflict"].newer_values == {"Södertälje": "44"}
    assert 'name="m_0181" id="id_m_0181" value="44"' in page
    assert settlement("0181") == 44


def test_county_quota_page_saves_and_shows_history(staff_client, county):
    url = reverse("agreements:county_quota", kwargs={"year": 2026})
    data = {
        "version": "0",
        "places": "1 795",
        "decision_reference": "SFS 2025:1",
        "decision_date": "2025-10-15",
        "effective_from": "2026-01-01",
    }
    assert staff_client.post(url, data).status_code == 302
    data.update(version="1", places="1 800")
    assert staff_client.post(url, data).status_code == 302
    quota = CountyQuota.objects.get()
    assert quota.places == 1800
    page = staff_client.get(url).content.decode()
    assert "1795 → 1800" in page
    stale = staff_client.post(url, {**data, "version": "1", "places": "5"})
    assert "Någon annan har ändrat länstalet" in stale.content.decode()
    bad = staff_client.post(url, {**data, "version": "2", "places": "-3"})
    assert "places" in bad.context["form"].errors
    assert CountyQuota.objects.get().places == 1800


# --- import ---------------------------------------------------------------------


def csv_file(text: str, name: str = "kommuntal.csv") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, text.encode("utf-8"), content_type="text/csv")


def xlsx_file(rows, sheet: str = "Kommuntal", extra_sheet: bool = False) -> SimpleUploadedFile:
    workbook = Workbook()
    ws = workbook.active
    ws.title = sheet
    for row in rows:
        ws.append(row)
    if extra_sheet:
        workbook.create_sheet("Annat")
    buffer = io.BytesIO()
    workbook.save(buffer)
    return SimpleUploadedFile("kommuntal.xlsx", buffer.getvalue())


def test_good_csv_gives_a_preview_and_confirm_commits_everything(staff_client, agreement_a):
    response = staff_client.post(
        IMPORT,
        {"file": csv_file("Kommunkod;Kommun;Antal\n0181;Södertälje;45\n126;Huddinge;1 200\n")},
    )
    assert response.context["row_errors"] == []
    preview = response.context["preview"]
    assert [(r["municipality"].code, r["current"], r["places"]) for r in preview] == [
        ("0181", 40, 45),
        ("0126", None, 1200),
    ]
    assert settlement("0181") == 40  # nothing saved by the preview
    page = response.content.decode()
    assert 'name="row_code" value="0126"' in page
    confirm = staff_client.post(
        IMPORT,
        {
            "confirm": "1",
            "row_line": ["2", "3"],
            "row_code": ["0181", "0126"],
            "row_places": ["45", "1200"],
            "effective_from": "2026-02-01",
            "reason": "Import av beslut",
        },
    )
    assert confirm.status_code == 302
    assert settlement("0181") == 45 and settlement("0126") == 1200


def test_good_xlsx_with_names_on_the_kommuntal_sheet(staff_client):
    upload = xlsx_file([["Kommun", "Antal"], ["Huddinge", 12], ["stockholm", 0]], extra_sheet=True)
    response = staff_client.post(IMPORT, {"file": upload})
    assert response.context["row_errors"] == []
    assert [r["municipality"].code for r in response.context["preview"]] == ["0126", "0180"]


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("Kommunkod;Antal\n9999;5\n", "Okänd kommunkod 9999"),
        ("Kommunkod;Antal\n0380;5\n", "Uppsala (0380) ligger inte i Stockholms län"),
        ("Kommun;Antal\nGotham;5\n", "Okänd kommun ”Gotham”"),
        ("Kommunkod;Antal\n0181;-5\n", "negativt"),
        ("Kommunkod;Antal\n0181;2,5\n", "heltal"),
        ("Kommunkod;Antal\n0181;många\n", "inte ett tal"),
        ("Kommunkod;Antal\n0181;100001\n", "högst 100 000"),
        ("Kommunkod;Antal\n0181;;\n", "Antal saknas"),
        ("Kommunkod;Antal\n0181;5\n0181;6\n", "finns redan på rad 3"),
    ],
)
def test_each_bad_row_is_reported_with_its_line_and_nothing_is_saved(
    staff_client, agreement_a, content, message
):
    header, rest = content.split("\n", 1)
    first = "0126;7" if header.startswith("Kommunkod") else "Huddinge;7"
    content = f"{header}\n{first}\n{rest}"  # a good row first: it must not be saved either
    response = staff_client.post(IMPORT, {"file": csv_file(content)})
    errors = response.context["row_errors"]
    assert any(message in e.message for e in errors), errors
    assert all(e.line >= 3 for e in errors)
    page = response.content.decode()
    assert "Inget har sparats" in page and 'name="confirm"' not in page
    assert not Agreement.objects.filter(municipality__code="0126").exists()
    assert TargetRevision.objects.count() == 1


@pytest.mark.parametrize(
    ("upload", "message"),
    [
        (lambda: csv_file(""), "tom"),
        (lambda: csv_file("Kommunkod;Antal\n"), "inga rader"),
        (lambda: csv_file("a;b\n0181;5\n"), "saknar rubrikerna"),
        (lambda: SimpleUploadedFile("k.xlsx", b"PK\x03\x04 not a zip"), "inte en giltig Excel-fil"),
        (lambda: SimpleUploadedFile("k.pdf", b"%PDF-1.4"), "CSV- eller XLSX-fil"),
        (
            lambda: xlsx_file([["Namn", "Telefon"], ["Eva", "010"]], sheet="Kontakter"),
            "inget blad heter",
        ),
    ],
)
def test_a_file_that_cannot_be_read_gets_a_clear_message(staff_client, upload, message):
    response = staff_client.post(IMPORT, {"file": upload()})
    errors = response.context["upload"].errors["file"]
    assert any(message in e for e in errors), errors
    assert 'id="error-summary"' in response.content.decode()
    assert not Agreement.objects.exists()


def test_no_file_is_a_field_error(staff_client):
    response = staff_client.post(IMPORT, {})
    assert response.context["upload"].errors["file"] == ["Välj en fil."]


def test_tampered_confirmation_commits_nothing(staff_client, agreement_a):
    response = staff_client.post(
        IMPORT,
        {
            "confirm": "1",
            "row_line": ["2", "3"],
            "row_code": ["0126", "0380"],
            "row_places": ["10", "5"],
            "effective_from": "2026-02-01",
            "reason": "x",
        },
    )
    assert response.status_code == 200
    assert response.context["row_errors"]
    assert not Agreement.objects.filter(municipality__code="0126").exists()


def test_confirm_without_reason_for_a_changed_figure_commits_nothing(staff_client, agreement_a):
    response = staff_client.post(
        IMPORT,
        {
            "confirm": "1",
            "row_line": ["2", "3"],
            "row_code": ["0126", "0181"],
            "row_places": ["10", "41"],
            "effective_from": "2026-02-01",
            "reason": "",
        },
    )
    assert "Skriv varför kommuntalen ändras" in response.content.decode()
    assert settlement("0181") == 40
    assert not Agreement.objects.filter(municipality__code="0126").exists()


def test_changing_many_decided_quotas_reads_no_more_than_changing_two(
    staff_client, make_agreement, county
):
    """Each changed quota is an amendment; the reads must not repeat per municipality
    (django-zeal answered a page import of two changed quotas with a 500)."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    municipalities = list(county.municipalities.order_by("code")[:8])
    for m in municipalities:
        make_agreement(m)

    def save(changed, places: int) -> int:
        data = {f"m_{m.code}": "40" for m in county.municipalities.all() if m in municipalities}
        data.update({f"m_{m.code}": str(places) for m in changed})
        data.update({"effective_from": "2026-05-01", "reason": "Ny fördelning"})
        versions = dict(
            Agreement.objects.filter(year=2026).values_list("municipality__code", "version")
        )
        data.update({f"v_{m.code}": versions.get(m.code, 0) for m in county.municipalities.all()})
        with CaptureQueriesContext(connection) as ctx:
            response = staff_client.post(URL, data)
        assert response.status_code == 302, response.content.decode()[:2000]
        sql = [q["sql"].lstrip().upper() for q in ctx.captured_queries]
        return sum(1 for q in sql if q.startswith("SELECT"))

    few = save(municipalities[:2], 41)
    many = save(municipalities, 42)
    assert many == few
    assert all(settlement(m.code) == 42 for m in municipalities)
