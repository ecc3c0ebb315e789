"""Passkeys (WebAuthn) as a second factor: adding one, signing in with one, removing one,
and every bad answer (another account's passkey, a wrong or used challenge, another
origin, a sign count going back). The authenticator is tests/factories/webauthn.py's
software one: django-otp-webauthn and py_webauthn verify its answers for real."""

from __future__ import annotations

import json
import logging

import pytest
from django.urls import reverse
from django_otp.plugins.otp_static.models import StaticDevice
from django_otp_webauthn.models import WebAuthnCredential

from accounts import mfa
from accounts.models import AccountEvent
from tests.factories.accounts import PASSWORD, client_for
from tests.factories.mfa import give_app, post_password
from tests.factories.webauthn import (
    ORIGIN,
    RP_ID,
    SoftAuthenticator,
    give_passkey,
    register_passkey,
    sign_in_options,
    sign_in_with_passkey,
)

pytestmark = pytest.mark.django_db

SETTINGS = reverse("accounts:mfa")
ADD = reverse("accounts:webauthn_register")
CODE_PAGE = reverse("accounts:mfa_sign_in_code")
SIGN_IN = reverse("accounts:webauthn_sign_in")
CONFIRM_OPTIONS = reverse("accounts:webauthn_confirm_options")


@pytest.fixture(autouse=True)
def _relying_party(settings):
    settings.OTP_WEBAUTHN_RP_ID = RP_ID
    settings.OTP_WEBAUTHN_ALLOWED_ORIGINS = [ORIGIN]


@pytest.fixture
def log(caplog):
    caplog.set_level(logging.INFO, logger="integration_portal.security")
    return caplog


def signed_in(client) -> bool:
    return "_auth_user_id" in client.session


def remove_url(credential) -> str:
    return reverse("accounts:webauthn_remove", kwargs={"pk": credential.pk})


# --- Adding a passkey ----------------------------------------------------------------------


def test_a_reporter_adds_a_passkey_and_gets_recovery_codes(reporter_a, log):
    client = client_for(reporter_a)
    page = client.get(SETTINGS).content.decode()
    assert ADD in page and "Lägg till en nyckel" in page
    response = register_passkey(client, SoftAuthenticator(), name="Jobbdatorn")
    # The first second factor: recovery codes, once, as for the app.
    assert response.status_code == 200 and len(response.context["codes"]) == 10
    credential = WebAuthnCredential.objects.get(user=reporter_a)
    assert credential.name == "Jobbdatorn" and credential.confirmed
    assert mfa.is_enrolled(reporter_a) and not mfa.has_app(reporter_a)
    assert client.session[mfa.FACTOR] == "webauthn"
    event = AccountEvent.objects.get(account=reporter_a)
    assert (event.kind, event.actor, event.reason) == (
        AccountEvent.Kind.PASSKEY_ADDED,
        reporter_a,
        "Jobbdatorn",
    )
    assert f"event=webauthn_registered user={reporter_a.email}" in log.text
    assert "event=mfa_enrolled user=reporter.a@kommun-a.example ip=127.0.0.1 factor=webauthn" in (
        log.text
    )
    # From now on the password alone does not sign in.
    assert post_password(client_for(None), reporter_a)["Location"] == CODE_PAGE
    listed = client.get(SETTINGS).content.decode()
    assert "Jobbdatorn" in listed and remove_url(credential) in listed


def test_a_second_factor_added_beside_the_app_keeps_the_recovery_codes(reporter_a):
    give_app(reporter_a)
    codes = mfa._recovery_codes_replace(reporter_a)
    client = client_for(reporter_a)
    response = register_passkey(client, SoftAuthenticator())
    assert response.status_code == 302 and response["Location"] == SETTINGS
    assert mfa.recovery_codes_left(reporter_a) == len(codes) == 10
    assert mfa.passkeys(reporter_a).count() == 1


def test_a_passkey_made_for_another_origin_is_not_added(reporter_a, log):
    client = client_for(reporter_a)
    response = register_passkey(client, SoftAuthenticator(origin="https://phishing.example"))
    assert response.status_code == 200
    assert "Det gick inte att lägga till nyckeln" in response.content.decode()
    assert not WebAuthnCredential.objects.exists() and not AccountEvent.objects.exists()
    assert "event=webauthn_register_refused" in log.text and "reason=origin" in log.text


