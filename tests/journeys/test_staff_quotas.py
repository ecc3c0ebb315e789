"""County staff: the county quota (länstal) and the municipal quotas (kommuntal) of a year."""

from __future__ import annotations

import datetime

import openpyxl
from django.utils import timezone

from agreements.models import Agreement, CountyQuota, MunicipalQuotaDecision, Target
from tests.journeys.steps import (
    STAFF,
    alerts,
    error_summary,
    field,
    heading,
    main_text,
    nav,
    sign_in,
)


def _settlement(year: int) -> dict[str, int]:
    """{municipality name: kommuntal in force} for the Stockholm county's agreements of a year."""
    return {
        t.revision.agreement.municipality.name: t.places
        for t in Target.objects.current()
        .filter(
            revision__agreement__year=year,
            revision__agreement__municipality__county__code="01",
            category__is_settlement_quota=True,
        )
        .select_related("revision__agreement__municipality")
    }


def _to_year(page, year: int) -> None:
    """From the quota page of this year, follow "Nästa år" until ``year``."""
    this_year = timezone.localdate().year
    for shown in range(this_year, year):
        page.get_by_role("link", name=f"Nästa år ({shown + 1})").click()
        page.wait_for_load_state()
    assert heading(page).startswith(f"Kommuntal {year}")


def _allocation_input(page, municipality: str):
    """The quota input of a municipality: its label is the municipality's name."""
    return page.locator("main table").get_by_label(municipality, exact=True)


def test_staff_set_the_county_quota_and_the_municipal_quotas_of_a_year(page):
    year = timezone.localdate().year + 2  # a year nobody has planned yet
    assert not Agreement.objects.filter(year=year).exists()
    sign_in(page, STAFF)
    nav(page, "Kommuntal")
    _to_year(page, year)
    assert "Inget länstal registrerat" in main_text(page)

    page.get_by_role("link", name="Registrera länstalet").click()
    field(page, "Länstal (antal personer)").fill("120")
    page.get_by_label("Beslut (SFS-nummer)").fill("SFS 2027:900")
    page.get_by_label("Beslutsdatum").fill("2027-10-14")
    assert field(page, "Gäller från").input_value() == f"{year}-01-01"
    page.get_by_role("button", name="Spara beslutet").click()
    assert f"Beslutet om länstal för {year} är sparat" in alerts(page)
    quota = CountyQuota.objects.get(county__code="01", year=year)
    assert quota.places == 120 and quota.decision_reference == "SFS 2027:900"
    assert quota.effective_from == datetime.date(year, 1, 1)

    _allocation_input(page, "Botkyrka").fill("40")
    _allocation_input(page, "Huddinge").fill("50")
    _allocation_input(page, "Södertälje").fill("20")
    live = page.get_by_role("status").filter(has_text="Summa")
    live.filter(has_text="Summa: 110.").wait_for()
    assert "10 färre än länstalet" in live.inner_text()
    _allocation_input(page, "Nacka").fill("10")
    live.filter(has_text="Summan är lika med länstalet").wait_for()
    page.get_by_role("button", name="Spara kommuntalen").click()

    assert "Kommuntalen är sparade: 4 nya, 0 ändrade" in alerts(page)
    assert _allocation_input(page, "Huddinge").input_value() == "50"
    assert "färre än länstalet" not in main_text(page)
    assert _settlement(year) == {"Botkyrka": 40, "Huddinge": 50, "Södertälje": 20, "Nacka": 10}
    assert set(Agreement.objects.filter(year=year).values_list("status", flat=True)) == {
        Agreement.Status.DRAFT
    }


def test_staff_change_a_decided_municipal_quota_needs_a_reason(page):
    year = timezone.localdate().year + 1
    before = _settlement(year)
    sign_in(page, STAFF)
    nav(page, "Kommuntal")
    _to_year(page, year)
    botkyrka = _allocation_input(page, "Botkyrka")
    assert botkyrka.input_value() == str(before["Botkyrka"])

    botkyrka.fill(str(before["Botkyrka"] + 5))
    field(page, "Ändrade kommuntal gäller från").fill(f"{year}-04-01")
    page.get_by_role("button", name="Spara kommuntalen").click()
    assert "Skriv varför kommuntalen ändras" in error_summary(page)
    assert _settlement(year) == before

    page.get_by_label("Skäl till ändringen").fill("Botkyrka tar emot fler enligt överenskommelse")
    page.get_by_role("button", name="Spara kommuntalen").click()
    assert "1 ändrade" in alerts(page)
    assert _settlement(year)["Botkyrka"] == before["Botkyrka"] + 5
    agreement = Agreement.objects.get(municipality__name="Botkyrka", year=year)
    revision = agreement.revisions.order_by("-effective_from", "-id").first()
    assert revision.effective_from == datetime.date(year, 4, 1)
    assert revision.reason == "Botkyrka tar emot fler enligt överenskommelse"
    assert revision.created_by.email == STAFF.email


