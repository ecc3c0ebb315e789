"""The open data catalogue in DCAT-AP-SE 3.0.1, as RDF/XML for dataportal.se to harvest.

One ``dcat:Catalog`` per organisation (optionally narrowed to one county), one
``dcat:Dataset`` per published year, one ``dcat:Distribution`` per format (HTML, CSV,
JSON). The harvester needs absolute IRIs for the catalogue, datasets, distributions,
publisher and contact point, so none of them is a blank node; only the period of time
is. Controlled vocabularies are the EU Publications Office's authority tables, which
DCAT-AP-SE prescribes (language, data theme, frequency, access right, file type).
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.conf import settings
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext, gettext_noop
from rdflib import BNode, Graph, Literal, Namespace, URIRef
from rdflib.namespace import DCAT, DCTERMS, FOAF, RDF, RDFS, XSD

from core import clock
from core.models import County

#: DCAT 3 (rdflib's DCAT namespace is DCAT 2, which has no dcat:version).
DCAT_VERSION = URIRef("http://www.w3.org/ns/dcat#version")
VCARD = Namespace("http://www.w3.org/2006/vcard/ns#")
EU = "http://publications.europa.eu/resource/authority/"
CC0 = URIRef("http://creativecommons.org/publicdomain/zero/1.0/")
PUBLIC = URIRef(EU + "access-right/PUBLIC")
SWEDISH = URIRef(EU + "language/SWE")
ENGLISH = URIRef(EU + "language/ENG")
THEME_SOCIETY = URIRef(EU + "data-theme/SOCI")
THEME_GOVERNMENT = URIRef(EU + "data-theme/GOVE")
MONTHLY = URIRef(EU + "frequency/MONTHLY")
IRREGULAR = URIRef(EU + "frequency/IRREG")
REGIONAL_AUTHORITY = URIRef("http://purl.org/adms/publishertype/RegionalAuthority")
SWEDEN = URIRef("http://sws.geonames.org/2661886")
#: NUTS 3 regions of the Swedish counties, by SCB county code (Eurostat NUTS 2021).
NUTS = {
    "01": "SE110",
    "03": "SE121",
    "04": "SE122",
    "05": "SE123",
    "06": "SE211",
    "07": "SE212",
    "08": "SE213",
    "09": "SE214",
    "10": "SE221",
    "12": "SE224",
    "13": "SE231",
    "14": "SE232",
    "17": "SE311",
    "18": "SE124",
    "19": "SE125",
    "20": "SE312",
    "21": "SE313",
    "22": "SE321",
    "23": "SE322",
    "24": "SE331",
    "25": "SE332",
}
#: (slug, EU file type, IANA media type, URL name of the view that serves it)
FORMATS = [
    ("html", "HTML", "text/html", "overview:opendata_year"),
    ("csv", "CSV", "text/csv", "overview:opendata_csv"),
    ("json", "JSON", "application/json", "overview:opendata_json"),
]


@dataclass(frozen=True)
class CatalogueEntry:
    """One published table: a year of the data set, in the version now published."""

    year: int
    version: str
    issued: datetime.date
    modified: datetime.date


def publisher_iri(base: str) -> URIRef:
    number = settings.OPEN_DATA_ORG_NUMBER
    if number:
        return URIRef(f"http://dataportal.se/organisation/SE{number}")
    # Without an organisation number there is no national identifier to point at; the
    # deploy check (overview.checks) says so, and so does the catalogue (rdfs:comment).
    return URIRef(f"{base}{reverse('overview:opendata_catalogue')}#publisher")


def _in(language: str, message: str, **values) -> str:
    with translation.override(language):
        return gettext(message) % values


def _spatial(graph: Graph, county: County | None) -> URIRef:
    if county is None or county.code not in NUTS:
        graph.add((SWEDEN, RDFS.label, Literal("Sverige", lang="sv")))
        return SWEDEN
    place = URIRef(f"http://data.europa.eu/nuts/code/{NUTS[county.code]}")
    graph.add((place, RDF.type, DCTERMS.Location))
    graph.add((place, RDFS.label, Literal(county.name, lang="sv")))
    return place


def catalogue(
    *,
    base: str,
    county: County | None,
    entries: list[CatalogueEntry],
    suppression_note: tuple[str, str],
    query: str = "",
) -> Graph:
    """The catalogue graph; ``base`` is the portal's absolute address without a slash."""
    graph = Graph()
    graph.bind("dcat", DCAT)
    graph.bind("dcterms", DCTERMS)
    graph.bind("foaf", FOAF)
    graph.bind("vcard", VCARD)
    # The catalogue's own address is the one asked for (?lan=, ?ar=); datasets take ?lan=.
    catalogue_iri = URIRef(
        f"{base}{reverse('overview:opendata_catalogue')}{'?' + query if query else ''}"
    )
    publisher = publisher_iri(base)
    contact = URIRef(f"{base}{reverse('overview:opendata')}#kontakt")
    where_sv = county.name if county else "Sverige"
    where_en = county.name if county else "Sweden"

    graph.add((catalogue_iri, RDF.type, DCAT.Catalog))
    for language, place in (("sv", where_sv), ("en", where_en)):
        title = _in(
            language, gettext_noop("Integrationsportalens öppna data: %(where)s"), where=place
        )
        graph.add((catalogue_iri, DCTERMS.title, Literal(title, lang=language)))
        description = _in(
            language,
            gettext_noop(
                "Kommunernas mål för mottagandet av nyanlända och hur många de har tagit emot "
                "enligt godkända rapporter, per år, kommun och kategori (%(where)s)."
            ),
            where=place,
        )
        graph.add((catalogue_iri, DCTERMS.description, Literal(description, lang=language)))
    graph.add((catalogue_iri, DCTERMS.publisher, publisher))
    graph.add((catalogue_iri, DCTERMS.license, CC0))
    graph.add((catalogue_iri, DCTERMS.language, SWEDISH))
    graph.add((catalogue_iri, DCTERMS.language, ENGLISH))
    graph.add((catalogue_iri, FOAF.homepage, URIRef(f"{base}{reverse('overview:opendata')}")))
    graph.add((catalogue_iri, DCTERMS.spatial, _spatial(graph, county)))
    graph.add((catalogue_iri, DCAT.themeTaxonomy, URIRef(EU + "data-theme")))
    if entries:
        issued = min(entry.issued for entry in entries)
        modified = max(entry.modified for entry in entries)
    else:
        issued = modified = clock.today()
    graph.add((catalogue_iri, DCTERMS.issued, Literal(issued, datatype=XSD.date)))
    graph.add((catalogue_iri, DCTERMS.modified, Literal(modified, datatype=XSD.date)))

    graph.add((publisher, RDF.type, FOAF.Agent))
    graph.add((publisher, FOAF.name, Literal(settings.OPEN_DATA_PUBLISHER, lang="sv")))
    graph.add((publisher, DCTERMS.type, REGIONAL_AUTHORITY))
    if settings.OPEN_DATA_ORG_NUMBER:
        graph.add((publisher, DCTERMS.identifier, Literal(settings.OPEN_DATA_ORG_NUMBER)))
    else:
        graph.add(
            (
                publisher,
                RDFS.comment,
                Literal(
                    "Organisationsnummer saknas (OPEN_DATA_ORG_NUMBER): "
                    "dataportal.se kan inte knyta katalogen till organisationen.",
                    lang="sv",
                ),
            )
        )

    graph.add((contact, RDF.type, VCARD.Organization))
    graph.add((contact, VCARD.fn, Literal(settings.OPEN_DATA_PUBLISHER)))
    graph.add((contact, VCARD.hasEmail, URIRef(f"mailto:{settings.OPEN_DATA_CONTACT_EMAIL}")))

    for entry in entries:
        _dataset(
            graph,
            base=base,
            catalogue_iri=catalogue_iri,
            publisher=publisher,
            contact=contact,
            county=county,
            entry=entry,
            where=(where_sv, where_en),
            suppression_note=suppression_note,
        )
    return graph


