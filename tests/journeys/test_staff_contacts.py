"""County staff: the public contact page's people and the integration page's texts."""

from __future__ import annotations

from playwright.sync_api import expect

from contacts.models import Contact, PageBlock
from tests.journeys.steps import (
    STAFF,
    alerts,
    field,
    heading,
    main_text,
    nav,
    sign_in,
)


def _history(page) -> list[list[str]]:
    table = page.get_by_role("region", name="Ändringshistorik").locator("table")
    return [row.locator("td").all_inner_texts() for row in table.locator("tbody tr").all()]


def test_staff_edit_a_contact_and_the_contact_page_shows_the_change(page):
    contact = Contact.objects.get(name="Jonas Mäkinen")
    assert not contact.municipalities.filter(name="Nacka").exists()
    sign_in(page, STAFF)
    nav(page, "Kontakter och texter")
    page.locator("main table").get_by_role("link", name="Jonas Mäkinen", exact=True).click()
    assert heading(page) == "Ändra Jonas Mäkinen"

    field(page, "Titel").fill("Senior integrationsutvecklare")
    field(page, "Telefon").fill("08-465 004 99")
    municipalities = page.get_by_role("group", name="Ansvarar för kommunerna")
    municipalities.get_by_label("Nacka", exact=True).check()
    page.get_by_role("button", name="Spara").click()

    assert "Ändringarna är sparade" in alerts(page)
    contact.refresh_from_db()
    assert contact.title == "Senior integrationsutvecklare"
    assert contact.phone == "+46846500499"
    assert contact.municipalities.filter(name="Nacka").exists()
    assert contact.history.first().history_user.email == STAFF.email

    page.get_by_role("link", name="Visa kontaktsidan").click()
    field(page, "Kommun").select_option(label="Nacka")
    page.get_by_role("button", name="Visa kontaktpersoner").click()
    shown = main_text(page)
    assert "Kontaktpersoner för Nacka" in shown
    card = (
        page.locator("main article, main .contact-card, main li")
        .filter(has_text="Jonas Mäkinen")
        .first
    )
    assert "Senior integrationsutvecklare" in card.inner_text()
    assert "08-465 004 99" in card.inner_text()

    nav(page, "Kontakter och texter")
    page.locator("main table").get_by_role("link", name="Jonas Mäkinen", exact=True).click()
    assert ["Elin Berggren", "Ändrad kontaktperson"] == _history(page)[0][1:]
    assert not any("Changed" in row or "Created" in row for row in map(" ".join, _history(page)))


def test_staff_edit_a_text_block_and_the_integration_page_shows_the_change(page):
    block = PageBlock.objects.get(county__code="01", heading="Vad Länsstyrelsen gör")
    sign_in(page, STAFF)
    nav(page, "Kontakter och texter")
    page.get_by_role("link", name="Texter på integrationssidan").click()
    page.locator("main table").get_by_role("link", name="Vad Länsstyrelsen gör").click()

    assert heading(page) == "Ändra ”Vad Länsstyrelsen gör”"
    assert page.title().startswith("Ändra ”Vad Länsstyrelsen gör”")
    preview = page.get_by_role("region", name="Så här visas den sparade texten")
    assert "Regeringen har gett länsstyrelserna fem uppgifter" in preview.inner_text()

    field(page, "Rubrik").fill("Länsstyrelsens uppgifter")
    field(page, "Text").fill(
        "Vi har fem uppgifter.\n\n- **Beredskap** för mottagandet\n- Kommuntal\n\n"
        "Läs mer på [regeringens sida](https://www.regeringen.se/)."
    )
    page.get_by_role("button", name="Spara").click()

    assert "Textblocket är sparat" in alerts(page)
    block.refresh_from_db()
    assert block.heading == "Länsstyrelsens uppgifter"
    assert block.body.startswith("Vi har fem uppgifter.")

    page.get_by_role("link", name="Visa integrationssidan").click()
    section = page.locator("main").get_by_role("heading", name="Länsstyrelsens uppgifter")
    assert section.is_visible()
    assert page.get_by_role("heading", name="Vad Länsstyrelsen gör").count() == 0
    assert page.locator("main li").filter(has_text="Beredskap för mottagandet").is_visible()
    assert page.locator("main strong", has_text="Beredskap").is_visible()
    link = page.get_by_role("link", name="regeringens sida")
    assert link.get_attribute("href") == "https://www.regeringen.se/"

    nav(page, "Kontakter och texter")
    page.get_by_role("link", name="Texter på integrationssidan").click()
    page.locator("main table").get_by_role("link", name="Länsstyrelsens uppgifter").click()
    preview = page.get_by_role("region", name="Så här visas den sparade texten")
    assert "Vi har fem uppgifter." in preview.inner_text()
    assert _history(page)[0][1:] == ["Elin Berggren", "Ändrat textblock"]


def test_staff_double_clicking_add_creates_one_contact_and_back_gives_the_form_again(page):
    before = Contact.objects.count()
    posts = []
    page.on(
        "request",
        lambda request: posts.append(request.url) if request.method == "POST" else None,
    )
    sign_in(page, STAFF)
    posts.clear()
    nav(page, "Kontakter och texter")
    page.get_by_role("link", name="Lägg till kontaktperson").click()
    field(page, "Namn").fill("Dubbel Klick")
    field(page, "Titel").fill("Handläggare")
    field(page, "Eller ny enhet").fill("Enheten för prov")
    field(page, "E-postadress").fill("dubbel.klick@lansstyrelsen.example")
    field(page, "Telefon").fill("010-223 62 10")
    with page.expect_navigation():
        page.get_by_role("button", name="Spara").dblclick()
    page.wait_for_load_state()

    assert "Dubbel Klick är tillagd" in alerts(page)
    assert len(posts) == 1, posts  # the second click never left the browser
    assert Contact.objects.count() == before + 1
    assert Contact.objects.filter(name="Dubbel Klick").count() == 1

    page.go_back()
    page.wait_for_load_state()
    assert page.get_by_role("button", name="Spara").is_enabled()


def test_a_form_on_its_way_cannot_be_sent_again(page):
    """Once sent, the button is disabled and a second submit sends nothing, until the
    answer replaces the page (here a 204, which leaves it) (static/js/submit-once.js)."""
    posts = []

    def hold(route):
        if route.request.method == "POST":
            posts.append(route.request.url)
            route.fulfill(status=204)  # "no content": the browser stays on the form
        else:
            route.continue_()

    sign_in(page, STAFF)
    nav(page, "Kontakter och texter")
    page.get_by_role("link", name="Lägg till kontaktperson").click()
    field(page, "Namn").fill("Väntar Svar")
    page.route("**/hantera/kontakter/ny/", hold)
    button = page.get_by_role("button", name="Spara")
    button.click()
    expect(button).to_be_disabled(timeout=3_000)
    page.locator("main form").evaluate("form => form.requestSubmit()")
    assert len(posts) == 1, posts
