"""Public pages: integration page, contact page (filter, vCards), accessibility statement."""

import html

import pytest
from django.urls import reverse

from contacts.models import Contact, PageBlock, Unit

pytestmark = pytest.mark.django_db


def page(client, url: str) -> str:
    response = client.get(url)
    assert response.status_code == 200
    return response.content.decode()


def test_integration_page_shows_published_blocks_in_order(client, county, block):
    PageBlock.objects.create(county=county, key="malet", heading="Målet", body="Lika.", order=5)
    PageBlock.objects.create(
        county=county, key="utkast", heading="Utkast ej klart", body="x", published=False
    )
    body = page(client, "/")
    assert "Integration i länet" in body
    assert body.index("Målet") < body.index("Vad Länsstyrelsen gör")
    assert "<ul><li>sfi</li><li>samhällsorientering</li></ul>" in body
    assert "Utkast ej klart" not in body


def test_integration_page_shows_another_countys_blocks_never(client, other_county):
    PageBlock.objects.create(county=other_county, key="x", heading="Uppsalas text", body="x")
    assert "Uppsalas text" not in page(client, "/")


def test_html_typed_into_a_block_is_shown_as_text(client, county):
    PageBlock.objects.create(
        county=county, key="x", heading="<i>Rubrik</i>", body="<script>alert(1)</script>"
    )
    body = page(client, "/")
    assert "<script>alert(1)</script>" not in body
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in body
    assert "&lt;i&gt;Rubrik&lt;/i&gt;" in body


def test_integration_page_without_blocks_says_so(client):
    assert "har inte publicerat någon text" in page(client, "/")


def test_contact_page_lists_published_contacts_grouped_by_unit(
    client, county, contact, make_contact
):
    other_unit = Unit.objects.create(county=county, name="Enheten för beredskap", order=20)
    make_contact(name="Per Beredd", unit=other_unit)
    make_contact(name="Dold Person", published=False)
    body = page(client, "/kontakt/")
    assert body.index("Enheten för social hållbarhet") < body.index("Karin Åberg")
    assert body.index("Karin Åberg") < body.index("Enheten för beredskap")
    assert body.index("Enheten för beredskap") < body.index("Per Beredd")
    assert "Dold Person" not in body


def test_contact_page_never_shows_another_countys_contacts(client, other_county, contact):
    unit = Unit.objects.create(county=other_county, name="Uppsalaenheten")
    Contact.objects.create(
        county=other_county, unit=unit, name="Ulla Uppsala", title="x",
        email="ulla@lansstyrelsen.example", phone="+4618000000", published=True,
    )  # fmt: skip
    assert "Ulla Uppsala" not in page(client, "/kontakt/")


def test_phone_is_a_tel_link_formatted_the_swedish_way(client, contact):
    assert '<a href="tel:+46102236209">010-223 62 09</a>' in page(client, "/kontakt/")


def test_email_is_a_real_mailto_link_but_not_readable_by_a_naive_harvester(client, contact):
    body = page(client, "/kontakt/")
    assert "karin.aberg@lansstyrelsen.example" not in body
    assert "lansstyrelsen.example" not in body
    decoded = html.unescape(body)
    assert (
        '<a href="mailto:karin.aberg@lansstyrelsen.example">karin.aberg@lansstyrelsen.example</a>'
        in decoded
    )


def test_contact_shows_areas_of_responsibility(client, contact, make_contact):
    make_contact(name="Hela Länet")
    body = page(client, "/kontakt/")
    assert "Södertälje" in body and "Sfi" in body
    assert "Hela länet" in body


def test_filter_by_municipality_shows_who_is_responsible(
    client, contact, make_contact, municipality_b
):
    make_contact(name="Hanna Huddinge", municipalities=[municipality_b])
    make_contact(name="Lena Länet")  # no municipalities: the whole county
    body = page(client, "/kontakt/?kommun=0181")
    assert "Kontaktpersoner för Södertälje" in body
    assert "Karin Åberg" in body
    assert "Lena Länet" in body
    assert "Hanna Huddinge" not in body


def test_filter_by_topic_and_by_both(client, contact, make_contact, civic, municipality_a):
    make_contact(name="Olle Orientering", municipalities=[municipality_a], topics=[civic])
    body = page(client, "/kontakt/?amne=samhallsorientering")
    assert "Olle Orientering" in body and "Karin Åberg" not in body
    body = page(client, "/kontakt/?kommun=0181&amne=sfi")
    assert "Kontaktpersoner för Södertälje och Sfi" in body
    assert "Karin Åberg" in body and "Olle Orientering" not in body


def test_filter_with_nobody_responsible_explains_why_and_offers_the_topics_contact(client, contact):
    body = page(client, "/kontakt/?kommun=0126&amne=sfi")
    assert "Ingen integrationsutvecklare ansvarar för både Huddinge och" in body
    # Nobody is named for Huddinge, nobody covers the whole county: Karin answers on the topic.
    assert "Integrationsutvecklare för Huddinge" not in body
    assert "Karin Åberg" in body


