"""County staff administer the county's reporters: invite, send again, revoke; deactivate
an account with a reason so the person cannot sign in, then reactivate it."""

from __future__ import annotations

from django.core import mail

from accounts.models import AccountEvent, Invitation, User
from tests.browser.conftest import DESKTOP
from tests.journeys.steps import (
    REPORTER,
    STAFF,
    alerts,
    error_summary,
    field,
    heading,
    link_in,
    main_text,
    nav,
    sent_mail,
    sign_in,
    sign_out,
)

INVITEE = "linnea.ek@nykvarn.example"
SHOTS = "docs/screenshots/issue-16"


def open_user_admin(page) -> None:
    nav(page, "Mina sidor")
    page.get_by_role("link", name="Kommunrapportörer och inbjudningar").click()
    assert heading(page) == "Kommunrapportörer och inbjudningar"


def link_works(browser, demo, url: str) -> bool:
    context = browser.new_context(base_url=demo.url, viewport=DESKTOP, locale="sv-SE")
    tab = context.new_page()
    try:
        tab.goto(url)
        return heading(tab) == "Välkommen till Integrationsportalen"
    finally:
        context.close()


def test_staff_invite_resend_and_revoke_an_invitation(page, browser, demo):
    mail.outbox.clear()
    sign_in(page, STAFF)
    open_user_admin(page)
    page.get_by_role("link", name="Bjud in en kommunrapportör").click()
    field(page, "E-postadress").fill(INVITEE)
    field(page, "Förnamn").fill("Linnea")
    field(page, "Efternamn").fill("Ek")
    page.get_by_role("group", name="Kommuner").get_by_label("Nykvarn", exact=True).check()
    page.get_by_role("button", name="Skicka inbjudan").click()
    [first] = sent_mail(to=INVITEE)
    assert "Länken gäller till " in first.body and " kl. " in first.body

    open_user_admin(page)
    invitations = page.get_by_role("region", name="Inbjudningar som inte är antagna")
    assert "Linnea Ek" in invitations.inner_text() and "Väntar" in invitations.inner_text()
    page.screenshot(path=f"{SHOTS}/users-list-1280.png", full_page=True)

    page.get_by_role("button", name=f"Skicka ny inbjudan till {INVITEE}").click()
    assert f"En ny inbjudan har skickats till {INVITEE}" in alerts(page)
    first_link, second = link_in(first, r"https?://\S+"), sent_mail(to=INVITEE)[-1]
    assert len(sent_mail(to=INVITEE)) == 2
    assert not link_works(browser, demo, first_link)
    assert link_works(browser, demo, link_in(second, r"https?://\S+"))

    page.get_by_role("button", name=f"Återkalla inbjudan till {INVITEE}").click()
    assert f"Inbjudan till {INVITEE} är återkallad" in alerts(page)
    invitation = Invitation.objects.get(user__email=INVITEE)
    assert invitation.status == Invitation.Status.REVOKED
    assert not invitation.user.is_active
    assert not link_works(browser, demo, link_in(second, r"https?://\S+"))

    invitations = page.get_by_role("region", name="Inbjudningar som inte är antagna")
    invitations.get_by_role("link", name="Linnea Ek").click()
    assert heading(page) == "Linnea Ek"
    history = page.get_by_role("region", name="Kontots historik").inner_text()
    for event in ("Inbjuden", "Ny inbjudan skickad", "Inbjudan återkallad"):
        assert event in history
    assert list(
        AccountEvent.objects.filter(account=invitation.user)
        .order_by("at", "pk")
        .values_list("kind", flat=True)
    ) == ["invited", "invitation_resent", "invitation_revoked"]


def test_staff_deactivate_a_reporter_who_then_cannot_sign_in_then_reactivate(page, phone_page):
    sign_in(page, STAFF)
    open_user_admin(page)
    reporters = page.get_by_role("region", name="Kommunrapportörer per kommun")
    reporters.get_by_role("link", name="Sara Nyström").click()
    assert heading(page) == "Sara Nyström"
    assert "Aktivt" in main_text(page)

    page.get_by_role("button", name="Inaktivera kontot").click()
    assert "Skriv varför." in error_summary(page)
    assert User.objects.get(email=REPORTER.email).is_active
    page.screenshot(path=f"{SHOTS}/user-detail-error-1280.png", full_page=True)

    field(page, "Skäl").fill("Har slutat på kommunen")
    page.get_by_role("button", name="Inaktivera kontot").click()
    assert "Kontot är inaktiverat" in alerts(page)
    assert (
        "Har slutat på kommunen" in page.get_by_role("region", name="Kontots historik").inner_text()
    )
    assert not User.objects.get(email=REPORTER.email).is_active
    page.screenshot(path=f"{SHOTS}/user-detail-1280.png", full_page=True)

    # The reporter tries to sign in on a phone: refused, the generic message.
    phone_page.goto("/")
    phone_page.get_by_role("banner").get_by_role("link", name="Logga in").click()
    field(phone_page, "E-postadress").fill(REPORTER.email)
    field(phone_page, "Lösenord").fill(REPORTER.password)
    phone_page.get_by_role("button", name="Logga in").click()
    assert "Fel e-postadress eller lösenord." in error_summary(phone_page)
    assert not phone_page.get_by_role("button", name="Logga ut").is_visible()

    field(page, "Skäl").fill("Tillbaka i tjänst")
    page.get_by_role("button", name="Aktivera kontot igen").click()
    assert "Kontot är aktivt igen" in alerts(page)
    assert User.objects.get(email=REPORTER.email).is_active
    sign_out(page)
    sign_in(phone_page, REPORTER)
    kinds = AccountEvent.objects.filter(account__email=REPORTER.email).values_list("kind", "reason")
    assert set(kinds) == {
        ("deactivated", "Har slutat på kommunen"),
        ("reactivated", "Tillbaka i tjänst"),
    }


def test_user_admin_pages_on_a_phone(phone_page):
    sign_in(phone_page, STAFF)
    nav(phone_page, "Mina sidor")
    phone_page.get_by_role("link", name="Kommunrapportörer och inbjudningar").click()
    phone_page.screenshot(path=f"{SHOTS}/users-list-375.png", full_page=True)
    phone_page.get_by_role("region", name="Kommunrapportörer per kommun").get_by_role(
        "link", name="Sara Nyström"
    ).click()
    assert heading(phone_page) == "Sara Nyström"
    phone_page.screenshot(path=f"{SHOTS}/user-detail-375.png", full_page=True)
