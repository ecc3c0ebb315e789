"""Staff user administration: reporters per municipality, invitations (send again,
revoke), deactivate and reactivate with a reason, each in the account's history."""

from __future__ import annotations

import datetime
import logging
import re

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from accounts.models import AccountEvent, Invitation, User
from tests.factories.accounts import PASSWORD, make_user

pytestmark = pytest.mark.django_db

USERS = "/konto/anvandare/"
LOGIN = "/konto/logga-in/"


def invite(client, municipality, email="ny.rapportor@kommun.example"):
    response = client.post(
        "/konto/bjud-in/",
        {
            "email": email,
            "first_name": "Nora",
            "last_name": "Ny",
            "title": "",
            "municipalities": [municipality.pk],
        },
    )
    assert response.status_code == 302
    return User.objects.get(email=email)


def link_path(message) -> str:
    link = next(line for line in message.body.splitlines() if "/konto/inbjudan/" in line)
    return link.split("testserver", 1)[1]


def opens_password_form(client, path: str) -> bool:
    page = client.get(path, follow=True)
    return 'name="new_password1"' in page.content.decode()


def deactivate(client, user, reason="Har slutat på kommunen", version=None):
    return client.post(
        reverse("accounts:user_deactivate", kwargs={"pk": user.pk}),
        {"reason": reason, "version": user.version if version is None else version},
    )


def can_sign_in(client, email: str) -> bool:
    client.post("/konto/logga-ut/")
    response = client.post(LOGIN, {"username": email, "password": PASSWORD})
    return response.status_code == 302


# --- the list -----------------------------------------------------------------------


def test_list_shows_reporters_per_municipality_with_last_sign_in_and_state(
    client, staff, reporter_a, reporter_b, other_county_staff, other_county_municipality
):
    reporter_a.last_login = timezone.make_aware(datetime.datetime(2026, 11, 3, 9, 15))
    reporter_a.save()
    reporter_b.is_active = False
    reporter_b.save()
    make_user(
        "uppsala@kommun.example",
        role=User.Role.REPORTER,
        municipalities=[other_county_municipality],
    )
    client.force_login(staff)
    body = client.get(USERS).content.decode()
    assert "Anna Reporter" in body and "2026-11-03 09:15" in body
    assert "Bertil Reporter" in body and "Inaktiverat" in body
    assert "uppsala@kommun.example" not in body
    assert "Ingen kommunrapportör" in body  # Stockholm county has municipalities without one


def _reporters(count: int, municipality) -> None:
    for i in range(count):
        make_user(f"r{i}@kommun.example", role=User.Role.REPORTER, municipalities=[municipality])


@pytest.mark.parametrize("count", [1, 30])
def test_list_queries_do_not_grow_with_reporters(
    client, staff, municipality_a, count, django_assert_max_num_queries
):
    _reporters(count, municipality_a)
    client.force_login(staff)
    client.get(USERS)  # warm the session and user caches
    with django_assert_max_num_queries(9):  # + who has two-step verification, of how many
        assert client.get(USERS).status_code == 200


def test_staff_of_another_county_do_not_find_the_account(client, other_county_staff, reporter_a):
    client.force_login(other_county_staff)
    assert (
        client.get(reverse("accounts:user_detail", kwargs={"pk": reporter_a.pk})).status_code == 404
    )
    assert deactivate(client, reporter_a).status_code == 404
    reporter_a.refresh_from_db()
    assert reporter_a.is_active


def test_reporter_may_not_administer_accounts(client, reporter_a, reporter_b):
    client.force_login(reporter_a)
    assert client.get(USERS).status_code == 403
    assert deactivate(client, reporter_b).status_code == 403
    reporter_b.refresh_from_db()
    assert reporter_b.is_active


def test_anonymous_goes_to_sign_in(client, reporter_a):
    response = client.get(USERS)
    assert response.status_code == 302 and response["Location"].startswith(LOGIN)


# --- deactivate and reactivate -------------------------------------------------------


def test_deactivated_reporter_cannot_sign_in_and_reactivated_can(client, staff, reporter_a, caplog):
    client.force_login(staff)
    with caplog.at_level(logging.INFO, logger="integration_portal.security"):
        response = deactivate(client, reporter_a)
    assert response.status_code == 302
    reporter_a.refresh_from_db()
    assert not reporter_a.is_active
    event = AccountEvent.objects.get(account=reporter_a)
    assert (event.kind, event.actor, event.reason) == (
        AccountEvent.Kind.DEACTIVATED,
        staff,
        "Har slutat på kommunen",
    )
    assert "event=account_deactivate user=staff@lansstyrelsen.example" in caplog.text
    assert "target=reporter.a@kommun-a.example" in caplog.text
    detail = client.get(response["Location"]).content.decode()
    assert "Har slutat på kommunen" in detail and "Konto inaktiverat" in detail

    client.post("/konto/logga-ut/")
    refused = client.post(LOGIN, {"username": reporter_a.email, "password": PASSWORD})
    assert refused.status_code == 200
    assert "Fel e-postadress eller lösenord." in refused.content.decode()

    client.force_login(staff)
    response = client.post(
        reverse("accounts:user_reactivate", kwargs={"pk": reporter_a.pk}),
        {"reason": "Tillbaka efter föräldraledighet", "version": reporter_a.version},
    )
    assert response.status_code == 302
    assert can_sign_in(client, reporter_a.email)
    assert list(AccountEvent.objects.filter(account=reporter_a).values_list("kind", flat=True)) == [
        AccountEvent.Kind.REACTIVATED,
        AccountEvent.Kind.DEACTIVATED,
    ]


