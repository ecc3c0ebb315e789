import pytest
from django.core import mail
from django.urls import reverse

from accounts.models import User

pytestmark = pytest.mark.django_db

INVITE = "/konto/bjud-in/"


def invite_data(municipality, **overrides):
    data = {
        "email": "ny.rapportor@kommun.example",
        "first_name": "Nora",
        "last_name": "Ny",
        "title": "Handläggare",
        "municipalities": [municipality.pk],
    }
    data.update(overrides)
    return data


def test_staff_invites_reporter_who_sets_password_through_one_time_link(
    client, staff, municipality_a
):
    client.force_login(staff)
    response = client.post(INVITE, invite_data(municipality_a))
    assert response.status_code == 302
    user = User.objects.get(email="ny.rapportor@kommun.example")
    assert user.role == User.Role.REPORTER
    assert list(user.municipalities.values_list("code", flat=True)) == ["0181"]
    assert not user.has_usable_password()
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["ny.rapportor@kommun.example"]
    assert "Södertälje" in message.body
    link = next(line for line in message.body.splitlines() if "/konto/inbjudan/" in line)
    path = link.split("testserver", 1)[1]

    client.post("/konto/logga-ut/")
    page = client.get(path, follow=True)
    form_url = page.redirect_chain[-1][0]
    assert "Välkommen" in page.content.decode()
    response = client.post(
        form_url, {"new_password1": "Mitt-eget-losen-99", "new_password2": "Mitt-eget-losen-99"}
    )
    assert response.status_code == 302
    assert response["Location"] == reverse("accounts:login")
    user.refresh_from_db()
    assert user.check_password("Mitt-eget-losen-99")
    assert "Inbjudan fungerar inte längre" in client.get(path, follow=True).content.decode()
    signed_in = client.post(
        "/konto/logga-in/",
        {"username": "ny.rapportor@kommun.example", "password": "Mitt-eget-losen-99"},
    )
    assert signed_in.status_code == 302


def test_staff_cannot_invite_for_a_municipality_of_another_county(
    client, staff, other_county_municipality
):
    client.force_login(staff)
    response = client.post(INVITE, invite_data(other_county_municipality))
    assert response.status_code == 200
    assert 'id="error-summary"' in response.content.decode()
    assert not User.objects.filter(email="ny.rapportor@kommun.example").exists()
    assert mail.outbox == []


def test_invite_with_existing_email_is_refused_and_nothing_saved(
    client, staff, reporter_a, municipality_a
):
    client.force_login(staff)
    count = User.objects.count()
    response = client.post(INVITE, invite_data(municipality_a, email=reporter_a.email.upper()))
    assert "Det finns redan ett konto" in response.content.decode()
    assert User.objects.count() == count
    assert mail.outbox == []


@pytest.mark.parametrize("field", ["email", "first_name", "last_name", "municipalities"])
def test_invite_with_missing_field_saves_nothing(client, staff, municipality_a, field):
    client.force_login(staff)
    data = invite_data(municipality_a)
    data[field] = "   " if field != "municipalities" else []
    response = client.post(INVITE, data)
    assert response.status_code == 200
    assert f'href="#id_{field}' in response.content.decode()
    assert not User.objects.filter(email="ny.rapportor@kommun.example").exists()


def test_reporter_may_not_invite(client, reporter_a, municipality_a):
    client.force_login(reporter_a)
    assert client.get(INVITE).status_code == 403
    assert client.post(INVITE, invite_data(municipality_a)).status_code == 403
    assert not User.objects.filter(email="ny.rapportor@kommun.example").exists()


def test_anonymous_invite_goes_to_login(client, db):
    response = client.get(INVITE)
    assert response.status_code == 302
    assert response["Location"].startswith("/konto/logga-in/")


def test_invite_form_lists_only_own_county_municipalities(client, staff):
    client.force_login(staff)
    body = client.get(INVITE).content.decode()
    assert "Södertälje" in body
    assert "Kiruna" not in body