def test_a_registration_answer_counts_once(reporter_a):
    client = client_for(reporter_a)
    authenticator = SoftAuthenticator()
    options = client.post(reverse("accounts:webauthn_register_options")).json()
    data = authenticator.attestation(options)
    assert client.post(ADD, {"name": "A", "credential": data}).status_code == 200
    again = client.post(ADD, {"name": "B", "credential": data})
    assert "Det gick inte att lägga till nyckeln" in again.content.decode()
    assert list(WebAuthnCredential.objects.values_list("name", flat=True)) == ["A"]


def test_without_javascript_the_page_says_a_passkey_needs_it(reporter_a):
    client = client_for(reporter_a)
    page = client.get(ADD).content.decode()
    assert "<noscript>" in page and "JavaScript" in page
    assert "<script>" not in page  # CSP: no inline script
    response = client.post(ADD, {"name": "Jobbdatorn", "credential": ""})
    assert "JavaScript är påslaget" in response.content.decode()
    assert not WebAuthnCredential.objects.exists()


def test_a_passkey_needs_a_name(reporter_a):
    client = client_for(reporter_a)
    options = client.post(reverse("accounts:webauthn_register_options")).json()
    response = client.post(
        ADD, {"name": "  ", "credential": SoftAuthenticator().attestation(options)}
    )
    assert "Skriv ett namn på nyckeln" in response.content.decode()
    assert not WebAuthnCredential.objects.exists()


def test_the_registration_options_exclude_ones_own_passkeys(reporter_a):
    credential, authenticator = give_passkey(reporter_a)
    options = client_for(reporter_a).post(reverse("accounts:webauthn_register_options")).json()
    assert options["rp"]["id"] == RP_ID
    assert [c["id"] for c in options["excludeCredentials"]] == [
        json.loads(authenticator.assertion({"challenge": "x"}))["id"]
    ]


# --- Signing in with a passkey -----------------------------------------------------------


def test_the_password_then_a_passkey_signs_in(client, reporter_a, log):
    credential, authenticator = give_passkey(reporter_a)
    response = post_password(client, reporter_a)
    assert response["Location"] == CODE_PAGE and not signed_in(client)
    page = client.get(CODE_PAGE).content.decode()
    assert "Logga in med nyckel" in page and SIGN_IN in page and "js/passkey.js" in page
    response = sign_in_with_passkey(client, authenticator)
    assert response.status_code == 302
    assert response["Location"] == reverse("reception:inbox")
    assert signed_in(client) and client.session["_auth_user_id"] == str(reporter_a.pk)
    assert client.session[mfa.FACTOR] == "webauthn"
    assert mfa.PENDING not in client.session
    credential.refresh_from_db()
    assert credential.sign_count == 1 and credential.last_used_at is not None
    assert f"event=webauthn_used user={reporter_a.email}" in log.text
    assert f"event=login user={reporter_a.email}" in log.text


def test_a_passkey_of_another_account_is_refused_and_logged(client, reporter_a, reporter_b, log):
    give_passkey(reporter_a)
    _theirs, other = give_passkey(reporter_b, name="Bs dator")
    post_password(client, reporter_a)
    response = sign_in_with_passkey(client, other)
    assert response.status_code == 200
    assert "Nyckeln gick inte att använda" in response.content.decode()
    assert not signed_in(client)
    assert "event=webauthn_refused user=reporter.a@kommun-a.example" in log.text
    assert "reason=other_user" in log.text
    assert "event=mfa_failed user=reporter.a@kommun-a.example" in log.text


def test_the_sign_in_options_name_only_the_pending_accounts_passkeys(
    client, reporter_a, reporter_b
):
    give_passkey(reporter_a)
    give_passkey(reporter_b)
    post_password(client, reporter_a)
    options = sign_in_options(client)
    mine = WebAuthnCredential.objects.get(user=reporter_a)
    assert [c["id"] for c in options["allowCredentials"]] == [
        json.loads(SoftAuthenticator(credential_id=bytes(mine.credential_id)).assertion(options))[
            "id"
        ]
    ]
    assert options["rpId"] == RP_ID


def test_an_answer_to_another_challenge_is_refused(client, reporter_a, log):
    _credential, authenticator = give_passkey(reporter_a)
    post_password(client, reporter_a)
    sign_in_options(client)
    data = authenticator.assertion({"challenge": "bm90LXRoZS1jaGFsbGVuZ2U"})
    response = client.post(SIGN_IN, {"assertion": data})
    assert response.status_code == 200 and not signed_in(client)
    assert "reason=challenge" in log.text


