"""The public: nobody signs in. Each journey starts at the front page."""

from __future__ import annotations

from django.conf import settings
from django.utils import timezone, translation
from django.utils.formats import date_format

from activities.models import Activity
from contacts import accessibility as statement
from contacts.models import Contact
from reception.models import FollowUpReport, ReportStatus
from tests.journeys.steps import (
    csv_rows,
    download,
    field,
    heading,
    main_text,
    nav,
    start,
    table_rows,
)


def _responsible(municipality: str = "", topic: str = "") -> list[str]:
    """Who the county says answers for a municipality (by name) and topic, read directly."""
    names = []
    contacts = Contact.objects.filter(
        county__code=settings.PORTAL_COUNTY_CODE, published=True
    ).prefetch_related("municipalities", "topics")
    for contact in contacts:
        serves = [m.name for m in contact.municipalities.all()]
        if municipality and serves and municipality not in serves:
            continue
        if topic and topic not in [t.name for t in contact.topics.all()]:
            continue
        names.append(contact.name)
    return sorted(names)


def _cards(page) -> list[str]:
    return sorted(page.locator("#resultat article h4").all_inner_texts())


def test_public_find_the_integration_developer_for_a_municipality_and_a_topic(page):
    start(page)
    nav(page, "Kontakt")
    assert heading(page) == "Kontakta oss"

    field(page, "Kommun").select_option(label="Södertälje")
    page.get_by_role("button", name="Visa kontaktpersoner").click()
    page.wait_for_load_state()
    assert page.get_by_role("heading", name="Kontaktpersoner för Södertälje").is_visible()
    found = _cards(page)
    assert found == _responsible("Södertälje")
    assert "Karin Åberg" in found  # Södertälje's integration developer
    assert "Fatima Rahimi" not in found  # Solna, Stockholm, Sundbyberg

    field(page, "Ämne").select_option(label="Samhällsorientering")
    page.get_by_role("button", name="Visa kontaktpersoner").click()
    page.wait_for_load_state()
    assert page.get_by_role(
        "heading", name="Kontaktpersoner för Södertälje och Samhällsorientering"
    ).is_visible()
    # Nobody answers for both: the page says why and offers Södertälje's own developer and
    # the topic's contact instead of a dead end (issue 16).
    assert _responsible("Södertälje", "Samhällsorientering") == []
    assert "Ingen integrationsutvecklare ansvarar för både Södertälje och Samhällsorientering" in (
        main_text(page)
    )
    offered = _cards(page)
    assert "Karin Åberg" in offered and len(offered) >= 2

    field(page, "Kommun").select_option(label="Huddinge")
    page.get_by_role("button", name="Visa kontaktpersoner").click()
    page.wait_for_load_state()
    assert _cards(page) == _responsible("Huddinge", "Samhällsorientering") == ["Jonas Mäkinen"]
    card = page.get_by_role("article", name="Jonas Mäkinen")
    contact = Contact.objects.get(name="Jonas Mäkinen")
    assert contact.email in card.inner_text()
    assert card.get_by_role("link", name=contact.email).get_attribute("href") == (
        f"mailto:{contact.email}"
    )


def test_public_download_a_contacts_vcard(page):
    contact = Contact.objects.select_related("unit").get(name="Karin Åberg")
    start(page)
    nav(page, "Kontakt")
    card = page.get_by_role("article", name="Karin Åberg")
    name, data = download(
        page,
        lambda: card.get_by_role("link", name="Spara Karin Åberg i adressboken (vCard)").click(),
    )
    assert name == "karin-aberg.vcf"
    text = data.decode("utf-8")
    lines = text.split("\r\n")
    assert lines[0] == "BEGIN:VCARD" and "VERSION:3.0" in lines
    assert "FN:Karin Åberg" in lines
    assert "N:Åberg;Karin;;;" in lines
    assert f"EMAIL;TYPE=INTERNET,WORK:{contact.email}" in lines
    assert f"TEL;TYPE=WORK,VOICE:{contact.phone}" in lines
    assert f"TITLE:{contact.title}" in lines
    assert f"ORG:{settings.PORTAL_ORGANISATION};{contact.unit.name}" in lines
    assert text.endswith("END:VCARD\r\n")


def test_public_read_the_accessibility_statement_from_the_footer(page):
    start(page)
    page.get_by_role("contentinfo").get_by_role("link", name="Tillgänglighetsredogörelse").click()
    page.wait_for_load_state()
    assert heading(page) == "Tillgänglighet för Integrationsportalen"
    text = main_text(page)
    # The compliance status, and when the portal was assessed (the dates live with the code).
    assert "förenlig med lagen om tillgänglighet till digital offentlig service" in text
    with translation.override("sv"):
        assessed = date_format(statement.ASSESSED_ON, "j F Y")
    assert assessed in text
    # How to report a problem, and where to complain.
    page.locator("main").get_by_role("link", name="kontaktsidan").first.click()
    page.wait_for_load_state()
    assert heading(page) == "Kontakta oss"
    page.go_back()
    digg = page.locator(f'main a[href="{statement.COMPLAINT_URL}"]')
    assert digg.count() >= 1


def _published_titles(code: str, language: str) -> list[str]:
    today = timezone.localdate()
    return sorted(
        Activity.objects.filter(
            published=True,
            end__gte=today,
            county__code=settings.PORTAL_COUNTY_CODE,
            municipalities__code=code,
            languages__name=language,
        ).values_list("title", flat=True)
    )


