"""Staff and reporter pages: list, export, create, edit, amend, status, detail, audit."""

from __future__ import annotations

import csv
import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from agreements import services
from agreements.models import Agreement, Target
from core.exports import HEADER_ROW
from tests.factories.agreements import day

pytestmark = pytest.mark.django_db


def body(response) -> str:
    return response.content.decode()


def create_data(**overrides) -> dict:
    data = {
        "municipality": "",
        "year": "2026",
        "case_number": "851-99-2025",
        "valid_from": "",
        "valid_to": "",
        "notes": "",
        "places_anvisade": "1 200",
        "places_kvotflyktingar": "300",
        "places_ensamkommande": "",
        "places_massflykt": "0",
    }
    data.update(overrides)
    return data


# --- list and exports ----------------------------------------------------------


def listed(response) -> list[str]:
    return [agreement.municipality.code for agreement, _figures in response.context["rows"]]


def test_list_filters_by_year_status_municipality_and_category(
    staff_client, make_agreement, municipality_a, municipality_b, other_county_municipality
):
    make_agreement(municipality_a, 2025)
    make_agreement(municipality_b, 2026, places={"massflykt": 12})
    make_agreement(other_county_municipality, 2026)
    url = reverse("agreements:list")
    assert sorted(listed(staff_client.get(url))) == ["0126", "0181"]
    assert listed(staff_client.get(url, {"year": 2026})) == ["0126"]
    assert listed(staff_client.get(url, {"municipality": "0181"})) == ["0181"]
    assert listed(staff_client.get(url, {"category": "massflykt"})) == ["0126"]
    assert listed(staff_client.get(url, {"status": "draft", "year": 2025})) == ["0181"]
    assert "Inga överenskommelser" in body(staff_client.get(url, {"status": "signed"}))


def test_list_sorts_by_settlement_quota_and_paginates(
    staff_client, make_agreement, municipality_a, municipality_b, county
):
    make_agreement(municipality_a, places={"anvisade": 5})
    make_agreement(municipality_b, places={"anvisade": 50})
    url = reverse("agreements:list")
    response = staff_client.get(url, {"sort": "-kommuntal"})
    assert listed(response) == ["0126", "0181"]
    assert 'aria-sort="descending"' in body(response)
    assert listed(staff_client.get(url, {"sort": "kommuntal"})) == ["0181", "0126"]
    for m in county.municipalities.exclude(code__in=["0181", "0126"]):
        make_agreement(m)
    for m in county.municipalities.all()[:4]:
        make_agreement(m, 2025)
    first = staff_client.get(url)
    assert len(listed(first)) == 25 and "Sida 1 av 2" in body(first)
    assert len(listed(staff_client.get(url, {"sida": 2}))) == 5


def test_list_with_bad_filter_values_still_answers(staff_client, agreement_a):
    response = staff_client.get(
        reverse("agreements:list"), {"year": "abc", "sort": "x", "sida": "99"}
    )
    assert response.status_code == 200


def test_csv_export_has_swedish_headers_and_current_figures(
    staff_client, agreement_a, staff, categories
):
    services.agreement_amend(
        agreement=agreement_a,
        expected_version=agreement_a.version,
        effective_from=day("2026-05-01"),
        places_by_category={categories["anvisade"]: 1234},
        reason="Fler platser",
        user=staff,
    )
    response = staff_client.get(reverse("agreements:export_csv"))
    assert response["Content-Type"].startswith("text/csv")
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig")), delimiter=";"))
    assert rows[0][:5] == ["Kommunkod", "Kommun", "År", "Diarienummer", "Status"]
    assert "Anvisade nyanlända (kommuntal)" in rows[0]
    assert rows[1][0] == "0181" and rows[1][2] == "2026" and rows[1][4] == "Utkast"
    assert rows[1][rows[0].index("Anvisade nyanlända (kommuntal)")] == "1234"