@pytest.mark.parametrize(
    ("query", "explanation"),
    [
        ("?kommun=9999", "Vi hittar ingen kommun ”9999” i länet"),
        ("?kommun=0380", "Vi hittar ingen kommun ”0380” i länet"),  # Uppsala: another county
        ("?amne=kokkonst", "Vi känner inte till ämnet ”kokkonst”"),
    ],
)
def test_unknown_filter_values_give_an_explained_empty_result(client, contact, query, explanation):
    body = page(client, "/kontakt/" + query)
    assert explanation in body
    assert "Inga kontaktpersoner att visa" in body
    assert "Karin Åberg" not in body


def test_typed_filter_value_is_escaped(client):
    body = page(client, "/kontakt/?kommun=<script>x</script>")
    assert "<script>x</script>" not in body
    assert "&lt;script&gt;x&lt;/script&gt;" in body


def _parse_vcard(text: str) -> dict[str, str]:
    unfolded = text.replace("\r\n ", "")
    assert unfolded.endswith("\r\n")
    fields = {}
    for line in unfolded.split("\r\n")[:-1]:
        name, _, value = line.partition(":")
        fields[name] = value
    return fields


def test_vcard_download_is_utf8_and_parses(client, contact, settings):
    response = client.get(reverse("contacts:vcard", args=[contact.pk]))
    assert response.status_code == 200
    assert response["Content-Type"] == "text/vcard; charset=utf-8"
    assert 'filename="karin-aberg.vcf"' in response["Content-Disposition"]
    card = _parse_vcard(response.content.decode("utf-8"))
    assert card["BEGIN"] == "VCARD" and card["VERSION"] == "3.0" and card["END"] == "VCARD"
    assert card["FN"] == "Karin Åberg"
    assert card["N"] == "Åberg;Karin;;;"
    assert card["ORG"] == f"{settings.PORTAL_ORGANISATION};Enheten för social hållbarhet"
    assert card["EMAIL;TYPE=INTERNET,WORK"] == "karin.aberg@lansstyrelsen.example"
    assert card["TEL;TYPE=WORK,VOICE"] == "+46102236209"


def test_vcard_escapes_separators_and_folds_long_lines(client, make_contact, county):
    unit = Unit.objects.create(
        county=county, name="Avdelning; med, tecken och ett mycket långt namn åäö"
    )
    person = make_contact(name="Åsa Öberg", unit=unit)
    raw = client.get(reverse("contacts:vcard", args=[person.pk])).content
    assert all(len(line) <= 75 for line in raw.split(b"\r\n"))
    card = _parse_vcard(raw.decode("utf-8"))
    assert card["ORG"].endswith("Avdelning\\; med\\, tecken och ett mycket långt namn åäö")


def test_vcard_of_unpublished_or_other_county_contact_is_404(client, make_contact, other_county):
    hidden = make_contact(published=False)
    assert client.get(reverse("contacts:vcard", args=[hidden.pk])).status_code == 404
    unit = Unit.objects.create(county=other_county, name="U")
    elsewhere = Contact.objects.create(
        county=other_county, unit=unit, name="X", title="x", email="x@x.example",
        phone="+4618000000", published=True,
    )  # fmt: skip
    assert client.get(reverse("contacts:vcard", args=[elsewhere.pk])).status_code == 404


def test_accessibility_statement_names_organisation_dates_and_complaint_page(client, settings):
    body = page(client, "/tillganglighet/")
    assert settings.PORTAL_ORGANISATION in body
    assert "Integrationsportalen" in body
    assert '<time datetime="2026-11-29">29 november 2026</time>' in body
    assert "uppdaterades senast" in body
    assert 'href="/kontakt/"' in body  # how to report a problem
    assert 'href="https://www.digg.se/tdosanmalan"' in body


@pytest.mark.parametrize("url", ["/", "/kontakt/", "/tillganglighet/"])
def test_every_public_page_links_the_accessibility_statement_in_the_footer(client, url):
    body = page(client, url)
    footer = body[body.index('<footer class="site-footer">') :]
    assert 'href="/tillganglighet/"' in footer


def test_public_pages_answer_only_get_and_head(client):
    assert client.post("/kontakt/").status_code == 405
    assert client.head("/kontakt/").status_code == 200


def test_contact_finder_offers_the_municipalitys_developer_and_the_topics_contact(
    client, make_contact, municipality_a, municipality_b, sfi, civic
):
    own = make_contact(name="Karin Egen", municipalities=[municipality_a], topics=[civic])
    topical = make_contact(name="Jonas Annan", municipalities=[municipality_b], topics=[sfi])
    make_contact(name="Olle Ovidkommande", municipalities=[municipality_b], topics=[civic])
    page = client.get("/kontakt/?kommun=0181&amne=sfi").content.decode()
    assert "Ingen integrationsutvecklare ansvarar för både Södertälje och" in page
    result = page[page.index('id="resultat"') :]
    assert "Integrationsutvecklare för Södertälje" in result
    assert own.name in result and topical.name in result
    assert "Olle Ovidkommande" not in result


def test_contact_finder_with_nobody_at_all_still_points_to_the_switchboard(client, sfi):
    page = client.get("/kontakt/?kommun=0181&amne=sfi").content.decode()
    assert "ring Länsstyrelsens växel" in page
