"""One's own two-step verification (set up, new recovery codes, turning off), the reset by
staff or the system administrator, the admin behind the same sign-in, and the demo."""

from __future__ import annotations

import io
import logging

import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse
from django_otp.plugins.otp_static.models import StaticDevice
from django_otp.plugins.otp_totp.models import TOTPDevice

from accounts import mfa
from accounts.models import AccountEvent
from tests.factories.accounts import PASSWORD, client_for
from tests.factories.mfa import code_now, give_app, post_password

pytestmark = pytest.mark.django_db

SETTINGS = reverse("accounts:mfa")
ENROL = reverse("accounts:mfa_enrol")
CODES = reverse("accounts:mfa_recovery_codes")
DISABLE = reverse("accounts:mfa_disable")


def test_a_reporter_sets_up_an_app_from_my_pages(reporter_a, caplog):
    caplog.set_level(logging.INFO, logger="integration_portal.security")
    client = client_for(reporter_a)
    assert SETTINGS in client.get(reverse("accounts:home")).content.decode()
    assert "inte på" in client.get(SETTINGS).content.decode()
    client.get(ENROL)
    key = client.session[mfa.ENROL_KEY]
    response = client.post(ENROL, {"code": code_now(key)})
    assert response.status_code == 200 and len(response.context["codes"]) == 10
    assert mfa.is_enrolled(reporter_a)
    assert "event=mfa_enrolled user=reporter.a@kommun-a.example" in caplog.text
    # From now on the password alone does not sign in.
    other = client_for(None)
    assert post_password(other, reporter_a)["Location"] == reverse("accounts:mfa_sign_in_code")


def test_a_new_app_replaces_the_old_one(reporter_a):
    give_app(reporter_a)
    client = client_for(reporter_a)
    client.get(ENROL)
    key = client.session[mfa.ENROL_KEY]
    client.post(ENROL, {"code": code_now(key)})
    assert list(TOTPDevice.objects.filter(user=reporter_a).values_list("key", flat=True)) == [key]


def test_new_recovery_codes_need_a_code_and_end_the_old_ones(client, reporter_a, caplog):
    caplog.set_level(logging.INFO, logger="integration_portal.security")
    give_app(reporter_a)
    old = mfa._recovery_codes_replace(reporter_a)
    client.force_login(reporter_a)
    refused = client.post(CODES, {"codes-code": "abcde-fghjk"})
    assert refused.status_code == 200 and "Koden stämmer inte" in refused.content.decode()
    response = client.post(CODES, {"codes-code": code_now()})
    new = response.context["codes"]
    assert len(new) == 10 and not set(new) & set(old)
    assert "event=mfa_recovery_codes_new" in caplog.text
    client.post(reverse("accounts:logout"))
    post_password(client, reporter_a)
    client.post(reverse("accounts:mfa_sign_in_code"), {"code": old[0]})
    assert "_auth_user_id" not in client.session
    # As if the recovery codes' pause of a second after a wrong one had passed.
    StaticDevice.objects.update(throttling_failure_timestamp=None)
    client.post(reverse("accounts:mfa_sign_in_code"), {"code": new[0]})
    assert "_auth_user_id" in client.session


def test_a_recovery_code_does_not_make_new_recovery_codes(client, reporter_a):
    give_app(reporter_a)
    codes = mfa._recovery_codes_replace(reporter_a)
    client.force_login(reporter_a)
    client.post(CODES, {"codes-code": codes[0]})
    assert mfa.recovery_codes_left(reporter_a) == 10


def test_turning_off_needs_the_password_and_a_code(client, reporter_a, caplog):
    caplog.set_level(logging.INFO, logger="integration_portal.security")
    give_app(reporter_a)
    client.force_login(reporter_a)
    wrong_password = client.post(DISABLE, {"off-password": "wrong", "off-code": code_now()})
    assert "Fel lösenord" in wrong_password.content.decode()
    wrong_code = client.post(DISABLE, {"off-password": PASSWORD, "off-code": "abcde-fghjk"})
    assert "Koden stämmer inte" in wrong_code.content.decode()
    missing = client.post(DISABLE, {"off-password": PASSWORD})
    assert 'id="error-summary"' in missing.content.decode()
    assert mfa.is_enrolled(reporter_a)
    done = client.post(DISABLE, {"off-password": PASSWORD, "off-code": code_now()})
    assert done.status_code == 302
    assert not TOTPDevice.objects.filter(user=reporter_a).exists()
    assert not StaticDevice.objects.filter(user=reporter_a).exists()
    assert "event=mfa_disabled user=reporter.a@kommun-a.example" in caplog.text


def test_staff_cannot_turn_it_off_where_it_is_required(client, staff):
    give_app(staff)
    client.force_login(staff)
    page = client.get(SETTINGS).content.decode()
    assert "krävs för ditt konto" in page and 'name="off-password"' not in page
    response = client.post(DISABLE, {"off-password": PASSWORD, "off-code": code_now()})
    assert response.status_code == 200
    assert "kan inte stängas av" in response.content.decode()
    assert mfa.is_enrolled(staff)