def test_xlsx_export_follows_the_filter(
    staff_client, make_agreement, municipality_a, municipality_b
):
    make_agreement(municipality_a, 2025)
    make_agreement(municipality_b, 2026)
    response = staff_client.get(reverse("agreements:export_xlsx"), {"year": 2026})
    sheet = load_workbook(io.BytesIO(response.content)).active
    rows = list(sheet.iter_rows(min_row=HEADER_ROW, values_only=True))
    assert sheet.title == "Överenskommelser"
    assert rows[0][0] == "Kommunkod"
    assert [r[1] for r in rows[1:]] == ["Huddinge"]
    assert rows[1][2] == 2026 and rows[1][8] == 40


# --- create -------------------------------------------------------------------


def test_staff_creates_an_agreement_with_targets(staff_client, municipality_a):
    response = staff_client.post(
        reverse("agreements:create"), create_data(municipality=municipality_a.pk)
    )
    agreement = Agreement.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("agreements:detail", kwargs={"pk": agreement.pk})
    figures = {t.category.code: t.places for t in Target.objects.current()}
    assert figures == {"anvisade": 1200, "kvotflyktingar": 300, "massflykt": 0}
    assert agreement.valid_to == day("2026-12-31")


@pytest.mark.parametrize(
    ("overrides", "field", "message"),
    [
        ({"places_anvisade": "-5"}, "places_anvisade", "negativt"),
        ({"places_anvisade": "2,5"}, "places_anvisade", "heltal"),
        ({"places_anvisade": "många"}, "places_anvisade", "heltal"),
        ({"places_anvisade": "100 001"}, "places_anvisade", "högst 100"),
        ({"year": "1999"}, "year", "mellan 2000 och"),
        ({"year": "2101"}, "year", "mellan 2000 och"),
        ({"valid_from": "2026-06-01", "valid_to": "2026-05-01"}, "valid_to", "före startdatumet"),
        ({"places_kvotflyktingar": "2000"}, "places_kvotflyktingar", "Kan inte vara fler"),
    ],
)
def test_create_with_bad_input_shows_the_error_and_saves_nothing(
    staff_client, municipality_a, overrides, field, message
):
    response = staff_client.post(
        reverse("agreements:create"), create_data(municipality=municipality_a.pk, **overrides)
    )
    assert response.status_code == 200
    assert message in " ".join(response.context["form"].errors[field])
    assert 'id="error-summary"' in body(response)
    assert not Agreement.objects.exists()


def test_create_refuses_a_duplicate_for_municipality_and_year(staff_client, agreement_a):
    response = staff_client.post(
        reverse("agreements:create"), create_data(municipality=agreement_a.municipality.pk)
    )
    assert "redan en överenskommelse" in response.context["form"].errors["year"][0]
    assert Agreement.objects.count() == 1


def test_create_offers_only_municipalities_of_the_own_county(
    staff_client, other_county_municipality
):
    response = staff_client.post(
        reverse("agreements:create"), create_data(municipality=other_county_municipality.pk)
    )
    assert "municipality" in response.context["form"].errors
    assert not Agreement.objects.exists()


# --- edit and conflict ---------------------------------------------------------


def edit_data(agreement, **overrides) -> dict:
    data = {
        "version": agreement.version,
        "case_number": agreement.case_number,
        "valid_from": agreement.valid_from.isoformat(),
        "valid_to": agreement.valid_to.isoformat(),
        "signed_on": "",
        "notes": "",
        "reason": "",
    }
    data.update(overrides)
    return data


def test_staff_edits_an_agreement_and_history_records_old_and_new(staff_client, agreement_a):
    url = reverse("agreements:edit", kwargs={"pk": agreement_a.pk})
    response = staff_client.post(
        url, edit_data(agreement_a, case_number="851-7-2026", reason="Nytt dnr")
    )
    assert response.status_code == 302
    agreement_a.refresh_from_db()
    assert agreement_a.case_number == "851-7-2026" and agreement_a.version == 2
    detail = body(staff_client.get(reverse("agreements:detail", kwargs={"pk": agreement_a.pk})))
    assert "Diarienummer: – → 851-7-2026" in detail or "Diarienummer: 851-7-2026" in detail
    assert "Nytt dnr" in detail


