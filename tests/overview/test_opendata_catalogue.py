"""The DCAT-AP-SE catalogue: parsed with rdflib, every mandatory property checked."""

from __future__ import annotations

import pytest
from django.core.cache import cache
from django.core.checks import run_checks
from django.urls import reverse
from rdflib import BNode, Graph, Literal, URIRef
from rdflib.namespace import DCAT, DCTERMS, FOAF, RDF, XSD

from overview.dcat import DCAT_VERSION, VCARD
from overview.services import opendata_publish
from tests.factories.reporting import YEAR, approved, make_agreement, period_of

pytestmark = pytest.mark.django_db

BASE = "https://integration.lansstyrelsen.example"
CC0 = URIRef("http://creativecommons.org/publicdomain/zero/1.0/")
EU = "http://publications.europa.eu/resource/authority/"


@pytest.fixture(autouse=True)
def _settings(settings):
    cache.clear()
    settings.PORTAL_BASE_URL = BASE
    settings.OPEN_DATA_ORG_NUMBER = "2021002866"
    settings.OPEN_DATA_PUBLISHER = "Länsstyrelsen i Stockholms län"
    settings.OPEN_DATA_CONTACT_EMAIL = "oppnadata@lansstyrelsen.example"


@pytest.fixture
def published(county, municipality_a, reporter_a, staff):
    make_agreement(municipality_a, YEAR, {"anvisade": 40})
    approved(municipality_a, period_of(county, YEAR, 1), reporter_a, staff, anvisade=10)
    make_agreement(municipality_a, YEAR - 1, {"anvisade": 30})
    for year in (YEAR - 1, YEAR):
        opendata_publish(year=year, reason="Första versionen.")


def harvest(client, query: str = "") -> Graph:
    response = client.get(reverse("overview:opendata_catalogue") + query)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/rdf+xml; charset=utf-8"
    graph = Graph()
    graph.parse(data=response.content, format="xml")
    return graph


def one(graph: Graph, subject, predicate):
    values = list(graph.objects(subject, predicate))
    assert len(values) == 1, (subject, predicate, values)
    return values[0]


def languages(graph: Graph, subject, predicate) -> set[str]:
    return {value.language for value in graph.objects(subject, predicate)}


def test_catalogue_has_every_mandatory_property(client, published):
    graph = harvest(client)
    (catalogue,) = graph.subjects(RDF.type, DCAT.Catalog)
    assert catalogue == URIRef(f"{BASE}/oppna-data/katalog.rdf")
    assert languages(graph, catalogue, DCTERMS.title) == {"sv", "en"}
    assert languages(graph, catalogue, DCTERMS.description) == {"sv", "en"}
    assert one(graph, catalogue, DCTERMS.license) == CC0
    assert URIRef(EU + "language/SWE") in set(graph.objects(catalogue, DCTERMS.language))
    assert one(graph, catalogue, DCTERMS.issued).datatype == XSD.date
    assert one(graph, catalogue, DCTERMS.modified).datatype == XSD.date

    publisher = one(graph, catalogue, DCTERMS.publisher)
    assert publisher == URIRef("http://dataportal.se/organisation/SE2021002866")
    assert (publisher, RDF.type, FOAF.Agent) in graph
    assert str(one(graph, publisher, FOAF.name)) == "Länsstyrelsen i Stockholms län"
    assert isinstance(one(graph, publisher, DCTERMS.type), URIRef)
    assert one(graph, publisher, DCTERMS.identifier) == Literal("2021002866")


def test_one_dataset_per_published_year_with_its_properties(client, published):
    graph = harvest(client)
    (catalogue,) = graph.subjects(RDF.type, DCAT.Catalog)
    datasets = set(graph.objects(catalogue, DCAT.dataset))
    assert datasets == {
        URIRef(f"{BASE}/oppna-data/{YEAR}/#dataset"),
        URIRef(f"{BASE}/oppna-data/{YEAR - 1}/#dataset"),
    }
    dataset = URIRef(f"{BASE}/oppna-data/{YEAR}/#dataset")
    assert (dataset, RDF.type, DCAT.Dataset) in graph
    assert languages(graph, dataset, DCTERMS.title) == {"sv", "en"}
    assert str(YEAR) in str(next(graph.objects(dataset, DCTERMS.title)))
    assert languages(graph, dataset, DCTERMS.description) == {"sv", "en"}
    assert one(graph, dataset, DCTERMS.publisher) == one(graph, catalogue, DCTERMS.publisher)
    contact = one(graph, dataset, DCAT.contactPoint)
    assert isinstance(contact, URIRef)
    assert (contact, RDF.type, VCARD.Organization) in graph
    assert str(one(graph, contact, VCARD.fn)) == "Länsstyrelsen i Stockholms län"
    assert one(graph, contact, VCARD.hasEmail) == URIRef("mailto:oppnadata@lansstyrelsen.example")
    assert languages(graph, dataset, DCAT.keyword) == {"sv", "en"}
    assert URIRef(EU + "data-theme/SOCI") in set(graph.objects(dataset, DCAT.theme))
    assert isinstance(one(graph, dataset, DCTERMS.spatial), URIRef)
    period = one(graph, dataset, DCTERMS.temporal)
    assert str(one(graph, period, DCAT.startDate)) == f"{YEAR}-01-01"
    assert str(one(graph, period, DCAT.endDate)) == f"{YEAR}-12-31"
    assert one(graph, dataset, DCTERMS.accessRights) == URIRef(EU + "access-right/PUBLIC")
    assert str(one(graph, dataset, DCTERMS.accrualPeriodicity)).startswith(EU + "frequency/")
    assert str(one(graph, dataset, DCAT_VERSION)) == "1"