def test_deactivated_reporters_session_ends(client, staff, reporter_a):
    own = client.__class__()
    own.force_login(reporter_a)
    assert own.get("/konto/").status_code == 200
    client.force_login(staff)
    deactivate(client, reporter_a)
    assert own.get("/konto/")["Location"].startswith(LOGIN)


def test_the_deactivate_button_is_red_and_reactivate_blue(client, staff, reporter_a):
    """Crispy's Submit adds "btn-primary" to every button; the portal's blue would win."""
    client.force_login(staff)
    detail = reverse("accounts:user_detail", kwargs={"pk": reporter_a.pk})
    button = re.search(
        r'<input type="submit"[^>]*value="Inaktivera kontot"[^>]*>', _page(client, detail)
    )
    assert button and 'class="btn btn-danger"' in button.group(0), button
    deactivate(client, reporter_a)
    button = re.search(
        r'<input type="submit"[^>]*value="Aktivera kontot igen"[^>]*>', _page(client, detail)
    )
    assert button and 'class="btn btn-primary"' in button.group(0), button


def _page(client, path: str) -> str:
    return client.get(path).content.decode()


@pytest.mark.parametrize("reason", ["", "   "])
def test_deactivate_without_reason_is_refused_and_changes_nothing(
    client, staff, reporter_a, reason
):
    client.force_login(staff)
    response = deactivate(client, reporter_a, reason=reason)
    assert response.status_code == 200
    body = response.content.decode()
    assert 'href="#id_reason"' in body and "Skriv varför." in body
    reporter_a.refresh_from_db()
    assert reporter_a.is_active and reporter_a.version == 1
    assert not AccountEvent.objects.exists()


def test_double_submit_deactivates_once_and_says_why_the_second_did_nothing(
    client, staff, reporter_a
):
    client.force_login(staff)
    version = reporter_a.version
    assert deactivate(client, reporter_a, version=version).status_code == 302
    second = deactivate(client, reporter_a, version=version)
    assert second.status_code == 200
    assert "Någon annan har ändrat kontot" in second.content.decode()
    assert AccountEvent.objects.filter(kind=AccountEvent.Kind.DEACTIVATED).count() == 1


def test_tampered_version_is_a_form_error(client, staff, reporter_a):
    client.force_login(staff)
    response = deactivate(client, reporter_a, version="99999999999")
    assert response.status_code == 200
    reporter_a.refresh_from_db()
    assert reporter_a.is_active


# --- invitations -----------------------------------------------------------------------


def test_invitation_mail_says_until_when_the_link_works(client, staff, municipality_a):
    client.force_login(staff)
    user = invite(client, municipality_a)
    expires = timezone.localtime(user.invitation.expires_at)
    assert expires - timezone.localtime() > datetime.timedelta(days=6, hours=23)
    months = ["januari", "februari", "mars", "april", "maj", "juni", "juli", "augusti",
              "september", "oktober", "november", "december"]  # fmt: skip
    expected = (
        f"Länken gäller till {expires.day} {months[expires.month - 1]} {expires.year} "
        f"kl. {expires:%H:%M}"
    )
    assert expected in mail.outbox[0].body


def test_resend_gives_a_new_link_and_kills_the_old_one(
    client, staff, municipality_a, caplog, django_capture_on_commit_callbacks
):
    client.force_login(staff)
    user = invite(client, municipality_a)
    old_path = link_path(mail.outbox[0])
    invitation = user.invitation
    invitation.expires_at = timezone.now() - datetime.timedelta(minutes=1)
    invitation.save()
    assert "Har gått ut" in client.get(USERS).content.decode()

    with (
        caplog.at_level(logging.INFO, logger="integration_portal.security"),
        django_capture_on_commit_callbacks(execute=True),
    ):
        response = client.post(
            reverse("accounts:invitation_resend", kwargs={"pk": invitation.pk}),
            {"version": invitation.version},
        )
    assert response.status_code == 302
    assert "event=invite_resend" in caplog.text
    assert len(mail.outbox) == 2
    new_path = link_path(mail.outbox[1])
    assert new_path != old_path
    invitation.refresh_from_db()
    assert invitation.expires_at > timezone.now() + datetime.timedelta(days=6)
    assert AccountEvent.objects.filter(kind=AccountEvent.Kind.INVITATION_RESENT).count() == 1

    client.post("/konto/logga-ut/")
    assert not opens_password_form(client, old_path)
    assert opens_password_form(client, new_path)


