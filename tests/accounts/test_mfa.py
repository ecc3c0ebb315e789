"""Two-step verification at sign-in: the code step, enrolment forced where required, and
every bad input (wrong, reused, expired codes; recovery codes twice; a pending sign-in
tampered with, replayed or expired; too many guesses)."""

from __future__ import annotations

import logging
import math
import time

import pytest
from django.core import signing
from django.urls import reverse
from django_otp.plugins.otp_static.models import StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from accounts import mfa
from tests.factories.accounts import PASSWORD
from tests.factories.mfa import KEY, code_now, give_app, post_password

pytestmark = pytest.mark.django_db

CODE_PAGE = reverse("accounts:mfa_sign_in_code")
ENROL_PAGE = reverse("accounts:mfa_sign_in_enrol")
LOGIN = reverse("accounts:login")


def signed_in(client) -> bool:
    return "_auth_user_id" in client.session


def enrol_with_codes(request_client, user) -> list[str]:
    """Give ``user`` an app and recovery codes the way enrolment does; the codes."""
    give_app(user)
    return mfa._recovery_codes_replace(user)


# --- The code step ---------------------------------------------------------------------


def test_staff_with_an_app_is_not_signed_in_by_the_password_alone(client, staff):
    give_app(staff)
    response = post_password(client, staff)
    assert response.status_code == 302 and response["Location"] == CODE_PAGE
    assert not signed_in(client)
    assert client.get(reverse("accounts:home")).status_code == 302
    page = client.get(CODE_PAGE)
    assert page.status_code == 200
    assert 'autocomplete="one-time-code"' in page.content.decode()


def test_the_right_code_signs_in_and_records_the_factor(client, staff, caplog):
    caplog.set_level(logging.INFO, logger="integration_portal.security")
    give_app(staff)
    post_password(client, staff)
    response = client.post(CODE_PAGE, {"code": code_now()})
    assert response.status_code == 302
    assert response["Location"] == reverse("overview:dashboard")
    assert signed_in(client)
    assert client.session[mfa.FACTOR] == "totp"
    assert mfa.PENDING not in client.session
    assert "event=mfa_pending user=staff@lansstyrelsen.example" in caplog.text
    assert "event=login user=staff@lansstyrelsen.example" in caplog.text


def test_a_code_typed_with_spaces_is_accepted(client, staff):
    give_app(staff)
    post_password(client, staff)
    code = code_now()
    client.post(CODE_PAGE, {"code": f" {code[:3]} {code[3:]} "})
    assert signed_in(client)


@pytest.mark.parametrize("code", ["", "000000x", "12345", "1234567", "abcdef", "٠١٢٣٤٥"])
def test_a_malformed_code_is_refused_on_the_page(client, staff, code):
    give_app(staff)
    post_password(client, staff)
    response = client.post(CODE_PAGE, {"code": code})
    assert response.status_code == 200
    assert 'id="error-summary"' in response.content.decode()
    assert not signed_in(client)


def test_a_wrong_code_is_refused_and_logged(client, staff, caplog):
    caplog.set_level(logging.INFO, logger="integration_portal.security")
    give_app(staff)
    post_password(client, staff)
    wrong = f"{(int(code_now()) + 1) % 1_000_000:06d}"
    response = client.post(CODE_PAGE, {"code": wrong})
    assert response.status_code == 200
    assert "Koden stämmer inte" in response.content.decode()
    assert not signed_in(client)
    assert "event=mfa_failed user=staff@lansstyrelsen.example" in caplog.text
    assert wrong not in caplog.text


def test_a_code_already_used_is_refused(client, staff):
    """The same code (the same 30 seconds) cannot sign in twice: django-otp's last_t."""
    give_app(staff)
    code = code_now()
    post_password(client, staff)
    client.post(CODE_PAGE, {"code": code})
    assert signed_in(client)
    client.post(reverse("accounts:logout"))
    post_password(client, staff)
    response = client.post(CODE_PAGE, {"code": code})
    assert response.status_code == 200
    assert not signed_in(client)


def test_a_code_older_than_the_one_used_is_refused(client, staff):
    give_app(staff)
    post_password(client, staff)
    client.post(CODE_PAGE, {"code": code_now()})
    client.post(reverse("accounts:logout"))
    post_password(client, staff)
    client.post(CODE_PAGE, {"code": code_now(offset=-1)})
    assert not signed_in(client)


def test_the_previous_code_is_accepted_for_a_slow_typist(client, staff):
    """One 30-second step of tolerance either way (phone clocks drift)."""
    give_app(staff)
    post_password(client, staff)
    client.post(CODE_PAGE, {"code": code_now(offset=-1)})
    assert signed_in(client)


