"""Staff manage contacts and text blocks in the browser; the public pages follow at once."""

import uuid

import pytest
from django.urls import reverse

from contacts.models import Contact, PageBlock, Unit
from tests.factories.accounts import client_for

pytestmark = pytest.mark.django_db


def contact_post(unit_, **overrides) -> dict:
    data = {
        "name": "Nora  Nyberg",
        "title": "Integrationsutvecklare",
        "unit": unit_.pk,
        "new_unit_name": "",
        "email": "Nora.Nyberg@Lansstyrelsen.example",
        "phone": "+46 10 223 62 10",
        "municipalities": [],
        "topics": [],
        "published": "on",
        "form_token": uuid.uuid4().hex,  # a fresh page each time
    }
    data.update(overrides)
    return {k: v for k, v in data.items() if v is not None}


def test_staff_adds_a_contact_and_it_shows_on_the_public_page_at_once(
    staff_client, client, unit, municipality_a, sfi
):
    assert "Nora Nyberg" not in client.get("/kontakt/").content.decode()  # now cached
    response = staff_client.post(
        reverse("contacts:contact_create"),
        contact_post(unit, municipalities=[municipality_a.pk], topics=[sfi.pk]),
    )
    assert response.status_code == 302
    contact = Contact.objects.get()
    assert contact.name == "Nora Nyberg"
    assert contact.email == "nora.nyberg@lansstyrelsen.example"
    assert contact.phone == "+46102236210"
    assert list(contact.municipalities.all()) == [municipality_a]
    body = client.get("/kontakt/?kommun=0181&amne=sfi").content.decode()
    assert "Nora Nyberg" in body
    assert "010-223 62 10" in client.get("/kontakt/").content.decode()


def test_staff_can_create_a_new_unit_while_adding_a_contact(staff_client, unit):
    staff_client.post(
        reverse("contacts:contact_create"),
        contact_post(unit, unit="", new_unit_name="Enheten för beredskap"),
    )
    assert Contact.objects.get().unit.name == "Enheten för beredskap"


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("phone", "ring mig", "Telefonnumret får bara innehålla siffror"),
        ("phone", "+47 22 12 34 56", "Ange ett svenskt telefonnummer"),
        ("email", "nora.lansstyrelsen.se", "Ange en e-postadress som"),
        ("name", "", "Detta fält måste fyllas i."),
        ("unit", "", "Välj en enhet eller skriv namnet på en ny."),
    ],
)
def test_bad_contact_input_gets_a_field_error_and_nothing_is_saved(
    staff_client, unit, field, value, message
):
    response = staff_client.post(
        reverse("contacts:contact_create"), contact_post(unit, **{field: value})
    )
    assert response.status_code == 200
    body = response.content.decode()
    assert 'id="error-summary"' in body
    assert message in body
    assert Contact.objects.count() == 0


def test_staff_cannot_tie_a_contact_to_another_countys_municipality(
    staff_client, unit, other_county_municipality
):
    response = staff_client.post(
        reverse("contacts:contact_create"),
        contact_post(unit, municipalities=[other_county_municipality.pk]),
    )
    assert response.status_code == 200
    assert Contact.objects.count() == 0


def test_staff_edits_a_contact_and_the_change_is_recorded(staff, staff_client, client, contact):
    client.get("/kontakt/")  # fill the cache
    url = reverse("contacts:contact_edit", args=[contact.pk])
    form_page = staff_client.get(url).content.decode()
    assert 'value="010-223 62 09"' in form_page
    response = staff_client.post(
        url,
        contact_post(contact.unit, name="Karin Åberg-Lind", version=contact.version),
    )
    assert response.status_code == 302
    contact.refresh_from_db()
    assert contact.name == "Karin Åberg-Lind"
    assert contact.version == 2
    latest = contact.history.first()
    assert latest.history_user == staff
    assert latest.history_change_reason == "Ändrad kontaktperson"
    assert "Karin Åberg-Lind" in client.get("/kontakt/").content.decode()
    assert "Ändringshistorik" in staff_client.get(url).content.decode()


