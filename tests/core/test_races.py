"""Races on create paths: one winner, the others the form's conflict message, never a 500.

The threaded tests post the same form from many threads at once, each with its own
database connection, on PostgreSQL (SQLite serialises writers, so there they are
skipped); the others cover the same paths one request after another on any database.
"""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.urls import reverse

from accounts.models import User
from agreements import services as agreement_services
from agreements.models import Agreement, CountyQuota
from contacts.models import Contact, PageBlock, Unit
from core.locking import claim_form_token, created_once
from core.models import FormSubmission
from tests.factories.accounts import client_for
from tests.factories.concurrency import at_once, form_data

PARALLEL = 20

on_postgresql = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="real concurrency needs PostgreSQL"
)

CONFLICT = "Någon annan sparade samma uppgifter alldeles nyss"


def _clients(user: User, n: int = PARALLEL):
    return [client_for(user) for _ in range(n)]


def _post_all(clients, url: str, data: dict) -> list:
    return at_once([lambda c=c: c.post(url, data) for c in clients])


def _one_winner(responses) -> list:
    """Exactly one redirect (the create); every other answer the form again (200)."""
    statuses = sorted(r.status_code for r in responses)
    assert statuses == [200] * (len(responses) - 1) + [302], statuses
    return [r for r in responses if r.status_code == 200]


# --- the mechanism, on any database --------------------------------------------


@pytest.mark.django_db
def test_a_unique_row_inserted_after_the_check_becomes_the_forms_message(county):
    Unit.objects.create(county=county, name="Enheten")
    with pytest.raises(ValidationError) as caught:
        with created_once({"name": "Finns redan"}):
            Unit.objects.create(county=county, name="Enheten")
    assert caught.value.message_dict == {"name": ["Finns redan"]}
    # The savepoint rolled back only the loser: the transaction goes on.
    assert Unit.objects.filter(county=county).count() == 1


@pytest.mark.django_db
def test_a_form_token_claimed_twice_is_refused_the_second_time():
    claim_form_token("a" * 32)
    with pytest.raises(ValidationError) as caught:
        claim_form_token("a" * 32)
    assert caught.value.code == "duplicate"
    assert FormSubmission.objects.count() == 1


# --- contact form: a double click creates one contact --------------------------


@pytest.mark.django_db
def test_a_contact_form_posted_twice_creates_one_contact(staff_client, county):
    Unit.objects.create(county=county, name="Enheten", order=1)
    url = reverse("contacts:contact_create")
    data = form_data(
        staff_client.get(url).content.decode(),
        name="Nora Nyberg",
        title="Handläggare",
        unit=str(Unit.objects.get().pk),
        email="nora@lansstyrelsen.example",
        phone="010-223 62 10",
    )
    assert len(data["form_token"]) == 32
    assert staff_client.post(url, data).status_code == 302
    second = staff_client.post(url, data)
    assert second.status_code == 200
    assert CONFLICT in second.content.decode()
    assert Contact.objects.count() == 1


@pytest.mark.django_db
def test_a_contact_form_without_its_token_is_refused_and_saves_nothing(staff_client, county):
    Unit.objects.create(county=county, name="Enheten", order=1)
    url = reverse("contacts:contact_create")
    data = form_data(
        staff_client.get(url).content.decode(),
        name="Nora Nyberg",
        title="Handläggare",
        unit=str(Unit.objects.get().pk),
        email="nora@lansstyrelsen.example",
        phone="010-223 62 10",
        form_token=None,
    )
    response = staff_client.post(url, data)
    assert response.status_code == 200
    assert "Formuläret saknar sin engångskod" in response.content.decode()
    assert Contact.objects.count() == 0


@pytest.mark.django_db
def test_two_contact_form_pages_create_two_contacts(staff_client, county):
    """The token is per page view: adding a second person is not a double click."""
    Unit.objects.create(county=county, name="Enheten", order=1)
    url = reverse("contacts:contact_create")
    for name in ("Nora Nyberg", "Olof Ek"):
        data = form_data(
            staff_client.get(url).content.decode(),
            name=name,
            title="Handläggare",
            unit=str(Unit.objects.get().pk),
            email="x@lansstyrelsen.example",
            phone="010-223 62 10",
        )
        assert staff_client.post(url, data).status_code == 302
    assert Contact.objects.count() == 2


# --- kommuntal: every row shown carries a version ------------------------------


ALLOCATION = reverse("agreements:allocation", kwargs={"year": 2026})


@pytest.mark.django_db
def test_kommuntal_page_gives_a_version_to_a_row_without_an_agreement(staff_client):
    page = staff_client.get(ALLOCATION).content.decode()
    assert form_data(page)["v_0180"] == "0"


@pytest.mark.django_db
def test_second_staff_saving_a_municipality_without_agreement_gets_a_conflict(
    staff, county, municipality_c
):
    first, second = client_for(staff), client_for(staff)
    seen_by_second = second.get(ALLOCATION).content.decode()
    data = form_data(first.get(ALLOCATION).content.decode(), m_0180="25")
    assert first.post(ALLOCATION, data).status_code == 302
    response = second.post(ALLOCATION, form_data(seen_by_second, m_0180="30"))
    assert response.status_code == 200
    assert "Någon annan har ändrat kommuntalen" in response.content.decode()
    agreement = Agreement.objects.get(municipality=municipality_c, year=2026)
    assert agreement_services.current_targets(agreement)[0].places == 25