def test_an_assertion_counts_once(client, reporter_a):
    _credential, authenticator = give_passkey(reporter_a, SoftAuthenticator(counts=False))
    post_password(client, reporter_a)
    options = sign_in_options(client)
    data = authenticator.assertion(options)
    client.post(SIGN_IN, {"assertion": data})
    assert signed_in(client)
    # Signed out, the password again, and the same answer (sign count 0: only the
    # one-time challenge stops it).
    client.post(reverse("accounts:logout"))
    post_password(client, reporter_a)
    sign_in_options(client)
    response = client.post(SIGN_IN, {"assertion": data})
    assert response.status_code == 200 and not signed_in(client)


def test_an_assertion_without_its_options_is_refused(client, reporter_a, log):
    _credential, authenticator = give_passkey(reporter_a)
    post_password(client, reporter_a)
    options = sign_in_options(client)
    data = authenticator.assertion(options)
    # A second request for options replaces the first challenge.
    sign_in_options(client)
    response = client.post(SIGN_IN, {"assertion": data})
    assert not signed_in(client) and response.status_code == 200
    assert "reason=challenge" in log.text


def test_an_assertion_for_another_origin_is_refused(client, reporter_a, log):
    _credential, authenticator = give_passkey(reporter_a)
    post_password(client, reporter_a)
    response = sign_in_with_passkey(client, authenticator, origin="https://phishing.example")
    assert response.status_code == 200 and not signed_in(client)
    assert "reason=origin" in log.text


def test_a_sign_count_going_back_is_refused_as_the_library_does(client, reporter_a, log):
    """py_webauthn refuses a counter that is not greater than the stored one (a copied
    authenticator); the portal logs it and does not sign in."""
    credential, authenticator = give_passkey(reporter_a)
    WebAuthnCredential.objects.filter(pk=credential.pk).update(sign_count=5)
    post_password(client, reporter_a)
    response = sign_in_with_passkey(client, authenticator, sign_count=3)
    assert response.status_code == 200 and not signed_in(client)
    assert "reason=sign_count" in log.text
    credential.refresh_from_db()
    assert credential.sign_count == 5
    # A greater counter signs in.
    sign_in_with_passkey(client, authenticator, sign_count=6)
    assert signed_in(client)


def test_an_answer_that_is_not_json_is_refused(client, reporter_a):
    give_passkey(reporter_a)
    post_password(client, reporter_a)
    sign_in_options(client)
    for junk in ("{", "[]", '{"id": 1}'):
        response = client.post(SIGN_IN, {"assertion": junk})
        assert response.status_code == 200 and not signed_in(client)


def test_no_passkey_step_without_a_pending_sign_in(client, reporter_a):
    _credential, authenticator = give_passkey(reporter_a)
    assert client.post(reverse("accounts:webauthn_sign_in_options")).status_code == 400
    data = authenticator.assertion({"challenge": "eA"})
    response = client.post(SIGN_IN, {"assertion": data})
    assert response.status_code == 302 and response["Location"] == reverse("accounts:login")
    assert not signed_in(client)


def test_a_signed_in_session_is_not_a_pending_sign_in(reporter_a):
    give_passkey(reporter_a)
    client = client_for(reporter_a)
    assert client.post(reverse("accounts:webauthn_sign_in_options")).status_code == 400


def test_staff_with_only_a_passkey_are_not_asked_to_set_up_the_app(client, staff):
    """A passkey is a second factor: staff (who must have one) go to the code step."""
    _credential, authenticator = give_passkey(staff)
    response = post_password(client, staff)
    assert response["Location"] == CODE_PAGE
    page = client.get(CODE_PAGE)
    assert page.status_code == 200 and "Logga in med nyckel" in page.content.decode()
    sign_in_with_passkey(client, authenticator)
    assert signed_in(client) and client.session[mfa.FACTOR] == "webauthn"
    settings_page = client.get(SETTINGS).content.decode()
    assert "Tvåstegsverifiering är på för ditt konto." in settings_page


# --- Removing a passkey ------------------------------------------------------------------


