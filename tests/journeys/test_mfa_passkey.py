"""Journeys: a passkey as the second factor (issue 17).

A reporter signs in with the password, goes to "Tvåstegsverifiering" from Mina sidor,
adds a passkey, signs out, and signs in with the password and the passkey. The
authenticator is Chromium's own virtual one (DevTools protocol, ``WebAuthn`` domain):
the browser runs the real ceremony, with the real static/js/passkey.js, and the portal
verifies real answers.

WebAuthn needs a host name, not an IP address: the live server is opened at
http://localhost:<port> (pytest-django's default host), and the relying party is
"localhost" with that origin.
"""

from __future__ import annotations

import pytest
from django_otp_webauthn.models import WebAuthnCredential

from accounts.models import AccountEvent, User

from . import steps


@pytest.fixture
def passkey_page(page, demo, settings):
    """The tab with a virtual platform authenticator (as a laptop's fingerprint reader)."""
    assert demo.url.startswith("http://localhost:"), demo.url
    settings.OTP_WEBAUTHN_RP_ID = "localhost"
    settings.OTP_WEBAUTHN_ALLOWED_ORIGINS = [demo.url]
    cdp = page.context.new_cdp_session(page)
    cdp.send("WebAuthn.enable")
    cdp.send(
        "WebAuthn.addVirtualAuthenticator",
        {
            "options": {
                "protocol": "ctap2",
                "transport": "internal",
                "hasResidentKey": True,
                "hasUserVerification": True,
                "isUserVerified": True,
            }
        },
    )
    return page


def password_step(page, person: steps.Person) -> None:
    steps.start(page)
    page.get_by_role("banner").get_by_role("link", name="Logga in").click()
    steps.field(page, "E-postadress").fill(person.email)
    steps.field(page, "Lösenord").fill(person.password)
    page.get_by_role("button", name="Logga in").click()
    page.wait_for_load_state()


def test_a_reporter_adds_a_passkey_and_signs_in_with_it(passkey_page):
    page = passkey_page
    reporter = User.objects.get(email=steps.REPORTER.email)
    assert not WebAuthnCredential.objects.filter(user=reporter).exists()

    # The password alone signs a reporter in (no second factor yet).
    password_step(page, steps.REPORTER)
    assert page.get_by_role("button", name="Logga ut").is_visible()
    steps.nav(page, "Mina sidor")
    page.get_by_role("link", name="Tvåstegsverifiering").click()
    page.wait_for_load_state()
    assert steps.heading(page) == "Tvåstegsverifiering"
    assert "Du har ingen nyckel." in steps.main_text(page)

    page.get_by_role("link", name="Lägg till en nyckel").click()
    page.wait_for_load_state()
    assert steps.heading(page) == "Lägg till en nyckel"
    steps.field(page, "Namn på nyckeln").fill("Jobbdatorn")
    page.get_by_role("button", name="Lägg till nyckeln").click()
    # The virtual authenticator answers; the page sends the form on its own.
    page.get_by_role("heading", name="Dina reservkoder").wait_for()
    codes = page.get_by_role("list", name="Reservkoder").get_by_role("listitem").all_inner_texts()
    assert len(codes) == 10
    page.get_by_role("link", name="Jag har sparat koderna, fortsätt").click()
    page.wait_for_load_state()
    assert steps.heading(page) == "Tvåstegsverifiering"
    assert "Tvåstegsverifiering är på för ditt konto." in steps.main_text(page)
    table = page.get_by_role("table", name="Dina nycklar")
    assert steps.table_rows(page, table)[0][0] == "Jobbdatorn"
    steps.screenshots(page, "issue-17/passkey-settings")

    credential = WebAuthnCredential.objects.get(user=reporter)
    assert credential.name == "Jobbdatorn" and credential.confirmed
    assert AccountEvent.objects.filter(
        account=reporter, actor=reporter, kind=AccountEvent.Kind.PASSKEY_ADDED
    ).exists()

    # Next time: the password, then the passkey.
    steps.sign_out(page)
    password_step(page, steps.REPORTER)
    assert steps.heading(page) == "Skriv koden"
    assert not page.get_by_role("button", name="Logga ut").is_visible()
    button = page.get_by_role("button", name="Logga in med nyckel")
    assert button.is_visible()
    steps.screenshots(page, "issue-17/passkey-sign-in")
    button.click()
    page.get_by_role("button", name="Logga ut").wait_for()
    assert "Nyckeln gick inte" not in steps.main_text(page)

    credential.refresh_from_db()
    assert credential.last_used_at is not None
    # The portal's own counter check: Chromium's virtual authenticator counts up.
    assert credential.sign_count >= 1


def test_without_javascript_the_sign_in_step_offers_the_code(browser, demo, settings):  # noqa: F811
    from tests.browser.conftest import DESKTOP
    from tests.factories.webauthn import give_passkey

    reporter = User.objects.get(email=steps.REPORTER.email)
    give_passkey(reporter)
    context = browser.new_context(
        base_url=demo.url, viewport=DESKTOP, locale="sv-SE", java_script_enabled=False
    )
    page = context.new_page()
    try:
        password_step(page, steps.REPORTER)
        assert steps.heading(page) == "Skriv koden"
        assert "fungerar bara när JavaScript är påslaget" in steps.main_text(page)
        assert not page.get_by_role("button", name="Logga in med nyckel").is_visible()
        assert steps.field(page, "Kod").is_visible()
    finally:
        context.close()