def _dataset(
    graph: Graph,
    *,
    base: str,
    catalogue_iri: URIRef,
    publisher: URIRef,
    contact: URIRef,
    county: County | None,
    entry: CatalogueEntry,
    where: tuple[str, str],
    suppression_note: tuple[str, str],
) -> None:
    query = f"?lan={county.code}" if county else ""
    page = f"{base}{reverse('overview:opendata_year', kwargs={'year': entry.year})}{query}"
    dataset = URIRef(f"{page}#dataset")
    graph.add((catalogue_iri, DCAT.dataset, dataset))
    graph.add((dataset, RDF.type, DCAT.Dataset))
    for language, place in zip(("sv", "en"), where, strict=True):
        graph.add(
            (
                dataset,
                DCTERMS.title,
                Literal(
                    _in(
                        language,
                        gettext_noop(
                            "Mottagande av nyanlända %(year)s: mål och godkända siffror, %(where)s"
                        ),
                        year=entry.year,
                        where=place,
                    ),
                    lang=language,
                ),
            )
        )
        description = _in(
            language,
            gettext_noop(
                "Per kommun och kategori: målet enligt undertecknad överenskommelse eller "
                "kommuntal och antalet mottagna enligt rapporter som Länsstyrelsen har "
                "godkänt, för %(year)s."
            ),
            year=entry.year,
        )
        note = suppression_note[0] if language == "sv" else suppression_note[1]
        graph.add((dataset, DCTERMS.description, Literal(f"{description} {note}", lang=language)))
    graph.add((dataset, DCTERMS.publisher, publisher))
    graph.add((dataset, DCAT.contactPoint, contact))
    for language, words in (
        ("sv", ("nyanlända", "mottagande", "bosättningslagen", "kommuntal", "integration")),
        ("en", ("newly arrived", "reception", "settlement", "municipal quota", "integration")),
    ):
        for word in words:
            graph.add((dataset, DCAT.keyword, Literal(word, lang=language)))
    graph.add((dataset, DCAT.theme, THEME_SOCIETY))
    graph.add((dataset, DCAT.theme, THEME_GOVERNMENT))
    graph.add((dataset, DCTERMS.spatial, _spatial(graph, county)))
    period = BNode()
    graph.add((dataset, DCTERMS.temporal, period))
    graph.add((period, RDF.type, DCTERMS.PeriodOfTime))
    graph.add((period, DCAT.startDate, Literal(datetime.date(entry.year, 1, 1), datatype=XSD.date)))
    graph.add((period, DCAT.endDate, Literal(datetime.date(entry.year, 12, 31), datatype=XSD.date)))
    graph.add((dataset, DCTERMS.accessRights, PUBLIC))
    # The current year grows with every month's approved reports; a past year changes
    # only when a late report is approved.
    current = entry.year >= clock.today().year
    graph.add((dataset, DCTERMS.accrualPeriodicity, MONTHLY if current else IRREGULAR))
    graph.add((dataset, DCAT_VERSION, Literal(entry.version)))
    graph.add((dataset, DCTERMS.issued, Literal(entry.issued, datatype=XSD.date)))
    graph.add((dataset, DCTERMS.modified, Literal(entry.modified, datatype=XSD.date)))
    graph.add((dataset, DCTERMS.language, SWEDISH))
    graph.add((dataset, DCAT.landingPage, URIRef(page)))
    for slug, file_type, media_type, url_name in FORMATS:
        url = URIRef(f"{base}{reverse(url_name, kwargs={'year': entry.year})}{query}")
        distribution = URIRef(f"{page}#distribution-{slug}")
        graph.add((dataset, DCAT.distribution, distribution))
        graph.add((distribution, RDF.type, DCAT.Distribution))
        graph.add((distribution, DCAT.accessURL, url))
        if slug != "html":
            graph.add((distribution, DCAT.downloadURL, url))
        graph.add((distribution, DCTERMS.format, URIRef(f"{EU}file-type/{file_type}")))
        graph.add(
            (
                distribution,
                DCAT.mediaType,
                URIRef(f"https://www.iana.org/assignments/media-types/{media_type}"),
            )
        )
        graph.add((distribution, DCTERMS.license, CC0))
        graph.add((distribution, DCTERMS.title, Literal(f"{file_type} {entry.year}", lang="sv")))