def test_staff_import_municipal_quotas_from_an_excel_file(page, tmp_path):
    year = timezone.localdate().year + 1
    before = _settlement(year)
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.title = "Kommuntal"
    sheet.append(["Kommunkod", "Kommun", "Antal"])
    sheet.append(["0127", "Botkyrka", before["Botkyrka"]])  # unchanged
    sheet.append(["0181", "Södertälje", 33])
    sheet.append(["0126", "Huddinge", 27])
    path = tmp_path / f"kommuntal-{year}.xlsx"
    workbook.save(path)

    sign_in(page, STAFF)
    nav(page, "Kommuntal")
    _to_year(page, year)
    page.get_by_role("link", name="Läs in kommuntal från en fil (CSV eller Excel)").click()
    assert heading(page).startswith(f"Läs in kommuntal {year}")
    field(page, "Fil med kommuntal (CSV eller XLSX)").set_input_files(path)
    page.get_by_role("button", name="Förhandsgranska").click()

    preview = page.get_by_role("region", name="Förhandsgranskning").locator("table")
    rows = [r.locator("td").all_inner_texts() for r in preview.locator("tbody tr").all()]
    assert [r[1].split()[0] for r in rows] == ["Botkyrka", "Södertälje", "Huddinge"]
    assert [r[3] for r in rows] == [str(before["Botkyrka"]), "33", "27"]
    assert [r[4] for r in rows] == ["Nej", "Ja", "Ja"]
    assert _settlement(year) == before  # a preview saves nothing

    page.get_by_label("Ändrade kommuntal gäller från").fill(f"{year}-01-01")
    page.get_by_label("Skäl till ändringen").fill("Kommuntal enligt länsstyrelsens beslut")
    page.get_by_role("button", name="Spara 3 kommuntal").click()

    assert "Importen är klar" in alerts(page)
    assert heading(page).startswith(f"Kommuntal {year}")
    assert _allocation_input(page, "Södertälje").input_value() == "33"
    after = _settlement(year)
    assert after["Södertälje"] == 33 and after["Huddinge"] == 27
    assert after["Botkyrka"] == before["Botkyrka"]
    assert {k: v for k, v in after.items() if k not in ("Södertälje", "Huddinge")} == {
        k: v for k, v in before.items() if k not in ("Södertälje", "Huddinge")
    }


def test_staff_upload_a_hostile_workbook_get_the_forms_message_then_a_good_one_works(
    page, tmp_path
):
    """The 1.6 kB workbook that declares A1:XFD1048576 (it took 2.7–4 GB and answered
    500) is the form's message; a billion-laughs workbook too; then a real file works."""
    from tests.agreements import bombs

    year = timezone.localdate().year + 1
    before = _settlement(year)
    sign_in(page, STAFF)
    nav(page, "Kommuntal")
    _to_year(page, year)
    page.get_by_role("link", name="Läs in kommuntal från en fil (CSV eller Excel)").click()

    for build, message in [
        (bombs.declared_whole_sheet, "1 048 576 rader och 16 384 kolumner"),
        (bombs.billion_laughs_sheet, "Filen är inte en giltig Excel-fil (XLSX)."),
    ]:
        name, content = build()
        path = tmp_path / name
        path.write_bytes(content)
        field(page, "Fil med kommuntal (CSV eller XLSX)").set_input_files(path)
        page.get_by_role("button", name="Förhandsgranska").click()
        assert message in error_summary(page).replace("\u00a0", " ")
        assert heading(page).startswith(f"Läs in kommuntal {year}")
    page.set_viewport_size({"width": 1280, "height": 900})
    page.screenshot(path="docs/screenshots/issue-15/import-hostile-file-1280.png", full_page=True)
    page.set_viewport_size({"width": 375, "height": 800})
    page.screenshot(path="docs/screenshots/issue-15/import-hostile-file-375.png", full_page=True)
    page.set_viewport_size({"width": 1280, "height": 900})
    assert _settlement(year) == before

    path = tmp_path / "kommuntal.xlsx"
    path.write_bytes(bombs.good_workbook((("Kommunkod", "Antal"), ("0181", 31))))
    field(page, "Fil med kommuntal (CSV eller XLSX)").set_input_files(path)
    page.get_by_role("button", name="Förhandsgranska").click()
    preview = page.get_by_role("region", name="Förhandsgranskning").locator("table")
    assert preview.locator("tbody tr").first.locator("td").nth(3).inner_text() == "31"
    assert _settlement(year) == before