@pytest.mark.django_db
def test_kommuntal_posted_without_a_rows_version_is_refused(staff_client, municipality_c):
    data = form_data(staff_client.get(ALLOCATION).content.decode(), m_0180="25", v_0180=None)
    response = staff_client.post(ALLOCATION, data)
    assert response.status_code == 200
    assert "saknar uppgift om vilken version" in response.content.decode()
    assert not Agreement.objects.filter(municipality=municipality_c).exists()


# --- state changes need the version ----------------------------------------------


@pytest.mark.django_db
def test_agreement_status_change_without_version_is_refused_not_skipped(
    staff, staff_client, municipality_a
):
    agreement = agreement_services.agreement_create(
        municipality=municipality_a, year=2026, user=staff
    )
    url = reverse("agreements:status", args=[agreement.pk])
    response = staff_client.post(url, {"status": "terminated"}, follow=True)
    assert "Statusändringen kunde inte läsas" in response.content.decode()
    agreement.refresh_from_db()
    assert agreement.status == Agreement.Status.DRAFT and agreement.version == 1


@pytest.mark.django_db
def test_county_quota_posted_without_version_is_refused(staff_client, county):
    url = reverse("agreements:county_quota", kwargs={"year": 2026})
    response = staff_client.post(url, {"places": "300"})
    assert response.status_code == 200
    assert "saknar uppgift om vilken version" in response.content.decode()
    assert not CountyQuota.objects.exists()


# --- real races (PostgreSQL) ----------------------------------------------------


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
@on_postgresql
def test_parallel_new_agreement_posts_create_one_agreement(staff, municipality_a):
    url = reverse("agreements:create")
    clients = _clients(staff)
    data = form_data(
        clients[0].get(url).content.decode(),
        municipality=str(municipality_a.pk),
        year="2026",
        places_anvisade="40",
    )
    losers = _one_winner(_post_all(clients, url, data))
    assert all("har redan en överenskommelse för 2026" in r.content.decode() for r in losers)
    assert Agreement.objects.filter(municipality=municipality_a, year=2026).count() == 1


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
@on_postgresql
def test_parallel_first_county_quota_posts_save_one_quota(staff, county):
    url = reverse("agreements:county_quota", kwargs={"year": 2026})
    clients = _clients(staff)
    data = form_data(clients[0].get(url).content.decode(), places="360")
    losers = _one_winner(_post_all(clients, url, data))
    assert all("Någon annan har ändrat länstalet" in r.content.decode() for r in losers)
    assert CountyQuota.objects.get(county=county, year=2026).version == 1


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
@on_postgresql
def test_parallel_kommuntal_saves_create_one_agreement(staff, municipality_c):
    clients = _clients(staff, 10)
    data = form_data(clients[0].get(ALLOCATION).content.decode(), m_0180="25")
    losers = _one_winner(_post_all(clients, ALLOCATION, data))
    assert all("Någon annan har ändrat kommuntalen" in r.content.decode() for r in losers)
    assert Agreement.objects.filter(municipality=municipality_c, year=2026).count() == 1


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
@on_postgresql
def test_parallel_text_block_posts_create_one_block(staff, county):
    url = reverse("contacts:block_create")
    data = {"heading": "Nytt", "body": "Text.", "key": "nytt-block", "order": "5"}
    losers = _one_winner(_post_all(_clients(staff), url, data))
    assert all("Det finns redan ett textblock" in r.content.decode() for r in losers)
    assert PageBlock.objects.filter(county=county, key="nytt-block").count() == 1


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
@on_postgresql
def test_parallel_invitations_of_one_address_create_one_account(staff, municipality_a, settings):
    # The race, not the throttle (3 invitations per address an hour, tested on its own).
    settings.PORTAL_THROTTLES = {**settings.PORTAL_THROTTLES, "invitations_per_email": (99, 3600)}
    data = {
        "email": "ny@kommun.example",
        "first_name": "Nora",
        "last_name": "Ny",
        "title": "",
        "municipalities": [municipality_a.pk],
    }
    losers = _one_winner(_post_all(_clients(staff), reverse("accounts:invite"), data))
    assert all("Det finns redan ett konto" in r.content.decode() for r in losers)
    assert User.objects.filter(email="ny@kommun.example").count() == 1


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
@on_postgresql
def test_a_contact_form_double_clicked_twenty_times_creates_one_contact(staff, county):
    Unit.objects.create(county=county, name="Enheten", order=1)
    url = reverse("contacts:contact_create")
    clients = _clients(staff)
    data = form_data(
        clients[0].get(url).content.decode(),
        name="Nora Nyberg",
        title="Handläggare",
        unit=str(Unit.objects.get().pk),
        email="nora@lansstyrelsen.example",
        phone="010-223 62 10",
    )
    losers = _one_winner(_post_all(clients, url, data))
    assert all(CONFLICT in r.content.decode() for r in losers)
    assert Contact.objects.count() == 1