@pytest.mark.parametrize("offset", [-3, -2, 2, 3])
def test_an_expired_or_future_code_is_refused(client, staff, offset):
    give_app(staff)
    post_password(client, staff)
    client.post(CODE_PAGE, {"code": code_now(offset=offset)})
    assert not signed_in(client)


def test_another_accounts_code_is_refused(client, staff, other_county_staff):
    give_app(staff)
    give_app(other_county_staff, key="00" * 20)
    post_password(client, staff)
    client.post(CODE_PAGE, {"code": code_now("00" * 20)})
    assert not signed_in(client)


def test_wrong_codes_are_throttled_per_account(client, staff, settings):
    settings.PORTAL_THROTTLES = {**settings.PORTAL_THROTTLES, "mfa_failures_per_account": (3, 900)}
    give_app(staff)
    post_password(client, staff)
    for _ in range(3):
        client.post(CODE_PAGE, {"code": "000000" if code_now() != "000000" else "111111"})
        # As if the device's own pause of a few seconds had passed.
        TOTPDevice.objects.filter(user=staff).update(throttling_failure_timestamp=None)
    response = client.post(CODE_PAGE, {"code": code_now()})
    assert response.status_code == 429
    assert "För många försök" in response.content.decode()
    assert not signed_in(client)
    # The limit is the account's: a new password step from elsewhere does not lift it.
    other = type(client)()
    post_password(other, staff, REMOTE_ADDR="198.51.100.7")
    assert other.post(CODE_PAGE, {"code": code_now()}).status_code == 429


def test_the_device_slows_down_after_a_wrong_code(client, staff):
    """django-otp's own throttle: after a failure the device refuses for a second or more,
    even the right code, so guesses cannot be sent as fast as the network allows."""
    give_app(staff)
    post_password(client, staff)
    client.post(CODE_PAGE, {"code": "000000" if code_now() != "000000" else "111111"})
    response = client.post(CODE_PAGE, {"code": code_now()})
    assert response.status_code == 429
    assert "Vänta några sekunder" in response.content.decode()
    assert not signed_in(client)
    device = TOTPDevice.objects.get(user=staff)
    assert device.throttling_failure_count == 1


# --- The pending sign-in ---------------------------------------------------------------


def test_the_code_page_without_a_password_first_goes_to_the_sign_in_page(client, staff):
    give_app(staff)
    response = client.post(CODE_PAGE, {"code": code_now()})
    assert response.status_code == 302 and response["Location"] == LOGIN
    assert not signed_in(client)


def test_an_expired_pending_sign_in_is_refused(client, staff, settings):
    give_app(staff)
    post_password(client, staff)
    session = client.session

    class FiveMinutesAgo(signing.TimestampSigner):
        def timestamp(self) -> str:
            return signing.b62_encode(int(time.time()) - settings.MFA_PENDING_SECONDS - 1)

    payload = signing.loads(session[mfa.PENDING], salt=mfa._SALT)
    session[mfa.PENDING] = FiveMinutesAgo(salt=mfa._SALT).sign_object(
        payload, serializer=signing.JSONSerializer
    )
    session.save()
    response = client.post(CODE_PAGE, {"code": code_now()})
    assert response.status_code == 302 and response["Location"] == LOGIN
    assert not signed_in(client)
    assert mfa.PENDING not in client.session


def test_a_tampered_pending_sign_in_is_refused(client, staff, other_county_staff):
    """Naming another account in the pending value breaks its signature."""
    give_app(staff)
    give_app(other_county_staff)
    post_password(client, staff)
    session = client.session
    value = session[mfa.PENDING]
    data = signing.loads(value, salt=mfa._SALT)
    data["u"] = other_county_staff.pk
    forged = signing.dumps(data, salt="another-salt")
    session[mfa.PENDING] = forged
    session.save()
    client.post(CODE_PAGE, {"code": code_now()})
    assert not signed_in(client)


def test_a_pending_sign_in_is_used_once(client, staff):
    """After the code, posting the step again (a replay) signs in nobody a second time."""
    give_app(staff)
    post_password(client, staff)
    pending = client.session[mfa.PENDING]
    client.post(CODE_PAGE, {"code": code_now()})
    client.post(reverse("accounts:logout"))
    # The pending value of the finished sign-in, put back into a session.
    session = client.session
    session[mfa.PENDING] = pending
    session.save()
    response = client.post(CODE_PAGE, {"code": code_now(offset=1)})
    assert response.status_code == 302 and response["Location"] == LOGIN
    assert not signed_in(client)