def test_staff_reset_a_reporters_app_with_a_reason(client, staff, reporter_a, caplog):
    caplog.set_level(logging.INFO, logger="integration_portal.security")
    give_app(reporter_a)
    mfa._recovery_codes_replace(reporter_a)
    client.force_login(staff)
    url = reverse("accounts:user_mfa_reset", kwargs={"pk": reporter_a.pk})
    detail = client.get(reverse("accounts:user_detail", kwargs={"pk": reporter_a.pk}))
    assert 'name="mfa-reason"' in detail.content.decode()
    refused = client.post(url, {"mfa-reason": "  "})
    assert refused.status_code == 200 and mfa.is_enrolled(reporter_a)
    response = client.post(url, {"mfa-reason": "Har tappat telefonen"})
    assert response.status_code == 302
    assert not mfa.is_enrolled(reporter_a) and mfa.recovery_codes_left(reporter_a) == 0
    event = AccountEvent.objects.get(account=reporter_a, kind=AccountEvent.Kind.MFA_RESET)
    assert event.actor == staff and event.reason == "Har tappat telefonen"
    assert (
        "event=mfa_reset user=staff@lansstyrelsen.example ip=127.0.0.1 "
        "target=reporter.a@kommun-a.example" in caplog.text
    )


def test_staff_of_another_county_cannot_reset(client, other_county_staff, reporter_a):
    give_app(reporter_a)
    client.force_login(other_county_staff)
    url = reverse("accounts:user_mfa_reset", kwargs={"pk": reporter_a.pk})
    assert client.post(url, {"mfa-reason": "x"}).status_code == 404
    assert mfa.is_enrolled(reporter_a)


def test_the_system_administrator_resets_anyone_in_the_admin(client, admin, staff, caplog):
    caplog.set_level(logging.INFO, logger="integration_portal.security")
    give_app(staff)
    client.force_login(admin)
    response = client.post(
        reverse("admin:accounts_user_changelist"),
        {"action": "reset_mfa", "_selected_action": [staff.pk]},
    )
    assert response.status_code == 302
    assert not mfa.is_enrolled(staff)
    assert AccountEvent.objects.filter(account=staff, kind=AccountEvent.Kind.MFA_RESET).exists()
    assert "event=mfa_reset user=admin@lansstyrelsen.example" in caplog.text


# --- The admin behind the same sign-in ----------------------------------------------------


def test_the_admin_has_no_password_page_of_its_own(client, db):
    response = client.get(reverse("admin:index"))
    assert response.status_code == 302
    response = client.get(response["Location"])
    assert response.status_code == 302
    assert response["Location"] == reverse("accounts:login") + "?next=%2Fadmin%2F"
    assert client.get(reverse("admin:login")).status_code == 302


def test_the_admin_signs_in_through_the_second_factor(client, admin):
    give_app(admin)
    client.get(reverse("admin:index"))
    response = client.post(
        reverse("accounts:login") + "?next=/admin/",
        {"username": admin.email, "password": PASSWORD},
    )
    assert response["Location"] == reverse("accounts:mfa_sign_in_code")
    assert client.get(reverse("admin:index")).status_code == 302  # not yet
    response = client.post(response["Location"], {"code": code_now()})
    assert response["Location"] == "/admin/"
    assert client.get("/admin/").status_code == 200


def test_the_admins_login_form_is_never_served_with_a_post(client, admin):
    """A password posted straight to the admin's sign-in address signs nobody in."""
    client.post(reverse("admin:login"), {"username": admin.email, "password": PASSWORD})
    assert "_auth_user_id" not in client.session


def test_signed_in_without_admin_access_gets_403_not_a_second_sign_in(client, staff):
    client.force_login(staff)
    assert client.get(reverse("admin:login")).status_code == 403


def test_the_admin_sign_in_does_not_send_people_elsewhere(client, db):
    response = client.get(reverse("admin:login") + "?next=https://evil.example/")
    assert "evil" not in response["Location"]


# --- The demo --------------------------------------------------------------------------


def test_seed_demo_prints_the_staff_secrets_and_demo_totp_the_current_code(settings):
    settings.DEBUG = True
    out = io.StringIO()
    call_command("seed_demo", stdout=out)
    assert "demo_totp" in out.getvalue()
    email = "elin.berggren@lansstyrelsen.example"
    device = TOTPDevice.objects.get(user__email=email)
    assert mfa.secret_text(device.key) in out.getvalue()
    printed = io.StringIO()
    call_command("demo_totp", email, stdout=printed)
    assert printed.getvalue().strip() == code_now(device.key)
    assert not TOTPDevice.objects.filter(user__email="sara.nystrom@sodertalje.example").exists()


def test_demo_totp_reads_only_demo_accounts_and_only_with_debug(settings, staff):
    settings.DEBUG = True
    give_app(staff)
    with pytest.raises(CommandError):
        call_command("demo_totp", staff.email, stdout=io.StringIO())
    settings.DEBUG = False
    with pytest.raises(CommandError):
        call_command("demo_totp", "elin.berggren@lansstyrelsen.example", stdout=io.StringIO())
