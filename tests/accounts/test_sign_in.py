import logging

import pytest
from django.core import mail
from django.urls import reverse

from accounts.models import User
from tests.factories.accounts import PASSWORD
from tests.factories.mfa import code_now, give_app, sign_in_with_code

pytestmark = pytest.mark.django_db

LOGIN = "/konto/logga-in/"


def test_staff_signs_in_with_email_address_in_any_case(client, staff):
    give_app(staff)
    response = client.post(
        LOGIN, {"username": "  STAFF@Lansstyrelsen.example ", "password": PASSWORD}
    )
    assert response.status_code == 302
    assert response["Location"] == reverse("accounts:mfa_sign_in_code")
    response = client.post(response["Location"], {"code": code_now()})
    assert response["Location"] == reverse("overview:dashboard")
    assert client.get(reverse("accounts:home")).status_code == 200


def test_wrong_password_gets_generic_message(client, staff):
    response = client.post(LOGIN, {"username": staff.email, "password": "wrong-password"})
    assert response.status_code == 200
    assert "Fel e-postadress eller lösenord." in response.content.decode()
    unknown = client.post(LOGIN, {"username": "nobody@example.org", "password": "wrong-password"})
    # Same words whether or not the account exists.
    assert "Fel e-postadress eller lösenord." in unknown.content.decode()
    assert "_auth_user_id" not in client.session


def test_inactive_user_cannot_sign_in_and_gets_same_message(client, staff):
    staff.is_active = False
    staff.save()
    response = client.post(LOGIN, {"username": staff.email, "password": PASSWORD})
    assert "Fel e-postadress eller lösenord." in response.content.decode()


def test_login_form_with_empty_fields_shows_error_summary(client, db):
    response = client.post(LOGIN, {"username": "", "password": ""})
    body = response.content.decode()
    assert response.status_code == 200
    assert 'id="error-summary"' in body
    assert 'href="#id_username"' in body


def test_sign_out_is_post_only_and_ends_session(client, staff):
    client.force_login(staff)
    assert client.get("/konto/logga-ut/").status_code == 405
    response = client.post("/konto/logga-ut/")
    assert response.status_code == 302
    assert client.get(reverse("accounts:home")).status_code == 302


def test_anonymous_my_pages_redirects_to_login(client, db):
    response = client.get(reverse("accounts:home"))
    assert response.status_code == 302
    assert response["Location"].startswith(LOGIN)


def test_password_change(client, staff):
    client.force_login(staff)
    response = client.post(
        reverse("accounts:password_change"),
        {
            "old_password": PASSWORD,
            "new_password1": "Ett-helt-nytt-losen-77",
            "new_password2": "Ett-helt-nytt-losen-77",
        },
    )
    assert response.status_code == 302
    staff.refresh_from_db()
    assert staff.check_password("Ett-helt-nytt-losen-77")


def test_password_change_with_wrong_old_password_changes_nothing(client, staff):
    client.force_login(staff)
    response = client.post(
        reverse("accounts:password_change"),
        {
            "old_password": "nope",
            "new_password1": "Ett-helt-nytt-losen-77",
            "new_password2": "Ett-helt-nytt-losen-77",
        },
    )
    assert response.status_code == 200
    assert 'id="error-summary"' in response.content.decode()
    staff.refresh_from_db()
    assert staff.check_password(PASSWORD)


def test_password_reset_by_email_works_once(client, reporter_a):
    response = client.post(reverse("accounts:password_reset"), {"email": reporter_a.email.upper()})
    assert response.status_code == 302
    assert len(mail.outbox) == 1
    body = mail.outbox[0].body
    link = next(line for line in body.splitlines() if "/konto/aterstall/" in line)
    path = link.split("testserver", 1)[1]
    response = client.get(path, follow=True)
    form_url = response.redirect_chain[-1][0]
    response = client.post(
        form_url, {"new_password1": "Nytt-losenord-4711", "new_password2": "Nytt-losenord-4711"}
    )
    assert response.status_code == 302
    reporter_a.refresh_from_db()
    assert reporter_a.check_password("Nytt-losenord-4711")
    # The link is spent: using it again shows the "no longer valid" page.
    again = client.get(path, follow=True)
    assert "Länken fungerar inte längre" in again.content.decode()


def test_password_reset_for_unknown_address_sends_nothing_and_says_the_same(client, db):
    response = client.post(reverse("accounts:password_reset"), {"email": "nobody@example.org"})
    assert response.status_code == 302
    assert response["Location"] == reverse("accounts:password_reset_done")
    assert mail.outbox == []


def test_lockout_is_per_account_and_ip_not_account_alone(client, staff, settings):
    for _ in range(settings.AXES_FAILURE_LIMIT):
        client.post(LOGIN, {"username": staff.email, "password": "bad"}, REMOTE_ADDR="203.0.113.9")
    locked = client.post(
        LOGIN, {"username": staff.email, "password": PASSWORD}, REMOTE_ADDR="203.0.113.9"
    )
    assert locked.status_code == 429
    assert "För många" in locked.content.decode()
    # The real user at another address still gets in.
    from django.test import Client

    other = Client()
    response = other.post(
        LOGIN, {"username": staff.email, "password": PASSWORD}, REMOTE_ADDR="198.51.100.7"
    )
    assert response.status_code == 302


def test_security_log_records_sign_in_events_without_secrets(client, staff, caplog):
    caplog.set_level(logging.INFO, logger="integration_portal.security")
    give_app(staff)
    client.post(LOGIN, {"username": staff.email, "password": "bad-secret-word"})
    sign_in_with_code(client, staff)
    session_key = client.session.session_key
    client.post("/konto/logga-ut/")
    text = caplog.text
    assert "event=login_failed user=staff@lansstyrelsen.example ip=127.0.0.1" in text
    assert "event=login user=staff@lansstyrelsen.example" in text
    assert "event=logout user=staff@lansstyrelsen.example" in text
    assert "bad-secret-word" not in text
    assert PASSWORD not in text
    assert session_key not in text


def test_security_log_records_forbidden(client, reporter_a, caplog):
    caplog.set_level(logging.INFO, logger="integration_portal.security")
    client.force_login(reporter_a)
    assert client.get(reverse("accounts:invite")).status_code == 403
    assert (
        "event=forbidden user=reporter.a@kommun-a.example ip=127.0.0.1 path=/konto/bjud-in/"
        in caplog.text
    )


def test_emails_are_stored_lower_case(db):
    user = User.objects.create_user("Mixed.Case@Example.ORG", PASSWORD)
    assert user.email == "mixed.case@example.org"