def test_a_password_changed_during_the_code_step_ends_the_pending_sign_in(client, staff):
    give_app(staff)
    post_password(client, staff)
    staff.set_password("Ett-helt-nytt-losen-77")
    staff.save()
    response = client.post(CODE_PAGE, {"code": code_now()})
    assert response.status_code == 302 and response["Location"] == LOGIN
    assert not signed_in(client)


def test_a_deactivated_account_cannot_finish_signing_in(client, staff):
    give_app(staff)
    post_password(client, staff)
    staff.is_active = False
    staff.save()
    client.post(CODE_PAGE, {"code": code_now()})
    assert not signed_in(client)


def test_the_session_key_changes_at_the_password_and_at_the_code(client, staff):
    give_app(staff)
    client.get(LOGIN)
    before = client.session.session_key
    post_password(client, staff)
    pending_key = client.session.session_key
    client.post(CODE_PAGE, {"code": code_now()})
    assert len({before, pending_key, client.session.session_key}) == 3


def test_next_is_kept_through_the_code_step_but_only_to_this_site(client, staff):
    give_app(staff)
    client.post(
        f"{LOGIN}?next=/konto/aviseringar/", {"username": staff.email, "password": PASSWORD}
    )
    response = client.post(CODE_PAGE, {"code": code_now()})
    assert response["Location"] == "/konto/aviseringar/"
    client.post(reverse("accounts:logout"))
    client.post(
        f"{LOGIN}?next=https://evil.example/", {"username": staff.email, "password": PASSWORD}
    )
    response = client.post(CODE_PAGE, {"code": code_now(offset=1)})
    assert response["Location"] == reverse("overview:dashboard")


def test_a_wrong_password_never_reaches_the_code_step(client, staff):
    give_app(staff)
    response = post_password(client, staff, password="wrong-password")
    assert response.status_code == 200
    assert mfa.PENDING not in client.session


# --- Recovery codes ---------------------------------------------------------------------


def test_a_recovery_code_signs_in_once(client, staff, caplog):
    caplog.set_level(logging.INFO, logger="integration_portal.security")
    codes = enrol_with_codes(client, staff)
    post_password(client, staff)
    response = client.post(CODE_PAGE, {"code": codes[0].upper()})
    assert response.status_code == 302
    assert client.session[mfa.FACTOR] == "recovery"
    assert "event=mfa_recovery_code_used user=staff@lansstyrelsen.example" in caplog.text
    assert "left=9" in caplog.text
    assert codes[0] not in caplog.text
    client.post(reverse("accounts:logout"))
    post_password(client, staff)
    again = client.post(CODE_PAGE, {"code": codes[0]})
    assert again.status_code == 200
    assert not signed_in(client)
    assert mfa.recovery_codes_left(staff) == 9


def test_recovery_codes_are_not_stored_as_typed(staff):
    codes = enrol_with_codes(None, staff)
    stored = set(StaticToken.objects.values_list("token", flat=True))
    assert len(stored) == 10
    assert not stored & {mfa.normalised(c) for c in codes}


def test_an_unknown_recovery_code_is_refused(client, staff):
    enrol_with_codes(client, staff)
    post_password(client, staff)
    client.post(CODE_PAGE, {"code": "abcdef-ghjkmn-pqrstu-vwxyz2"})
    assert not signed_in(client)


def test_recovery_codes_have_at_least_112_bits_so_a_standard_hash_may_store_them():
    """ASVS 5.0 6.5.2: below 112 bits a lookup secret needs a salted password hash."""
    codes = mfa.new_recovery_codes()
    assert len(set(codes)) == mfa.RECOVERY_CODE_COUNT
    for code in codes:
        typed = mfa.normalised(code)
        assert set(typed) <= set(mfa._ALPHABET)
        assert len(typed) * math.log2(len(mfa._ALPHABET)) >= 112
    assert len(mfa._ALPHABET) == 31 and len(mfa.normalised(codes[0])) == 24


def test_a_recovery_code_may_be_typed_in_capitals_with_spaces(client, staff):
    codes = enrol_with_codes(client, staff)
    post_password(client, staff)
    client.post(CODE_PAGE, {"code": codes[3].upper().replace("-", " ")})
    assert signed_in(client)


# --- Enrolment forced at sign-in ---------------------------------------------------------


