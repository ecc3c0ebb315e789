"""Dataset versions: a published table changes only with a new version and its changelog."""

from __future__ import annotations

import csv
import io

import pytest
from django.core.cache import cache
from django.core.management import CommandError, call_command
from django.urls import reverse
from rdflib import Graph, URIRef

from overview.dcat import DCAT_VERSION
from overview.models import OpenDataVersion
from overview.services import checksum, opendata_publish
from tests.factories.reporting import YEAR, approved, make_agreement, period_of

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _clear():
    cache.clear()


@pytest.fixture
def first(county, municipality_a, reporter_a, staff):
    make_agreement(municipality_a, YEAR, {"anvisade": 40})
    approved(municipality_a, period_of(county, YEAR, 1), reporter_a, staff, anvisade=10)
    return opendata_publish(year=YEAR, reason="Första versionen.", user=staff)


def mottagna(client, url: str) -> str:
    body = client.get(url).content.decode()
    rows = list(csv.DictReader(io.StringIO(body)))
    return next(r for r in rows if r["kommun_kod"] == "0181" and r["kategori_kod"] == "anvisade")[
        "mottagna"
    ]


def test_first_version_freezes_the_rows_with_a_checksum(first):
    assert first.number == 1
    assert first.checksum == checksum(first.rows) and len(first.checksum) == 64
    assert first.changes == []
    assert first.published_by is not None


def test_no_change_makes_no_new_version(first):
    assert opendata_publish(year=YEAR, reason="Daglig körning.") is None
    assert OpenDataVersion.objects.filter(year=YEAR).count() == 1


def test_a_late_approved_report_changes_the_table_only_with_a_new_version(
    client, first, county, municipality_a, reporter_a, staff
):
    approved(municipality_a, period_of(county, YEAR, 2), reporter_a, staff, anvisade=7)
    latest = reverse("overview:opendata_csv", kwargs={"year": YEAR})
    assert mottagna(client, latest) == "10"  # still version 1

    second = opendata_publish(year=YEAR, reason="Sent godkänd rapport för februari.")
    assert second.number == 2
    assert {"kommun_kod": "0181", "kategori_kod": "anvisade", "kolumn": "mottagna",
            "fore": 10, "efter": 17} in second.changes  # fmt: skip
    assert mottagna(client, latest) == "17"
    old = reverse("overview:opendata_version_csv", kwargs={"year": YEAR, "number": 1})
    assert mottagna(client, old) == "10"
    response = client.get(old)
    assert f"mottagande-{YEAR}-v1.csv" in response["Content-Disposition"]

    page = client.get(reverse("overview:opendata_versions", kwargs={"year": YEAR}))
    body = page.content.decode()
    assert "Sent godkänd rapport för februari." in body
    assert "Version 2" in body and "Version 1" in body
    assert "<code>mottagna</code>" in body

    graph = Graph()
    graph.parse(data=client.get(reverse("overview:opendata_catalogue")).content, format="xml")
    dataset = next(s for s in graph.subjects(DCAT_VERSION, None) if f"/{YEAR}/" in str(s))
    assert str(graph.value(URIRef(dataset), DCAT_VERSION)) == "2"


def test_unknown_version_or_unpublished_year_is_404(client, first):
    url = reverse("overview:opendata_version_json", kwargs={"year": YEAR, "number": 9})
    assert client.get(url).status_code == 404
    assert (
        client.get(reverse("overview:opendata_versions", kwargs={"year": 2001})).status_code == 404
    )
    assert client.get(reverse("overview:opendata_year", kwargs={"year": 2001})).status_code == 404


def test_json_names_its_version(client, first):
    payload = client.get(reverse("overview:opendata_json", kwargs={"year": YEAR})).json()
    assert payload["version"] == 1


def test_a_version_needs_a_reason(first):
    with pytest.raises(ValueError):
        opendata_publish(year=YEAR, reason="  ")


def test_command_publishes_changed_years_only(first, county, municipality_a, reporter_a, staff):
    out = io.StringIO()
    call_command("publish_opendata", stdout=out)
    assert f"{YEAR}: unchanged" in out.getvalue()
    approved(municipality_a, period_of(county, YEAR, 2), reporter_a, staff, anvisade=1)
    out = io.StringIO()
    call_command("publish_opendata", "--reason", "Februari godkänd.", stdout=out)
    assert f"{YEAR}: version 2 published" in out.getvalue()
    assert OpenDataVersion.objects.get(year=YEAR, number=2).reason == "Februari godkänd."
    with pytest.raises(CommandError):
        call_command("publish_opendata", "--year", "1999")


def test_open_data_pages_stay_cached_through_reports_and_follow_a_new_version(
    client, first, county, municipality_a, reporter_a, staff
):
    """They show published versions only (scope ``g``): a report approved in the county
    leaves them cached — the figures they show have not changed — and the next version
    shows at once, whatever wrote it."""
    pages = [
        reverse("overview:opendata"),
        reverse("overview:opendata_csv", kwargs={"year": YEAR}),
        reverse("overview:opendata_csv", kwargs={"year": YEAR}) + f"?lan={county.code}",
        reverse("overview:opendata_json", kwargs={"year": YEAR}),
        reverse("overview:opendata_year", kwargs={"year": YEAR}),
        reverse("overview:opendata_versions", kwargs={"year": YEAR}),
        reverse("overview:opendata_catalogue"),
    ]
    for url in pages:
        assert client.get(url)["X-Portal-Cache"] == "miss", url
    approved(municipality_a, period_of(county, YEAR, 2), reporter_a, staff, anvisade=7)
    for url in pages:
        assert client.get(url)["X-Portal-Cache"] == "hit", url
    assert mottagna(client, pages[1]) == "10"

    opendata_publish(year=YEAR, reason="Sent godkänd rapport för februari.")
    for url in pages:
        assert client.get(url)["X-Portal-Cache"] == "miss", url
    assert mottagna(client, pages[1]) == "17"
    assert mottagna(client, pages[2]) == "17"

    # Written by hand, not through the service: still never stale.
    OpenDataVersion.objects.filter(year=YEAR, number=2).delete()
    assert mottagna(client, pages[1]) == "10"