def test_staff_enter_a_revised_county_quota_and_confirm_the_sum_below_it(page):
    """The government raises the länstal mid-year: staff record the new decision, see the
    history beside the first one, and share the rise out after confirming the warning."""
    year = timezone.localdate().year
    first = CountyQuota.objects.get(county__code="01", year=year)
    before = _settlement(year)
    sign_in(page, STAFF)
    nav(page, "Kommuntal")
    assert heading(page).startswith(f"Kommuntal {year}")

    page.get_by_role("link", name="Registrera ett ändrat länstal").click()
    field(page, "Länstal (antal personer)").fill(str(first.places + 40))
    field(page, "Gäller från").fill(f"{year}-07-01")
    page.get_by_label("Beslut (SFS-nummer)").fill(f"SFS {year}:480")
    page.get_by_role("button", name="Spara beslutet").click()
    # The rise leaves the kommuntal 40 short: a warning to confirm, nothing saved yet.
    assert "blir lägre än länstalet" in error_summary(page)
    assert CountyQuota.objects.filter(county__code="01", year=year).count() == 1
    page.get_by_label("Jag bekräftar att kommuntalen tillsammans får vara färre").check()
    page.get_by_role("button", name="Spara beslutet").click()
    assert f"Beslutet om länstal för {year} är sparat" in alerts(page)

    history = page.get_by_role("region", name="Beslut om länstal").locator("tbody tr")
    rows = [r.locator("td").all_inner_texts() for r in history.all()]
    assert [r[0] for r in rows] == [first.effective_from.isoformat(), f"{year}-07-01"]
    assert rows[1][1].replace("\u00a0", "").replace(" ", "") == str(first.places + 40)
    assert "Gäller" in rows[1][5] and "Gäller" not in rows[0][5]
    assert "40 färre än länstalet" in main_text(page)

    # Share the rise out: Botkyrka takes 30, which still leaves 10 short of the länstal.
    _allocation_input(page, "Botkyrka").fill(str(before["Botkyrka"] + 30))
    field(page, "Ändrade kommuntal gäller från").fill(f"{year}-07-01")
    page.get_by_label("Skäl till ändringen").fill("Nytt länstal från 1 juli")
    page.get_by_label("Diarienummer för beslutet").fill(f"851-7000-{year}")
    page.get_by_role("button", name="Spara kommuntalen").click()
    assert "blir lägre än länstalet" in error_summary(page)
    assert _settlement(year) == before
    page.get_by_label("Jag bekräftar att kommuntalen tillsammans får vara färre").check()
    page.get_by_role("button", name="Spara kommuntalen").click()
    assert "1 ändrade" in alerts(page)
    assert _settlement(year)["Botkyrka"] == before["Botkyrka"] + 30

    decisions = page.get_by_role("region", name="Beslut om kommuntal")
    newest = decisions.locator("tbody tr").last
    assert f"851-7000-{year}" in newest.inner_text()
    newest.get_by_role("button", name="Publicera för kommunerna").click()
    assert "Beslutet om kommuntal är publicerat" in alerts(page)
    decision = MunicipalQuotaDecision.objects.get(reference=f"851-7000-{year}")
    assert decision.is_published and decision.published_by.email == STAFF.email
    assert decision.effective_from == datetime.date(year, 7, 1)
    revised = CountyQuota.objects.in_force_on(datetime.date(year, 7, 1)).get(county__code="01")
    assert revised.places == first.places + 40 and revised.decision_reference == f"SFS {year}:480"
