"""The county overview's Migrationsverket columns: the latest publication beside the
municipalities' own reports, the "differences only" filter, and a flat query count
(issue 18)."""

from __future__ import annotations

import datetime

import pytest
from django.core.cache import cache
from django.urls import reverse

from core.models import Municipality
from reception.models import OfficialFigure, OfficialPublication
from tests.factories.accounts import client_for

from .test_queries import add_agreements, add_reports, count

pytestmark = pytest.mark.django_db
URL = reverse("overview:county", kwargs={"year": 2025})


def publish(county, figures: dict, *, month: int = 3, published: str = "2025-04-10"):
    publication = OfficialPublication.objects.create(
        county=county,
        year=2025,
        through_month=month,
        published_on=datetime.date.fromisoformat(published),
    )
    OfficialFigure.objects.bulk_create(
        OfficialFigure(
            publication=publication,
            municipality=m,
            received=None if value == ".." else value,
            received_masked=value == "..",
        )
        for m, value in figures.items()
    )
    return publication


def test_overview_shows_the_official_figure_beside_the_own_and_filters_differences(
    staff, county, municipality_a
):
    others = list(Municipality.objects.in_county(county).exclude(pk=municipality_a.pk))
    add_agreements([municipality_a, *others])
    # Months 1 (submitted) and 3 (approved) are handed in, 2 is returned: 2 + 2 = 4 by March.
    add_reports([municipality_a, *others], (1, 2, 3))
    publish(county, {m: 7 for m in others[:3]} | {municipality_a: 4}, month=1)  # older
    publish(county, {municipality_a: 4, others[0]: 9, others[1]: ".."} | {others[2]: 4})
    client = client_for(staff)

    page = client.get(URL)
    lines = {line.municipality.code: line for line in page.context["official_lines"]}
    assert len(lines) == 26 and page.context["official"].publication.through_month == 3
    a = lines[municipality_a.code]
    assert (a.received.official, a.received.own, a.differs) == (4, 4, False)
    assert (lines[others[0].code].received.official, lines[others[0].code].differs) == (9, True)
    assert lines[others[1].code].received.official_text == "färre än 6 (maskerat)"
    assert not lines[others[1].code].differs  # masked, and the own 4 is fewer than 6
    assert not lines[others[3].code].differs  # no official figure: nothing to compare
    text = page.content.decode()
    assert "Visa bara skillnader" in text and "till och med mars" in text

    cache.clear()
    only = client.get(URL + "?kategori=anvisade&skillnader=1")
    assert [line.municipality for line in only.context["official_lines"]] == [others[0]]
    body = only.content.decode()
    assert "Visar 1 av 26 kommuner: bara de med skillnader." in body
    assert 'href="?kategori=anvisade#migrationsverket"' in body


def test_overview_without_a_publication_links_to_the_import(staff, county):
    page = client_for(staff).get(URL + "?skillnader=1")
    assert page.context["official"].publication is None
    assert reverse("reception:official_import") in page.content.decode()


def test_official_columns_cost_the_same_queries_for_1_and_26_municipalities(
    staff, county, municipality_a
):
    client = client_for(staff)
    others = list(Municipality.objects.in_county(county).exclude(pk=municipality_a.pk))
    add_agreements([municipality_a])
    add_reports([municipality_a], range(1, 4))
    publication = publish(county, {municipality_a: 5})
    one = count(client, URL + "?skillnader=1")
    add_agreements(others)
    add_reports(others, range(1, 4))
    OfficialFigure.objects.bulk_create(
        OfficialFigure(publication=publication, municipality=m, received=n)
        for n, m in enumerate(others)
    )
    assert count(client, URL + "?skillnader=1") == one


def test_municipality_page_shows_migrationsverkets_months_beside_its_own_reports(
    staff, county, municipality_a
):
    add_agreements([municipality_a])
    add_reports([municipality_a], (1, 2, 3))  # handed in: January and March, 2 each
    publish(county, {municipality_a: 1}, month=1, published="2025-02-12")
    publish(county, {municipality_a: 6}, month=3, published="2025-04-10")
    page = client_for(staff).get(
        reverse("overview:municipality", kwargs={"code": municipality_a.code}) + "?ar=2025"
    )
    series = page.context["official_series"]
    assert [(m.month, m.official_to_date, m.official_month) for m in series] == [
        (1, 1, 1),
        (2, None, None),  # no publication ran through February
        (3, 6, None),
    ]
    assert [(m.own_month, m.own_to_date) for m in series] == [(2, 2), (0, 2), (2, 4)]
    assert [m.differs for m in series] == [True, False, True]
    text = page.content.decode()
    assert (
        "Mottagna efter anvisning 2025: Migrationsverket och kommunens rapporter per månad" in text
    )


def test_municipality_page_without_a_publication_has_no_official_table(
    staff, county, municipality_a
):
    page = client_for(staff).get(
        reverse("overview:municipality", kwargs={"code": municipality_a.code}) + "?ar=2025"
    )
    assert page.context["official_series"] == []
    assert 'id="migrationsverket"' not in page.content.decode()