def test_staff_without_an_app_must_set_one_up_before_they_are_signed_in(client, staff, caplog):
    caplog.set_level(logging.INFO, logger="integration_portal.security")
    response = post_password(client, staff)
    assert response["Location"] == ENROL_PAGE
    assert not signed_in(client)
    # Elsewhere the portal still sees nobody signed in.
    assert client.get(reverse("overview:dashboard")).status_code == 302
    page = client.get(ENROL_PAGE)
    body = page.content.decode()
    assert page.status_code == 200
    assert "<svg" in body and 'role="img"' in body
    key = client.session[mfa.ENROL_KEY]
    assert mfa.secret_text(key) in body
    assert not TOTPDevice.objects.filter(user=staff).exists()  # the GET stored nothing
    # Asking again offers the same secret (the app may have scanned it already).
    client.get(ENROL_PAGE)
    assert client.session[mfa.ENROL_KEY] == key

    wrong = client.post(ENROL_PAGE, {"code": code_now("00" * 20)})
    assert wrong.status_code == 200 and not signed_in(client)
    assert not TOTPDevice.objects.filter(user=staff).exists()

    done = client.post(ENROL_PAGE, {"code": code_now(key)})
    assert done.status_code == 200
    assert signed_in(client)
    assert client.session[mfa.FACTOR] == "totp"
    codes = done.context["codes"]
    assert len(codes) == 10 and all(c in done.content.decode() for c in codes)
    device = TOTPDevice.objects.get(user=staff)
    assert device.confirmed and device.key == key
    assert "event=mfa_enrolled user=staff@lansstyrelsen.example" in caplog.text
    assert key not in caplog.text


def test_the_code_that_confirmed_the_app_cannot_sign_in_again(client, staff):
    post_password(client, staff)
    client.get(ENROL_PAGE)
    key = client.session[mfa.ENROL_KEY]
    code = code_now(key)
    client.post(ENROL_PAGE, {"code": code})
    client.post(reverse("accounts:logout"))
    post_password(client, staff)
    client.post(CODE_PAGE, {"code": code})
    assert not signed_in(client)


def test_enrolment_without_the_page_first_is_refused(client, staff):
    post_password(client, staff)
    response = client.post(ENROL_PAGE, {"code": "123456"})
    assert response.status_code == 200
    assert not signed_in(client)
    assert not TOTPDevice.objects.filter(user=staff).exists()


def test_the_admin_must_set_up_an_app_too(client, admin):
    response = post_password(client, admin)
    assert response["Location"] == ENROL_PAGE


def test_reporters_sign_in_with_the_password_alone_by_default(client, reporter_a):
    response = post_password(client, reporter_a)
    assert response.status_code == 302 and response["Location"] == reverse("reception:inbox")
    assert client.session[mfa.FACTOR] == "password"


def test_a_reporter_who_set_up_an_app_is_asked_for_the_code(client, reporter_a):
    give_app(reporter_a)
    response = post_password(client, reporter_a)
    assert response["Location"] == CODE_PAGE
    response = client.post(CODE_PAGE, {"code": code_now()})
    assert response["Location"] == reverse("reception:inbox")


def test_the_county_can_require_it_of_reporters(client, reporter_a, settings):
    settings.MFA_REQUIRED_FOR_REPORTERS = True
    assert post_password(client, reporter_a)["Location"] == ENROL_PAGE


def test_without_the_requirement_staff_sign_in_with_the_password(client, staff, settings):
    settings.MFA_REQUIRED_FOR_STAFF = False
    assert post_password(client, staff)["Location"] == reverse("overview:dashboard")
    assert signed_in(client)


def test_the_requirement_is_on_unless_debug():
    from integration_portal import settings as portal_settings

    assert portal_settings.MFA_REQUIRED_FOR_STAFF is (not portal_settings.DEBUG)


def test_the_secret_is_base32_in_groups_of_four():
    assert mfa.secret_text(KEY) == "GEZD GNBV GY3T QOJQ GEZD GNBV GY3T QOJQ"


def test_a_password_reset_does_not_skip_the_second_factor(client, staff):
    """ASVS 6.4.3: choosing a new password through the e-mailed link signs nobody in; the
    next sign-in with it still asks for the app's code."""
    from django.contrib.auth.tokens import default_token_generator
    from django.utils.encoding import force_bytes
    from django.utils.http import urlsafe_base64_encode

    give_app(staff)
    uid = urlsafe_base64_encode(force_bytes(staff.pk))
    token = default_token_generator.make_token(staff)
    form = client.get(reverse("accounts:password_reset_confirm", args=[uid, token]))
    new = "Ett-helt-nytt-losen-77"
    client.post(form["Location"], {"new_password1": new, "new_password2": new})
    assert not signed_in(client)
    response = post_password(client, staff, password=new)
    assert response["Location"] == CODE_PAGE
    assert not signed_in(client)
