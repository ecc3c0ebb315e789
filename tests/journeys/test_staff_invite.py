"""County staff: invite a municipality reporter; the invitee takes the e-mail's link."""

from __future__ import annotations

from django.core import mail

from accounts.models import User
from tests.browser.conftest import DESKTOP
from tests.journeys.steps import (
    STAFF,
    Person,
    alerts,
    error_summary,
    field,
    heading,
    link_in,
    main_text,
    nav,
    sent_mail,
    sign_in,
)

INVITEE = Person("linnea.ek@nykvarn.example", "Ett-eget-losenord-gran")


def test_staff_invite_a_reporter_who_sets_a_password_and_sees_their_municipality(
    page, browser, demo
):
    mail.outbox.clear()  # what seeding the demo data sent is not this journey's
    sign_in(page, STAFF)
    nav(page, "Mina sidor")
    page.get_by_role("link", name="Bjud in en kommunrapportör").click()
    assert heading(page) == "Bjud in en kommunrapportör"

    field(page, "E-postadress").fill(INVITEE.email)
    field(page, "Förnamn").fill("Linnea")
    field(page, "Efternamn").fill("Ek")
    page.get_by_label("Titel").fill("Integrationssamordnare")
    page.get_by_role("group", name="Kommuner").get_by_label("Nykvarn", exact=True).check()
    page.get_by_role("button", name="Skicka inbjudan").click()

    assert f"En inbjudan har skickats till {INVITEE.email}" in alerts(page)
    invitee = User.objects.get(email=INVITEE.email)
    assert invitee.role == User.Role.REPORTER
    assert not invitee.has_usable_password()
    assert [m.code for m in invitee.municipalities.all()] == ["0140"]
    [message] = sent_mail(to=INVITEE.email)
    assert message.subject == "Inbjudan till Integrationsportalen"
    assert "Nykvarn" in message.body and "Elin Berggren" in message.body

    # The invitee opens the link from the e-mail in a browser of their own.
    context = browser.new_context(base_url=demo.url, viewport=DESKTOP, locale="sv-SE")
    tab = context.new_page()
    tab.set_default_timeout(10_000)
    try:
        tab.goto(link_in(message, r"https?://\S+"))
        assert heading(tab) == "Välkommen till Integrationsportalen"
        field(tab, "Nytt lösenord").fill(INVITEE.password)
        field(tab, "Bekräfta nytt lösenord").fill("Ett-annat-losenord")
        tab.get_by_role("button", name="Spara lösenord").click()
        assert error_summary(tab)
        invitee.refresh_from_db()
        assert not invitee.has_usable_password()

        field(tab, "Nytt lösenord").fill(INVITEE.password)
        field(tab, "Bekräfta nytt lösenord").fill(INVITEE.password)
        tab.get_by_role("button", name="Spara lösenord").click()
        assert "Ditt lösenord är sparat" in alerts(tab)
        invitee.refresh_from_db()
        assert invitee.check_password(INVITEE.password)

        field(tab, "E-postadress").fill(INVITEE.email)
        field(tab, "Lösenord").fill(INVITEE.password)
        tab.get_by_role("button", name="Logga in").click()
        tab.wait_for_load_state()
        assert tab.get_by_role("button", name="Logga ut").is_visible()
        # A reporter lands on what is due: the reports of their municipality.
        assert heading(tab).startswith("Rapporter")
        assert "Nykvarn" in main_text(tab)
        menu = tab.get_by_role("navigation", name="Huvudmeny")
        menu.get_by_role("link", name="Våra överenskommelser").click()
        assert "Nykvarn" in heading(tab)

        # The link works once.
        tab.goto(link_in(message, r"https?://\S+"))
        assert heading(tab) == "Inbjudan fungerar inte längre"
    finally:
        context.close()