def test_removing_a_passkey_needs_the_password_and_a_code(reporter_a, log):
    credential, _authenticator = give_passkey(reporter_a)
    codes = mfa._recovery_codes_replace(reporter_a)
    client = client_for(reporter_a)
    url = remove_url(credential)
    assert client.get(url).status_code == 200
    wrong = client.post(url, {"password": "fel", "code": codes[0]})
    assert "Fel lösenord" in wrong.content.decode()
    no_code = client.post(url, {"password": PASSWORD, "code": ""})
    assert "Skriv koden" in no_code.content.decode()
    bad_code = client.post(url, {"password": PASSWORD, "code": "abcdef-ghjkmn-pqrstu-vwxyz2"})
    assert "Koden stämmer inte" in bad_code.content.decode()
    assert WebAuthnCredential.objects.filter(pk=credential.pk).exists()
    # As if the recovery codes' pause of a second after a wrong one had passed.
    StaticDevice.objects.update(throttling_failure_timestamp=None)
    response = client.post(url, {"password": PASSWORD, "code": codes[1]})
    assert response.status_code == 302 and response["Location"] == SETTINGS
    assert not WebAuthnCredential.objects.filter(pk=credential.pk).exists()
    # The last factor of an account that may be without: two-step verification is off.
    assert not mfa.is_enrolled(reporter_a) and mfa.recovery_codes_left(reporter_a) == 0
    assert AccountEvent.objects.filter(
        account=reporter_a, kind=AccountEvent.Kind.PASSKEY_REMOVED, reason="Jobbdatorn"
    ).exists()
    assert "event=webauthn_removed user=reporter.a@kommun-a.example" in log.text


def test_a_passkey_confirms_its_own_removal(reporter_a):
    give_app(reporter_a)
    credential, authenticator = give_passkey(reporter_a)
    client = client_for(reporter_a)
    page = client.get(remove_url(credential)).content.decode()
    assert f'data-passkey-get="{CONFIRM_OPTIONS}"' in page
    options = client.post(CONFIRM_OPTIONS).json()
    data = authenticator.assertion(options)
    response = client.post(
        remove_url(credential), {"password": PASSWORD, "code": "", "assertion": data}
    )
    assert response.status_code == 302
    assert not WebAuthnCredential.objects.exists() and mfa.has_app(reporter_a)


def test_an_assertion_from_the_sign_in_does_not_confirm_a_removal(client, reporter_a):
    """Each assertion is asked for one purpose: a sign-in's does not remove a passkey."""
    credential, authenticator = give_passkey(reporter_a)
    post_password(client, reporter_a)
    options = sign_in_options(client)
    sign_in_with_passkey(client, authenticator)
    assert signed_in(client)
    data = authenticator.assertion(options)
    response = client.post(
        remove_url(credential), {"password": PASSWORD, "code": "", "assertion": data}
    )
    assert "Nyckeln gick inte att använda" in response.content.decode()
    assert WebAuthnCredential.objects.filter(pk=credential.pk).exists()


def test_staff_cannot_remove_their_only_second_factor(staff):
    credential, authenticator = give_passkey(staff)
    client = client_for(staff)
    options = client.post(CONFIRM_OPTIONS).json()
    response = client.post(
        remove_url(credential),
        {"password": PASSWORD, "code": "", "assertion": authenticator.assertion(options)},
    )
    assert "din enda nyckel" in response.content.decode()
    assert WebAuthnCredential.objects.filter(pk=credential.pk).exists()


def test_another_accounts_passkey_is_not_found(reporter_a, reporter_b):
    theirs, _authenticator = give_passkey(reporter_b)
    client = client_for(reporter_a)
    assert client.get(remove_url(theirs)).status_code == 404
    assert client.post(remove_url(theirs), {"password": PASSWORD}).status_code == 404
    assert WebAuthnCredential.objects.filter(pk=theirs.pk).exists()


def test_a_passkey_makes_new_recovery_codes(reporter_a):
    _credential, authenticator = give_passkey(reporter_a)
    old = mfa._recovery_codes_replace(reporter_a)
    client = client_for(reporter_a)
    options = client.post(CONFIRM_OPTIONS).json()
    response = client.post(
        reverse("accounts:mfa_recovery_codes"),
        {"codes-code": "", "codes-assertion": authenticator.assertion(options)},
    )
    assert response.status_code == 200
    assert not set(response.context["codes"]) & set(old)


def test_turning_off_removes_the_passkeys_too(reporter_a):
    _credential, authenticator = give_passkey(reporter_a)
    client = client_for(reporter_a)
    options = client.post(CONFIRM_OPTIONS).json()
    response = client.post(
        reverse("accounts:mfa_disable"),
        {
            "off-password": PASSWORD,
            "off-code": "",
            "off-assertion": authenticator.assertion(options),
        },
    )
    assert response.status_code == 302
    assert not WebAuthnCredential.objects.exists() and not mfa.is_enrolled(reporter_a)


def test_a_reset_by_staff_removes_the_passkeys(client, staff, reporter_a):
    give_passkey(reporter_a)
    client.force_login(staff)
    response = client.post(
        reverse("accounts:user_mfa_reset", kwargs={"pk": reporter_a.pk}),
        {"mfa-reason": "Tappat datorn"},
    )
    assert response.status_code == 302
    assert not WebAuthnCredential.objects.filter(user=reporter_a).exists()