def test_second_editor_gets_a_conflict_with_the_newer_values_and_nothing_is_overwritten(
    staff_client, admin_client, agreement_a
):
    url = reverse("agreements:edit", kwargs={"pk": agreement_a.pk})
    first = edit_data(agreement_a, case_number="FIRST")
    second = edit_data(agreement_a, case_number="SECOND")
    assert staff_client.post(url, first).status_code == 302
    response = admin_client.post(url, second)
    assert response.status_code == 200
    page = body(response)
    assert "Någon annan har sparat ändringar" in page
    assert "FIRST" in page  # the newer value is shown
    assert response.context["form"]["version"].value() == 2
    agreement_a.refresh_from_db()
    assert agreement_a.case_number == "FIRST"
    # Saving again with the version shown is a deliberate overwrite.
    assert admin_client.post(url, edit_data(agreement_a, case_number="SECOND")).status_code == 302
    agreement_a.refresh_from_db()
    assert agreement_a.case_number == "SECOND"


def test_edit_with_valid_to_before_valid_from_saves_nothing(staff_client, agreement_a):
    url = reverse("agreements:edit", kwargs={"pk": agreement_a.pk})
    response = staff_client.post(url, edit_data(agreement_a, valid_to="2025-01-01"))
    assert "valid_to" in response.context["form"].errors
    agreement_a.refresh_from_db()
    assert agreement_a.version == 1


def test_terminated_agreement_cannot_be_edited_or_amended(staff_client, agreement_a, staff):
    services.agreement_change_status(
        agreement=agreement_a, expected_version=agreement_a.version, status="terminated", user=staff
    )
    for name in ("agreements:edit", "agreements:amend"):
        response = staff_client.get(reverse(name, kwargs={"pk": agreement_a.pk}), follow=True)
        assert "avslutad och kan inte längre ändras" in body(response)
    detail = body(staff_client.get(reverse("agreements:detail", kwargs={"pk": agreement_a.pk})))
    assert "Ändra målen" not in detail


# --- amend --------------------------------------------------------------------


def amend_data(agreement, **overrides) -> dict:
    data = {
        "version": agreement.version,
        "effective_from": "2026-06-01",
        "places_anvisade": "32",
        "places_kvotflyktingar": "10",
        "places_ensamkommande": "",
        "places_massflykt": "",
        "reason": "Byte av platser med Huddinge",
    }
    data.update(overrides)
    return data


def test_staff_amends_targets_and_detail_answers_the_target_on_a_date(staff_client, agreement_a):
    url = reverse("agreements:amend", kwargs={"pk": agreement_a.pk})
    assert staff_client.post(url, amend_data(agreement_a)).status_code == 302
    detail_url = reverse("agreements:detail", kwargs={"pk": agreement_a.pk})
    before = staff_client.get(detail_url, {"datum": "2026-03-01"})
    assert before.context["asked_revision"].effective_from == day("2026-01-01")
    after = staff_client.get(detail_url, {"datum": "2026-07-01"})
    assert after.context["asked_revision"].effective_from == day("2026-06-01")
    page = body(after)
    assert "Byte av platser med Huddinge" in page
    assert "Anvisade nyanlända (kommuntal): 40 → 32" in page
    assert "fanns inga mål" in body(staff_client.get(detail_url, {"datum": "2025-01-01"}))


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"reason": ""}, "reason"),
        ({"places_anvisade": "-1"}, "places_anvisade"),
        ({"places_anvisade": "1.5"}, "places_anvisade"),
        ({"effective_from": "2027-02-01"}, "effective_from"),
    ],
)
def test_amend_with_bad_input_saves_nothing(staff_client, agreement_a, overrides, field):
    url = reverse("agreements:amend", kwargs={"pk": agreement_a.pk})
    response = staff_client.post(url, amend_data(agreement_a, **overrides))
    assert response.status_code == 200
    assert field in response.context["form"].errors
    assert agreement_a.revisions.count() == 1


def test_amend_after_someone_else_changed_the_agreement_is_a_conflict(
    staff_client, agreement_a, staff
):
    stale = amend_data(agreement_a)
    services.agreement_update(agreement=agreement_a, expected_version=1, user=staff, notes="ny")
    response = staff_client.post(reverse("agreements:amend", kwargs={"pk": agreement_a.pk}), stale)
    assert response.status_code == 200
    assert "Någon annan har sparat ändringar" in body(response)
    assert agreement_a.revisions.count() == 1