def test_a_stale_edit_is_refused_instead_of_overwriting(staff_client, contact):
    url = reverse("contacts:contact_edit", args=[contact.pk])
    staff_client.post(url, contact_post(contact.unit, name="Först", version=contact.version))
    response = staff_client.post(
        url, contact_post(contact.unit, name="Sen", version=contact.version)
    )
    assert response.status_code == 200
    assert "Någon annan har sparat ändringar" in response.content.decode()
    contact.refresh_from_db()
    assert contact.name == "Först"


def test_bad_edit_input_changes_nothing(staff_client, contact):
    url = reverse("contacts:contact_edit", args=[contact.pk])
    response = staff_client.post(
        url, contact_post(contact.unit, phone="123", version=contact.version)
    )
    assert response.status_code == 200
    contact.refresh_from_db()
    assert contact.phone == "+46102236209"
    assert contact.name == "Karin Åberg"


def test_other_county_staff_gets_404_for_this_countys_contact(other_county_staff, contact, unit):
    client = client_for(other_county_staff)
    assert client.get(reverse("contacts:contact_edit", args=[contact.pk])).status_code == 404
    response = client.post(
        reverse("contacts:contact_edit", args=[contact.pk]),
        contact_post(unit, name="Kapad"),
    )
    assert response.status_code == 404
    assert (
        client.post(
            reverse("contacts:contact_publish", args=[contact.pk]), {"published": "0"}
        ).status_code
        == 404
    )
    contact.refresh_from_db()
    assert contact.name == "Karin Åberg" and contact.published


def test_other_county_staff_manages_only_their_own_county(other_county_staff, contact):
    body = client_for(other_county_staff).get(reverse("contacts:manage_contacts")).content
    assert "Karin Åberg" not in body.decode()


def test_reporter_gets_403_and_anonymous_goes_to_login(reporter_a, contact, unit):
    reporter = client_for(reporter_a)
    for url in [
        reverse("contacts:manage_contacts"),
        reverse("contacts:contact_create"),
        reverse("contacts:contact_edit", args=[contact.pk]),
        reverse("contacts:manage_blocks"),
    ]:
        assert reporter.get(url).status_code == 403
        response = client_for(None).get(url)
        assert response.status_code == 302 and "/konto/" in response["Location"]
    assert reporter.post(reverse("contacts:contact_create"), contact_post(unit)).status_code == 403
    assert Contact.objects.count() == 1


@pytest.mark.parametrize("name", ["contacts:contact_move", "contacts:contact_publish"])
def test_get_on_a_post_only_view_is_405(staff_client, contact, name):
    assert staff_client.get(reverse(name, args=[contact.pk])).status_code == 405


def test_unpublish_and_publish_again(staff_client, client, contact):
    url = reverse("contacts:contact_publish", args=[contact.pk])
    assert "Karin Åberg" in client.get("/kontakt/").content.decode()
    assert staff_client.post(url, {"published": "0", "version": "1"}).status_code == 302
    contact.refresh_from_db()
    assert not contact.published
    assert "Karin Åberg" not in client.get("/kontakt/").content.decode()
    staff_client.post(url, {"published": "1", "version": contact.version})
    assert "Karin Åberg" in client.get("/kontakt/").content.decode()


def test_publish_without_a_choice_changes_nothing(staff_client, contact):
    response = staff_client.post(reverse("contacts:contact_publish", args=[contact.pk]), {})
    assert response.status_code == 302
    contact.refresh_from_db()
    assert contact.published and contact.version == 1


def test_move_changes_the_order_on_the_public_page(staff_client, client, contact, make_contact):
    second = make_contact(name="Bo Andersson")
    body = client.get("/kontakt/").content.decode()
    assert body.index("Karin Åberg") < body.index("Bo Andersson")
    url = reverse("contacts:contact_move", args=[second.pk])
    assert staff_client.post(url, {"direction": "up", "version": "1"}).status_code == 302
    body = client.get("/kontakt/").content.decode()
    assert body.index("Bo Andersson") < body.index("Karin Åberg")
    # Already first: moving up again changes nothing.
    second.refresh_from_db()
    staff_client.post(url, {"direction": "up", "version": second.version})
    staff_client.post(url, {"direction": "sideways", "version": second.version})
    ordered = list(Contact.objects.order_by("order").values_list("name", flat=True))
    assert ordered == ["Bo Andersson", "Karin Åberg"]


