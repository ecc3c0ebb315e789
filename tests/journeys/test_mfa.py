"""Journeys: two-step verification (issue 17).

A staff member who has only a password sets up an authenticator app at sign-in and signs
in with its code the next time; a recovery code works once. The "app" is the test: it
reads the secret the page shows (as a person types it into their app) and computes the
code the way every authenticator app does (RFC 6238).
"""

from __future__ import annotations

import base64

from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice

from accounts.models import User

from . import steps


def app_code(secret_text: str, *, next_step: bool = False) -> str:
    """What an authenticator app shows for the secret typed into it."""
    text = secret_text.replace(" ", "")
    key = base64.b32decode(text + "=" * (-len(text) % 8))
    totp = TOTP(key, step=30, t0=0, digits=6, drift=1 if next_step else 0)
    return f"{totp.token():06d}"


def password_step(page, person: steps.Person) -> None:
    steps.start(page)
    page.get_by_role("banner").get_by_role("link", name="Logga in").click()
    steps.field(page, "E-postadress").fill(person.email)
    steps.field(page, "Lösenord").fill(person.password)
    page.get_by_role("button", name="Logga in").click()
    page.wait_for_load_state()


def test_staff_with_a_password_sets_up_an_app_and_signs_in_with_a_code(page):
    # A staff member whose account has no app yet (as every account had before issue 17).
    TOTPDevice.objects.filter(user__email=steps.STAFF.email).delete()

    password_step(page, steps.STAFF)
    assert steps.heading(page) == "Ställ in tvåstegsverifiering"
    assert page.get_by_role("img", name="QR-kod att skanna med appen").is_visible()
    secret = page.locator("code.mfa-secret").inner_text()
    # Not signed in yet: the header still offers "Logga in".
    assert not page.get_by_role("button", name="Logga ut").is_visible()

    steps.field(page, "Kod från appen").fill("000000" if app_code(secret) != "000000" else "1")
    page.get_by_role("button", name="Bekräfta").click()
    page.wait_for_load_state()
    assert "Koden stämmer inte" in steps.error_summary(page)

    steps.field(page, "Kod från appen").fill(app_code(secret))
    page.get_by_role("button", name="Bekräfta").click()
    page.wait_for_load_state()
    assert steps.heading(page) == "Dina reservkoder"
    codes = page.get_by_role("list", name="Reservkoder").get_by_role("listitem").all_inner_texts()
    assert len(codes) == 10
    assert all(len(code.replace("-", "")) == 24 for code in codes)
    steps.screenshots(page, "issue-17/recovery-codes")
    page.get_by_role("link", name="Jag har sparat koderna, fortsätt").click()
    page.wait_for_load_state()
    assert page.get_by_role("button", name="Logga ut").is_visible()
    assert TOTPDevice.objects.get(user__email=steps.STAFF.email).confirmed

    # Next time: the password, then the code from the app.
    steps.sign_out(page)
    password_step(page, steps.STAFF)
    assert steps.heading(page) == "Skriv koden"
    # The code just used to confirm the app is refused; the app's next one is not.
    steps.field(page, "Kod").fill(app_code(secret))
    page.get_by_role("button", name="Fortsätt").click()
    page.wait_for_load_state()
    if steps.heading(page) == "Skriv koden":
        assert "Koden stämmer inte" in steps.error_summary(page) or "Vänta" in steps.main_text(page)
        # As if the app's next code had come: the device's pause after a wrong code is over.
        TOTPDevice.objects.filter(user__email=steps.STAFF.email).update(
            throttling_failure_timestamp=None
        )
        steps.field(page, "Kod").fill(steps.authenticator_code(steps.STAFF.email))
        page.get_by_role("button", name="Fortsätt").click()
        page.wait_for_load_state()
    assert page.get_by_role("button", name="Logga ut").is_visible()
    assert steps.heading(page).startswith("Att göra")


def test_a_recovery_code_works_once(page):
    from accounts import mfa

    user = User.objects.get(email=steps.STAFF.email)
    # The codes the staff member was shown when they set up their app.
    codes = mfa._recovery_codes_replace(user)

    password_step(page, steps.STAFF)
    steps.field(page, "Kod").fill(codes[3])
    page.get_by_role("button", name="Fortsätt").click()
    page.wait_for_load_state()
    assert page.get_by_role("button", name="Logga ut").is_visible()
    assert "Du loggade in med en reservkod" in steps.alerts(page)
    assert "9 kvar" in steps.alerts(page)

    steps.sign_out(page)
    password_step(page, steps.STAFF)
    steps.field(page, "Kod").fill(codes[3])
    page.get_by_role("button", name="Fortsätt").click()
    page.wait_for_load_state()
    assert steps.heading(page) == "Skriv koden"
    assert "Koden stämmer inte" in steps.error_summary(page)
    assert not page.get_by_role("button", name="Logga ut").is_visible()


def test_the_county_requires_two_step_verification_of_its_reporters(page, settings):
    from core.models import County

    settings.MFA_REQUIRED_FOR_REPORTERS = False
    TOTPDevice.objects.filter(user__email=steps.REPORTER.email).delete()
    steps.sign_in(page, steps.STAFF)
    steps.nav(page, "Mina sidor")
    page.get_by_role("link", name="Kommunrapportörer och inbjudningar").click()
    section = page.locator("h2#tvastegsverifiering")
    assert section.inner_text() == "Tvåstegsverifiering för kommunernas rapportörer"
    assert "tvåstegsverifiering i dag frivillig" in steps.main_text(page)
    page.get_by_label("Kräv tvåstegsverifiering av kommunernas rapportörer").check()
    page.get_by_role("button", name="Spara").click()
    page.wait_for_load_state()
    assert "måste nu använda tvåstegsverifiering från nästa inloggning" in steps.alerts(page)
    assert "Stockholms län kräver i dag tvåstegsverifiering" in steps.main_text(page)
    staff = User.objects.get(email=steps.STAFF.email)
    county = County.objects.get(code="01")
    assert county.reporters_need_mfa and county.reporters_need_mfa_changed_by == staff
    page.locator("#tvastegsverifiering").scroll_into_view_if_needed()
    steps.screenshots(page, "issue-17/reporters-need-mfa")
    steps.sign_out(page)

    # The reporter's next sign-in: the password is not enough any more.
    password_step(page, steps.REPORTER)
    assert steps.heading(page) == "Ställ in tvåstegsverifiering"
    assert not page.get_by_role("button", name="Logga ut").is_visible()
    secret = page.locator("code.mfa-secret").inner_text()
    steps.field(page, "Kod från appen").fill(app_code(secret))
    page.get_by_role("button", name="Bekräfta").click()
    page.wait_for_load_state()
    assert steps.heading(page) == "Dina reservkoder"
    assert TOTPDevice.objects.filter(user__email=steps.REPORTER.email, confirmed=True).exists()