def test_expired_link_does_not_work(client, staff, municipality_a):
    client.force_login(staff)
    user = invite(client, municipality_a)
    Invitation.objects.filter(user=user).update(expires_at=timezone.now())
    client.post("/konto/logga-ut/")
    assert not opens_password_form(client, link_path(mail.outbox[0]))


def test_revoke_kills_the_link_and_closes_the_account(client, staff, municipality_a):
    client.force_login(staff)
    user = invite(client, municipality_a)
    invitation = user.invitation
    response = client.post(
        reverse("accounts:invitation_revoke", kwargs={"pk": invitation.pk}),
        {"version": invitation.version},
    )
    assert response.status_code == 302
    page = client.get(USERS).content.decode()
    assert "Inbjudan till ny.rapportor@kommun.example är återkallad" in page
    user.refresh_from_db()
    invitation.refresh_from_db()
    assert invitation.status == Invitation.Status.REVOKED and not user.is_active
    assert AccountEvent.objects.filter(kind=AccountEvent.Kind.INVITATION_REVOKED).count() == 1
    client.post("/konto/logga-ut/")
    assert not opens_password_form(client, link_path(mail.outbox[0]))


def test_revoke_with_an_old_version_changes_nothing(client, staff, municipality_a):
    client.force_login(staff)
    user = invite(client, municipality_a)
    invitation = user.invitation
    url = reverse("accounts:invitation_resend", kwargs={"pk": invitation.pk})
    assert client.post(url, {"version": invitation.version}).status_code == 302
    response = client.post(
        reverse("accounts:invitation_revoke", kwargs={"pk": invitation.pk}),
        {"version": invitation.version},  # the version the page showed before the resend
        follow=True,
    )
    assert "Någon annan har ändrat inbjudan" in response.content.decode()
    invitation.refresh_from_db()
    assert invitation.status == Invitation.Status.PENDING


def test_double_resend_sends_one_mail(
    client, staff, municipality_a, django_capture_on_commit_callbacks
):
    client.force_login(staff)
    user = invite(client, municipality_a)
    url = reverse("accounts:invitation_resend", kwargs={"pk": user.invitation.pk})
    version = user.invitation.version
    with django_capture_on_commit_callbacks(execute=True):
        client.post(url, {"version": version})
        client.post(url, {"version": version})
    assert len(mail.outbox) == 2  # the invitation and one resend


def test_accepted_invitation_cannot_be_resent(client, staff, municipality_a):
    client.force_login(staff)
    user = invite(client, municipality_a)
    client.post("/konto/logga-ut/")
    page = client.get(link_path(mail.outbox[0]), follow=True)
    client.post(
        page.redirect_chain[-1][0],
        {"new_password1": "Mitt-eget-losen-99", "new_password2": "Mitt-eget-losen-99"},
    )
    invitation = Invitation.objects.get(user=user)
    assert invitation.status == Invitation.Status.ACCEPTED
    client.force_login(staff)
    response = client.post(
        reverse("accounts:invitation_resend", kwargs={"pk": invitation.pk}),
        {"version": invitation.version},
        follow=True,
    )
    assert "Inbjudan är redan antagen" in response.content.decode()
    assert len(mail.outbox) == 1


@pytest.mark.parametrize("body", [{}, {"version": "x"}, {"version": "-1"}])
def test_resend_with_bad_input_changes_nothing(client, staff, municipality_a, body):
    client.force_login(staff)
    user = invite(client, municipality_a)
    nonce = user.invitation.nonce
    response = client.post(
        reverse("accounts:invitation_resend", kwargs={"pk": user.invitation.pk}), body, follow=True
    )
    assert "Inget har ändrats" in response.content.decode()
    assert Invitation.objects.get(user=user).nonce == nonce
    assert len(mail.outbox) == 1


def test_other_county_staff_cannot_revoke(client, staff, other_county_staff, municipality_a):
    client.force_login(staff)
    user = invite(client, municipality_a)
    client.force_login(other_county_staff)
    response = client.post(
        reverse("accounts:invitation_revoke", kwargs={"pk": user.invitation.pk}),
        {"version": user.invitation.version},
    )
    assert response.status_code == 404
    assert Invitation.objects.get(user=user).status == Invitation.Status.PENDING


def test_detail_page_lists_the_account_history(client, staff, municipality_a):
    client.force_login(staff)
    user = invite(client, municipality_a)
    body = client.get(reverse("accounts:user_detail", kwargs={"pk": user.pk})).content.decode()
    assert re.search(r"Inbjuden</td>", body)
    assert "Stina Staff" in body


def test_migration_gives_earlier_invitees_an_expired_invitation(db):
    import importlib

    from django.apps import apps

    module = importlib.import_module("accounts.migrations.0004_invitations_for_earlier_invitees")
    waiting = User.objects.create_user("vantar@kommun.example", role=User.Role.REPORTER)
    signed_in = make_user("aktiv@kommun.example", role=User.Role.REPORTER)
    module.add(apps, None)
    invitation = Invitation.objects.get(user=waiting)
    assert invitation.is_expired(timezone.now())
    assert not Invitation.objects.filter(user=signed_in).exists()
