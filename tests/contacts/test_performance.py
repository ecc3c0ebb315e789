"""Query counts stay flat with the number of contacts; cached public pages cost one query."""

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from contacts.models import PageBlock
from tests.factories.accounts import client_for

pytestmark = pytest.mark.django_db


def count_queries(client, url: str) -> int:
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200
    return len(captured)


def add_contacts(make_contact, n, municipalities, topics):
    for _ in range(n):
        make_contact(municipalities=municipalities, topics=topics)


@pytest.mark.parametrize("url", ["/kontakt/", "/kontakt/?kommun=0181&amne=sfi"])
def test_public_contact_page_queries_do_not_grow_with_contacts(
    client, make_contact, municipality_a, municipality_b, sfi, civic, url,
    django_assert_max_num_queries,
):  # fmt: skip
    add_contacts(make_contact, 1, [municipality_a, municipality_b], [sfi, civic])
    cache.clear()
    one = count_queries(client, url)
    add_contacts(make_contact, 49, [municipality_a, municipality_b], [sfi, civic])
    cache.clear()
    with django_assert_max_num_queries(one):
        response = client.get(url)
    assert response.content.decode().count("contact-card__name") == 50
    # data version, filter choices (2), contacts with units, topics, municipalities
    assert one == 6


def test_cached_public_pages_cost_one_query(client, make_contact, block, django_assert_num_queries):
    """A page served from the page cache reads only the data version."""
    make_contact()
    client.get("/kontakt/")
    client.get("/")
    with django_assert_num_queries(1):
        client.get("/kontakt/")
    with django_assert_num_queries(1):
        client.get("/")


def test_staff_contact_list_queries_do_not_grow_with_contacts(
    staff, make_contact, municipality_a, sfi, django_assert_max_num_queries
):
    client = client_for(staff)
    url = reverse("contacts:manage_contacts")
    add_contacts(make_contact, 1, [municipality_a], [sfi])
    one = count_queries(client, url)
    add_contacts(make_contact, 49, [municipality_a], [sfi])
    with django_assert_max_num_queries(one):
        response = client.get(url)
    assert response.content.decode().count('name="direction"') >= 50
    assert one <= 10


def test_staff_block_list_queries_do_not_grow_with_blocks(
    staff, county, django_assert_max_num_queries
):
    client = client_for(staff)
    url = reverse("contacts:manage_blocks")
    PageBlock.objects.create(county=county, key="b0", heading="B0", body="x")
    one = count_queries(client, url)
    for i in range(1, 50):
        PageBlock.objects.create(county=county, key=f"b{i}", heading=f"B{i}", body="x")
    with django_assert_max_num_queries(one):
        client.get(url)


def test_a_change_through_a_service_makes_every_cached_fragment_stale(
    client, staff_client, contact, county
):
    from contacts import services

    client.get("/kontakt/?kommun=0181")
    client.get("/kontakt/?amne=sfi")
    services.contact_set_published(
        contact=contact, published=False, expected_version=contact.version
    )
    assert "Karin Åberg" not in client.get("/kontakt/?kommun=0181").content.decode()
    assert "Karin Åberg" not in client.get("/kontakt/?amne=sfi").content.decode()


def test_renaming_a_topic_in_admin_clears_the_public_pages(client, contact, sfi, admin):
    client.get("/kontakt/")
    response = client_for(admin).post(
        reverse("admin:contacts_topic_change", args=[sfi.pk]),
        {"name": "Svenska för invandrare", "slug": "sfi", "order": "20"},
    )
    assert response.status_code == 302
    assert "Svenska för invandrare" in client.get("/kontakt/").content.decode()


def test_english_and_swedish_pages_are_cached_separately(client, contact):
    client.get("/kontakt/")
    client.cookies["django_language"] = "en"
    body = client.get("/kontakt/").content.decode()
    assert '<html lang="en">' in body


@pytest.mark.parametrize("write", ["admin", "update", "sql"])
def test_public_fragments_show_a_change_made_outside_the_services_at_once(
    client, admin, make_contact, municipality_a, sfi, write
):
    """The old per-county token was renewed only by the services: an admin rename or a
    QuerySet.update() left the public pages up to 15 minutes stale. The fragments are
    now keyed by the data version, which every write raises."""
    from contacts.models import Contact, Topic

    contact = make_contact(municipalities=[municipality_a], topics=[sfi])
    assert "Sfi" in client.get("/kontakt/").content.decode()
    assert contact.name in client.get("/kontakt/?kommun=0181").content.decode()
    if write == "admin":
        staff_client = client_for(admin)
        url = reverse("admin:contacts_topic_change", args=[sfi.pk])
        response = staff_client.post(url, {"name": "Svenska för invandrare", "slug": "sfi",
                                           "order": sfi.order})  # fmt: skip
        assert response.status_code == 302
    elif write == "update":
        Topic.objects.filter(pk=sfi.pk).update(name="Svenska för invandrare")
        Contact.objects.filter(pk=contact.pk).update(name="Nytt Namn")
    else:
        with connection.cursor() as cursor:
            cursor.execute(
                "UPDATE contacts_topic SET name = %s WHERE id = %s",
                ["Svenska för invandrare", sfi.pk],
            )
    page = client.get("/kontakt/").content.decode()
    assert "Svenska för invandrare" in page
    if write == "update":
        assert "Nytt Namn" in client.get("/kontakt/?kommun=0181").content.decode()