def test_public_find_an_activity_by_municipality_and_language(page):
    start(page)
    nav(page, "Sfi och aktiviteter")
    assert heading(page) == "Sfi, samhällsorientering och andra aktiviteter"
    field(page, "Kommun").select_option(label="Södertälje")
    field(page, "Språk").select_option(label="arabiska")
    page.get_by_role("button", name="Sök", exact=True).click()
    page.wait_for_load_state()

    expected = _published_titles("0181", "arabiska")
    shown = sorted(page.locator(".activity-card h3").all_inner_texts())
    assert shown == expected
    assert "SFI studieväg 1, Södertälje" in shown
    assert "Samhällsorientering på ukrainska, intensiv" not in shown
    count = len(expected)
    assert page.get_by_role("heading", name=f"{count} aktiviteter").is_visible()
    sfi = page.locator(".activity-card", has_text="SFI studieväg 1, Södertälje")
    assert "arabiska" in sfi.inner_text() and "Lina Åkesson" in sfi.inner_text()

    field(page, "Språk").select_option(label="ukrainska")
    page.get_by_role("button", name="Sök", exact=True).click()
    page.wait_for_load_state()
    assert _published_titles("0181", "ukrainska") == []
    assert "Inga aktiviteter matchar sökningen" in main_text(page)


def _number(text: str) -> str:
    return text.replace("\u00a0", "").replace(" ", "").replace("–", "")


def test_public_download_open_data_with_the_figures_the_table_shows(page):
    year = timezone.localdate().year
    start(page)
    nav(page, "Öppna data")
    page.get_by_role("link", name=f"Visa {year} som tabell").click()
    page.wait_for_load_state()
    assert heading(page) == f"Mottagande {year}: mål och godkända siffror"
    shown = table_rows(page, page.locator("main table"))
    assert shown, "the open-data table is empty"

    name, data = download(page, lambda: page.get_by_role("link", name="CSV", exact=True).click())
    assert name.endswith(".csv") and str(year) in name
    header, *rows = csv_rows(data)
    by_key = {(r[header.index("kommun_kod")], r[header.index("kategori")]): r for r in rows}
    assert len(rows) == len(shown)
    for cells in shown:
        municipality, code = cells[0].rsplit(" (", 1)
        row = by_key[(code.rstrip(")"), cells[2])]
        assert row[header.index("kommun")] == municipality
        assert row[header.index("mal")] == _number(cells[3])
        if row[header.index("mottagna")] == "..":  # small-number protection, footnoted
            assert cells[4].startswith("..")
        else:
            assert row[header.index("mottagna")] == _number(cells[4])

    # The figures are the approved reports in the database, nothing else.
    approved = sum(
        f.received
        for report in FollowUpReport.objects.filter(
            municipality__code="0181", period__year=year, status=ReportStatus.APPROVED
        ).prefetch_related("figures__category")
        for f in report.figures.all()
        if f.category.code == "anvisade"
    )
    row = by_key[("0181", "Anvisade nyanlända (kommuntal)")]
    assert int(row[header.index("mottagna")]) == approved


def test_public_harvest_the_open_data_catalogue_and_read_a_tables_versions(page):
    """What dataportal.se does daily: find the catalogue from the open data page, parse it."""
    from rdflib import Graph, URIRef
    from rdflib.namespace import DCAT, DCTERMS, RDF

    from overview.dcat import DCAT_VERSION
    from overview.models import OpenDataVersion

    year = timezone.localdate().year
    start(page)
    nav(page, "Öppna data")
    link = page.get_by_role("link", name="Datakatalog (DCAT-AP-SE, RDF/XML)")
    assert link.is_visible()
    href = link.get_attribute("href")
    assert (
        page.locator('head link[rel="alternate"][type="application/rdf+xml"]').get_attribute("href")
        == href
    )
    response = page.request.get(page.url.split("/oppna-data/")[0] + href)
    assert response.status == 200
    assert response.headers["content-type"].startswith("application/rdf+xml")
    graph = Graph()
    graph.parse(data=response.body(), format="xml")
    (catalogue,) = graph.subjects(RDF.type, DCAT.Catalog)
    datasets = set(graph.objects(catalogue, DCAT.dataset))
    published = OpenDataVersion.objects.published_years()
    assert len(datasets) == len(published) >= 1
    this_year = next(d for d in datasets if f"/oppna-data/{year}/" in str(d))
    latest = OpenDataVersion.objects.latest_of(year)
    assert str(graph.value(this_year, DCAT_VERSION)) == str(latest.number)
    csv_url = next(
        str(graph.value(d, DCAT.accessURL))
        for d in graph.objects(this_year, DCAT.distribution)
        if str(graph.value(d, DCTERMS.format)).endswith("/CSV")
    )
    assert page.request.get(csv_url).status == 200
    assert isinstance(graph.value(catalogue, DCTERMS.publisher), URIRef)

    page.get_by_role("link", name=f"Versioner av {year}").click()
    page.wait_for_load_state()
    assert heading(page) == f"Versioner av tabellen för {year}"
    assert f"Version {latest.number} (gäller nu)" in main_text(page)
    assert latest.reason in main_text(page)