def test_manage_list_groups_by_unit_and_offers_only_possible_moves(
    staff_client, contact, make_contact
):
    make_contact(name="Bo Andersson")
    body = staff_client.get(reverse("contacts:manage_contacts")).content.decode()
    assert body.count('value="up"') == 1
    assert body.count('value="down"') == 1


def test_staff_edits_a_block_and_the_integration_page_changes_at_once(staff_client, client, block):
    assert "Vad Länsstyrelsen gör" in client.get("/").content.decode()
    response = staff_client.post(
        reverse("contacts:block_edit", args=[block.pk]),
        {
            "heading": "Länsstyrelsens uppgifter",
            "body": "<b>Fet?</b>\n\n- **Samordna** sfi",
            "key": "uppdraget",
            "order": "10",
            "published": "on",
            "version": block.version,
        },
    )
    assert response.status_code == 302
    body = client.get("/").content.decode()
    assert "Länsstyrelsens uppgifter" in body
    assert "&lt;b&gt;Fet?&lt;/b&gt;" in body
    assert "<li><strong>Samordna</strong> sfi</li>" in body


def test_staff_hides_a_block(staff_client, client, block):
    staff_client.post(
        reverse("contacts:block_edit", args=[block.pk]),
        {"heading": block.heading, "body": block.body, "key": block.key, "order": "10",
         "version": block.version},
    )  # fmt: skip
    assert "Vad Länsstyrelsen gör" not in client.get("/").content.decode()


def test_staff_adds_a_block(staff_client, client, county):
    response = staff_client.post(
        reverse("contacts:block_create"),
        {"heading": "Nytt om sfi", "body": "Text.", "key": "sfi", "order": "5", "published": "on"},
    )
    assert response.status_code == 302
    assert PageBlock.objects.get().county == county
    assert "Nytt om sfi" in client.get("/").content.decode()


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"key": "uppdraget"}, "Det finns redan ett textblock med det kortnamnet."),
        ({"key": "Inte ett kortnamn!"}, "Kortnamn"),
        ({"body": "   "}, "Text"),
        ({"order": "-1"}, "Ordning"),
    ],
)
def test_bad_block_input_gets_an_error_and_nothing_is_saved(
    staff_client, block, overrides, message
):
    data = {"heading": "Ny", "body": "Text.", "key": "nytt", "order": "5", "published": "on"}
    data.update(overrides)
    response = staff_client.post(reverse("contacts:block_create"), data)
    assert response.status_code == 200
    body = response.content.decode()
    assert 'id="error-summary"' in body and message in body
    assert PageBlock.objects.count() == 1


def test_other_county_staff_gets_404_for_this_countys_block(other_county_staff, block):
    client = client_for(other_county_staff)
    url = reverse("contacts:block_edit", args=[block.pk])
    assert client.get(url).status_code == 404
    data = {"heading": "Kapad", "body": "x", "key": "x", "order": "1", "published": "on"}
    assert client.post(url, data).status_code == 404
    block.refresh_from_db()
    assert block.heading == "Vad Länsstyrelsen gör"


def test_admin_manages_the_portal_county(admin, contact):
    body = client_for(admin).get(reverse("contacts:manage_contacts")).content.decode()
    assert "Karin Åberg" in body


def test_staff_sees_the_management_links(staff_client, client):
    assert "Kontakter och texter" in staff_client.get("/").content.decode()
    assert "Redigera texterna på integrationssidan" in staff_client.get("/konto/").content.decode()
    assert "Kontakter och texter" not in client.get("/").content.decode()