def test_one_distribution_per_format_with_access_url_format_and_licence(client, published):
    graph = harvest(client)
    dataset = URIRef(f"{BASE}/oppna-data/{YEAR}/#dataset")
    distributions = set(graph.objects(dataset, DCAT.distribution))
    assert len(distributions) == 3
    formats = {}
    for distribution in distributions:
        assert (distribution, RDF.type, DCAT.Distribution) in graph
        assert one(graph, distribution, DCTERMS.license) == CC0
        formats[str(one(graph, distribution, DCTERMS.format))] = str(
            one(graph, distribution, DCAT.accessURL)
        )
    assert formats == {
        EU + "file-type/HTML": f"{BASE}/oppna-data/{YEAR}/",
        EU + "file-type/CSV": f"{BASE}/oppna-data/{YEAR}.csv",
        EU + "file-type/JSON": f"{BASE}/oppna-data/{YEAR}.json",
    }
    # Every address the catalogue gives answers.
    for url in formats.values():
        assert client.get(url.removeprefix(BASE)).status_code == 200


def test_no_blank_nodes_except_periods_of_time(client, published):
    graph = harvest(client)
    for subject in set(graph.subjects()):
        if isinstance(subject, BNode):
            assert (subject, RDF.type, DCTERMS.PeriodOfTime) in graph
        else:
            assert str(subject).startswith(("https://", "http://"))


def test_county_catalogue_lists_that_county_only(client, published):
    graph = harvest(client, "?lan=01")
    (catalogue,) = graph.subjects(RDF.type, DCAT.Catalog)
    assert str(catalogue).endswith("/oppna-data/katalog.rdf?lan=01")
    dataset = URIRef(f"{BASE}/oppna-data/{YEAR}/?lan=01#dataset")
    assert dataset in set(graph.objects(catalogue, DCAT.dataset))
    assert one(graph, dataset, DCTERMS.spatial) == URIRef("http://data.europa.eu/nuts/code/SE110")
    urls = {str(one(graph, d, DCAT.accessURL)) for d in graph.objects(dataset, DCAT.distribution)}
    assert f"{BASE}/oppna-data/{YEAR}.csv?lan=01" in urls


def test_one_years_catalogue_and_unknown_county_or_year_is_404(client, published):
    graph = harvest(client, f"?lan=01&ar={YEAR}")
    (catalogue,) = graph.subjects(RDF.type, DCAT.Catalog)
    assert str(catalogue) == f"{BASE}/oppna-data/katalog.rdf?lan=01&ar={YEAR}"
    assert set(graph.objects(catalogue, DCAT.dataset)) == {
        URIRef(f"{BASE}/oppna-data/{YEAR}/?lan=01#dataset")
    }
    url = reverse("overview:opendata_catalogue")
    assert client.get(url + "?lan=99").status_code == 404
    assert client.get(url + "?ar=1999").status_code == 404
    assert client.get(url + "?ar=tjugo").status_code == 404


def test_without_organisation_number_the_catalogue_and_the_deploy_check_say_so(
    client, published, settings
):
    settings.OPEN_DATA_ORG_NUMBER = ""
    graph = harvest(client)
    (catalogue,) = graph.subjects(RDF.type, DCAT.Catalog)
    publisher = one(graph, catalogue, DCTERMS.publisher)
    assert str(publisher).startswith(BASE)
    assert not list(graph.objects(publisher, DCTERMS.identifier))
    assert "Organisationsnummer saknas" in graph.serialize(format="turtle")
    assert "overview.W001" in {m.id for m in run_checks(include_deployment_checks=True)}
    settings.OPEN_DATA_ORG_NUMBER = "2021002866"
    assert "overview.W001" not in {m.id for m in run_checks(include_deployment_checks=True)}


def test_open_data_page_links_the_catalogue(client, published):
    body = client.get(reverse("overview:opendata")).content.decode()
    url = reverse("overview:opendata_catalogue")
    assert f'<link rel="alternate" type="application/rdf+xml" href="{url}"' in body
    assert f'<a href="{url}">' in body
