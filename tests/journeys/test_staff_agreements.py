"""County staff: agreements with the municipalities and their targets."""

from __future__ import annotations

import datetime

from agreements.models import Agreement, Target
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


def _targets(agreement: Agreement) -> dict[str, int]:
    return {
        t.category.code: t.places
        for t in Target.objects.current()
        .filter(revision__agreement=agreement)
        .select_related("category")
    }


def test_staff_create_an_agreement_with_targets_for_every_category(page):
    sign_in(page, STAFF)
    nav(page, "Överenskommelser")
    page.get_by_role("link", name="Ny överenskommelse").click()
    assert heading(page) == "Ny överenskommelse"

    field(page, "Kommun").select_option(label="Nykvarn")
    field(page, "År").fill("2028")
    page.get_by_label("Diarienummer").fill("LST 2027-00123")
    targets = page.get_by_role("group", name="Mål: antal personer per kategori")
    assert "varav" in targets.inner_text() and "kan inte vara större" in targets.inner_text()
    page.get_by_label("Anvisade nyanlända (kommuntal)").fill("1 200")
    page.get_by_label("varav kvotflyktingar").fill("40")
    page.get_by_label("Ensamkommande barn").fill("3")
    page.get_by_label("Tillfälligt skydd (massflyktsdirektivet)").fill("0")
    page.get_by_role("button", name="Registrera överenskommelsen").click()

    assert "Överenskommelsen för Nykvarn 2028 är registrerad" in alerts(page)
    assert heading(page) == "Överenskommelse med Nykvarn 2028"
    shown = main_text(page)
    assert "1\u00a0200" in shown or "1 200" in shown
    agreement = Agreement.objects.get(municipality__name="Nykvarn", year=2028)
    assert agreement.case_number == "LST 2027-00123"
    assert agreement.valid_from == datetime.date(2028, 1, 1)
    assert _targets(agreement) == {
        "anvisade": 1200,
        "kvotflyktingar": 40,
        "ensamkommande": 3,
        "massflykt": 0,
    }


def test_staff_creating_a_second_agreement_for_a_year_is_led_to_the_existing_one(page):
    sign_in(page, STAFF)
    nav(page, "Överenskommelser")
    page.get_by_role("link", name="Ny överenskommelse").click()
    field(page, "Kommun").select_option(label="Nykvarn")
    field(page, "År").fill("2027")
    page.get_by_label("varav kvotflyktingar").fill("5")
    page.get_by_label("Anvisade nyanlända (kommuntal)").fill("2")
    page.get_by_role("button", name="Registrera överenskommelsen").click()

    summary = error_summary(page)
    assert "Nykvarn har redan en överenskommelse för 2027" in summary
    assert "Kan inte vara fler än 2" in summary
    assert Agreement.objects.filter(municipality__name="Nykvarn", year=2027).count() == 1
    page.locator("main").get_by_role("link", name="Öppna den överenskommelsen", exact=True).click()
    assert heading(page) == "Överenskommelse med Nykvarn 2027"


def test_staff_amend_a_target_with_a_reason(page):
    agreement = Agreement.objects.get(municipality__name="Botkyrka", year=2027)
    before = _targets(agreement)
    sign_in(page, STAFF)
    nav(page, "Överenskommelser")
    field(page, "Kommun").select_option(label="Botkyrka")
    field(page, "År").select_option("2027")
    page.get_by_role("button", name="Visa", exact=True).click()
    page.locator("main table").get_by_role("link", name="Botkyrka").first.click()
    page.get_by_role("link", name="Ändra målen").click()

    settlement = page.get_by_label("Anvisade nyanlända (kommuntal)")
    shown = settlement.input_value().replace("\u00a0", "").replace(" ", "")
    assert shown == str(before["anvisade"])
    new_value = before["anvisade"] + 15
    settlement.fill(str(new_value))
    page.get_by_label("Gäller från").fill("2027-07-01")
    page.get_by_role("button", name="Spara ändringen av målen").click()
    assert "Skriv varför målen ändras" in error_summary(page)
    assert _targets(agreement) == before

    page.get_by_label("Skäl").fill("Kommunen har fler bostäder från juli")
    page.get_by_role("button", name="Spara ändringen av målen").click()
    assert "De nya målen är sparade" in alerts(page)
    assert "Kommunen har fler bostäder från juli" in main_text(page)
    assert _targets(agreement)["anvisade"] == new_value
    revision = agreement.revisions.order_by("-effective_from", "-id").first()
    assert revision.effective_from == datetime.date(2027, 7, 1)
    assert revision.reason == "Kommunen har fler bostäder från juli"
    assert revision.created_by.email == STAFF.email


def test_staff_sign_and_then_terminate_an_agreement(page):
    agreement = Agreement.objects.get(municipality__name="Haninge", year=2027)
    assert agreement.status == Agreement.Status.NEGOTIATION
    sign_in(page, STAFF)
    nav(page, "Överenskommelser")
    field(page, "Kommun").select_option(label="Haninge")
    field(page, "År").select_option("2027")
    page.get_by_role("button", name="Visa", exact=True).click()
    page.locator("main table").get_by_role("link", name="Haninge").first.click()

    page.get_by_label("Undertecknad den").fill("2026-11-20")
    page.get_by_role("button", name="Markera som undertecknad").click()
    assert "Status är nu: Undertecknad" in alerts(page)
    agreement.refresh_from_db()
    assert agreement.status == Agreement.Status.SIGNED
    assert agreement.signed_on == datetime.date(2026, 11, 20)

    page.get_by_label("Skäl (syns i historiken)").fill("Kommunen sade upp avtalet")
    page.get_by_role("button", name="Avsluta överenskommelsen").click()
    assert "Status är nu: Avslutad" in alerts(page)
    assert "kan läsas men inte ändras" in main_text(page)
    assert page.get_by_role("link", name="Ändra målen").count() == 0
    agreement.refresh_from_db()
    assert agreement.status == Agreement.Status.TERMINATED
    assert "Kommunen sade upp avtalet" in main_text(page)


def test_staff_signing_an_agreement_without_targets_must_confirm(page):
    sign_in(page, STAFF)
    nav(page, "Överenskommelser")
    page.get_by_role("link", name="Ny överenskommelse").click()
    field(page, "Kommun").select_option(label="Vaxholm")
    field(page, "År").fill("2028")
    page.get_by_role("button", name="Registrera överenskommelsen").click()
    assert "Inga mål är registrerade" in main_text(page)
    agreement = Agreement.objects.get(municipality__name="Vaxholm", year=2028)

    page.get_by_role("button", name="Markera som undertecknad").click()
    assert "Överenskommelsen har inga mål" in alerts(page)
    agreement.refresh_from_db()
    assert agreement.status != Agreement.Status.SIGNED

    page.get_by_label("Underteckna utan mål").check()
    page.get_by_role("button", name="Markera som undertecknad").click()
    assert "Status är nu: Undertecknad" in alerts(page)
    agreement.refresh_from_db()
    assert agreement.status == Agreement.Status.SIGNED