def test_units_are_per_county(staff_client, other_county):
    foreign = Unit.objects.create(county=other_county, name="Uppsalaenheten")
    response = staff_client.post(reverse("contacts:contact_create"), contact_post(foreign))
    assert response.status_code == 200
    assert Contact.objects.count() == 0


def test_text_block_edit_page_is_titled_with_the_heading_and_previews_the_saved_text(
    staff_client, block
):
    """Regression: the context name ``block`` was shadowed by ``{% block %}`` (title "Ändra ””",
    empty preview)."""
    page = staff_client.get(reverse("contacts:block_edit", args=[block.pk])).content.decode()
    assert "<title>Ändra ”Vad Länsstyrelsen gör”" in page
    assert "<h1>Ändra ”Vad Länsstyrelsen gör”</h1>" in page
    preview = page.split('id="preview-heading"')[1].split("</section>")[0]
    assert "<h3>Vad Länsstyrelsen gör</h3>" in preview
    assert "Vi samordnar mottagandet." in preview and "<li>sfi</li>" in preview
    assert "””" not in page


def test_new_text_block_page_is_titled_add_not_change(staff_client):
    page = staff_client.get(reverse("contacts:block_create")).content.decode()
    assert "<h1>Lägg till textblock</h1>" in page
    assert "Ändra ”" not in page and 'id="preview-heading"' not in page


def test_history_tables_name_changes_in_swedish_and_translate_them(staff_client, block, contact):
    """Regression: simple_history's English "Created"/"Changed" showed in Swedish tables."""
    from contacts import services

    services.block_update(
        block=block,
        expected_version=block.version,
        key=block.key,
        heading=block.heading,
        body="Ny text.",
        order=block.order,
        published=True,
    )
    contact.title = "Samordnare"
    contact.save()  # a change without a reason
    swedish = staff_client.get(reverse("contacts:block_edit", args=[block.pk])).content.decode()
    history = swedish.split("Ändringshistorik")[-1]
    assert "<td>Ändrat textblock</td>" in history and "<td>Skapad</td>" in history
    assert "Created" not in history and "Changed" not in history
    contact_page = staff_client.get(reverse("contacts:contact_edit", args=[contact.pk]))
    assert "<td>Ändrad</td>" in contact_page.content.decode().split("Ändringshistorik")[-1]

    staff_client.cookies["django_language"] = "en"
    english = staff_client.get(reverse("contacts:block_edit", args=[block.pk])).content.decode()
    history = english.split("Change history")[-1]
    assert "<td>Text block changed</td>" in history and "<td>Created</td>" in history
    contact_page = staff_client.get(reverse("contacts:contact_edit", args=[contact.pk]))
    assert "<td>Modified</td>" in contact_page.content.decode().split("Change history")[-1]


def test_a_move_based_on_an_older_list_is_refused(staff_client, contact, make_contact):
    """A double click on "Up" (or someone else's move in between) moves one step, not two."""
    second = make_contact(name="Bo Andersson")
    third = make_contact(name="Cecilia Berg")
    url = reverse("contacts:contact_move", args=[third.pk])
    data = {"direction": "up", "version": str(third.version)}
    assert staff_client.post(url, data).status_code == 302
    response = staff_client.post(url, data, follow=True)
    assert "Någon annan har sparat ändringar" in response.content.decode()
    ordered = list(Contact.objects.order_by("order").values_list("name", flat=True))
    assert ordered == ["Karin Åberg", "Cecilia Berg", "Bo Andersson"]
    assert second.pk


def test_publish_and_move_without_a_version_are_refused(staff_client, contact, make_contact):
    second = make_contact(name="Bo Andersson")
    publish = reverse("contacts:contact_publish", args=[contact.pk])
    response = staff_client.post(publish, {"published": "0"}, follow=True)
    assert "saknar uppgift om vilken version" in response.content.decode()
    move = reverse("contacts:contact_move", args=[second.pk])
    staff_client.post(move, {"direction": "up"})
    contact.refresh_from_db()
    assert contact.published and contact.version == 1
    ordered = list(Contact.objects.order_by("order").values_list("name", flat=True))
    assert ordered == ["Karin Åberg", "Bo Andersson"]