# --- status -------------------------------------------------------------------


def test_staff_signs_then_terminates(staff_client, agreement_a):
    url = reverse("agreements:status", kwargs={"pk": agreement_a.pk})
    staff_client.post(url, {"status": "signed", "version": 1, "signed_on": "2025-11-20"})
    agreement_a.refresh_from_db()
    assert agreement_a.status == "signed" and agreement_a.signed_on == day("2025-11-20")
    response = staff_client.post(url, {"status": "draft", "version": 2}, follow=True)
    assert "kan inte bli utkast" in body(response)
    staff_client.post(url, {"status": "terminated", "version": 2, "reason": "Ny lag"})
    agreement_a.refresh_from_db()
    assert agreement_a.status == "terminated" and agreement_a.is_read_only


def test_status_change_with_a_stale_version_changes_nothing(staff_client, agreement_a, staff):
    services.agreement_update(agreement=agreement_a, expected_version=1, user=staff, notes="x")
    url = reverse("agreements:status", kwargs={"pk": agreement_a.pk})
    response = staff_client.post(url, {"status": "signed", "version": 1}, follow=True)
    assert "Någon annan har ändrat" in body(response)
    agreement_a.refresh_from_db()
    assert agreement_a.status == "draft"


def test_reporter_cannot_change_status_of_own_municipality(reporter_a_client, agreement_a):
    url = reverse("agreements:status", kwargs={"pk": agreement_a.pk})
    assert reporter_a_client.post(url, {"status": "signed", "version": 1}).status_code == 403
    agreement_a.refresh_from_db()
    assert agreement_a.status == "draft"


# --- detail, audit, reporter view ----------------------------------------------


def test_reporter_reads_own_agreement_without_staff_actions(reporter_a_client, agreement_a):
    page = body(reporter_a_client.get(reverse("agreements:detail", kwargs={"pk": agreement_a.pk})))
    assert "Södertälje" in page
    assert "Ändra målen" not in page and "Avsluta överenskommelsen" not in page


def test_reporter_view_lists_only_own_municipality(
    reporter_a_client, make_agreement, municipality_a, municipality_b
):
    make_agreement(municipality_a, 2025)
    make_agreement(municipality_b, 2025)
    response = reporter_a_client.get(reverse("agreements:municipality", kwargs={"code": "0181"}))
    assert [a.municipality.code for a, _ in response.context["rows"]] == ["0181"]
    other = reporter_a_client.get(reverse("agreements:municipality", kwargs={"code": "0126"}))
    assert other.status_code == 404


def test_audit_csv_lists_who_changed_what_and_why(staff_client, agreement_a, staff, categories):
    services.agreement_amend(
        agreement=agreement_a,
        expected_version=agreement_a.version,
        effective_from=day("2026-06-01"),
        places_by_category={categories["anvisade"]: 32},
        reason="Byte",
        user=staff,
    )
    agreement_a.refresh_from_db()
    services.agreement_change_status(
        agreement=agreement_a,
        expected_version=agreement_a.version,
        status="negotiation",
        user=staff,
    )
    response = staff_client.get(reverse("agreements:audit_csv", kwargs={"pk": agreement_a.pk}))
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig")), delimiter=";"))
    assert rows[0] == ["Tidpunkt", "Vem", "Händelse", "Fält", "Före", "Efter", "Skäl"]
    flat = [r[1:] for r in rows[1:]]
    assert [
        "Stina Staff",
        "Ändrad",
        "Status",
        "Utkast",
        "Under förhandling",
        "Under förhandling",
    ] in flat
    assert [
        "Stina Staff",
        "Mål från 2026-06-01",
        "Anvisade nyanlända (kommuntal)",
        "40",
        "32",
        "Byte",
    ] in flat
    assert any(r[2] == "Skapad" and r[3] == "Status" and r[5] == "Utkast" for r in rows[1:])


def test_nav_and_home_links_per_role(staff_client, reporter_a_client):
    staff_home = body(staff_client.get(reverse("accounts:home")))
    assert "Överenskommelser" in staff_home and "Kommuntal" in staff_home
    reporter_home = body(reporter_a_client.get(reverse("accounts:home")))
    assert "Våra överenskommelser" in reporter_home
    assert f'href="{reverse("agreements:list")}"' not in reporter_home


# --- links to the follow-up pages; targets or "Inget mål" -----------------------


def _main(page: str) -> str:
    return page.split("<main", 1)[1].split("</main>", 1)[0]


def _follow_up_links(page: str) -> list[str]:
    import re

    return [
        href.replace("&amp;", "&")
        for href in re.findall(r'href="([^"]*uppfoljning/[^"]*)"', _main(page))
        if "installningar" not in href
    ]


@pytest.mark.parametrize("offset", [-1, 0, 1, 2])
def test_every_follow_up_link_on_an_agreement_page_answers(
    staff_client, reporter_a_client, make_agreement, municipality_a, offset
):
    """Regression: agreements for the year after next linked to follow-up pages that
    answered 404 (one valid-year rule: core.years)."""
    from core import clock

    year = clock.today().year + offset
    agreement = make_agreement(municipality_a, year=year, status=Agreement.Status.SIGNED)
    for client in (staff_client, reporter_a_client):
        page = body(client.get(reverse("agreements:detail", args=[agreement.pk])))
        links = _follow_up_links(page)
        for link in links:
            assert client.get(link).status_code == 200, link
        assert f"/kommun/0181/uppfoljning/?ar={year}" in links


def test_an_agreement_beyond_the_portals_years_links_to_no_follow_up(staff_client, municipality_a):
    """Rows made before the one year rule may lie further ahead than the follow-up pages
    answer: the page says when the follow-up opens instead of linking to a 404."""
    import datetime

    from core import clock, years

    year = clock.today().year + 5
    agreement = Agreement.objects.create(
        municipality=municipality_a,
        year=year,
        valid_from=datetime.date(year, 1, 1),
        valid_to=datetime.date(year, 12, 31),
    )
    page = body(staff_client.get(reverse("agreements:detail", args=[agreement.pk])))
    assert _follow_up_links(page) == []
    assert f"Uppföljningen för {year} öppnar under {year - years.YEARS_AHEAD}" in page


def test_an_unsigned_agreement_shows_its_targets_not_inget_mal(
    staff_client, make_agreement, municipality_a
):
    """Regression: a next-year agreement under negotiation listed its targets and, below,
    "Inget mål" for every category (follow-up counts signed agreements only)."""
    from core import clock

    year = clock.today().year + 1
    agreement = make_agreement(municipality_a, year=year, status=Agreement.Status.NEGOTIATION)
    response = staff_client.get(reverse("agreements:detail", args=[agreement.pk]))
    page = body(response)
    targets = page.split('class="table table-sm targets-table"')[1].split("</table>")[0]
    assert "Anvisade nyanlända (kommuntal)" in targets and '<td class="num">40\n</td>' in targets
    assert "Inget mål" not in page
    assert "Överenskommelsen har status ”Under förhandling”. Målen räknas i uppföljningen" in page

    services.agreement_change_status(
        agreement=agreement,
        status=Agreement.Status.SIGNED,
        user=None,
        without_targets=False,
        expected_version=agreement.version,
    )
    response = staff_client.get(reverse("agreements:detail", args=[agreement.pk]))
    rows = {row.category.code: row for row in response.context["capacity"]}
    assert (rows["anvisade"].target, rows["kvotflyktingar"].target) == (40, 10)
    # A category either has a target in the list above or says "Inget mål": never both.
    listed = {t.category.code for t in services.current_targets(agreement)}
    assert {code for code, row in rows.items() if row.status != "no_target"} == listed
    assert "Målen räknas i uppföljningen när" not in body(response)


def test_the_municipality_page_says_why_an_unsigned_agreements_targets_do_not_count(
    staff_client, make_agreement, municipality_a
):
    from core import clock

    year = clock.today().year + 1
    make_agreement(municipality_a, year=year, status=Agreement.Status.DRAFT)
    url = reverse("overview:municipality", kwargs={"code": "0181"})
    page = body(staff_client.get(url, {"ar": year}))
    note = f"Överenskommelsen för {year} har status ”Utkast”. Dess mål räknas här när den är"
    assert note in page
