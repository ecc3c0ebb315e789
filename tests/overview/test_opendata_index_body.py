"""The open-data index's content is rendered once per process for each set of published
years, language and settings (`overview.views.opendata._index_body`; bench/README.md,
"Round 4"). The page must be the same bytes as the old template rendered on every request
(kept in `templates_before/`), and it must follow a newly published year at once."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.core.cache import cache
from django.test import override_settings
from django.urls import reverse

from overview.services import opendata_publish
from tests.before import same_as_before
from tests.factories.reporting import approved, make_agreement, period_of

pytestmark = pytest.mark.django_db

BEFORE = Path(__file__).parent / "templates_before"
URL = reverse("overview:opendata")


def _same_as_before(client) -> str:
    return same_as_before(
        client,
        URL,
        before=BEFORE,
        template="overview/opendata_index.html",
        loop="{% for year in years %}",
    )


@pytest.fixture(autouse=True)
def _empty_cache():
    cache.clear()


def _publish(county, municipality, reporter, staff, year: int) -> None:
    make_agreement(municipality, year, {"anvisade": 40})
    approved(municipality, period_of(county, year, 1), reporter, staff, anvisade=10)
    opendata_publish(year=year, reason="Första versionen.")


def test_the_index_is_the_markup_of_the_old_template(
    client, county, municipality_a, reporter_a, staff
):
    page = _same_as_before(client)
    assert "Det finns inga uppgifter ännu." in page
    _publish(county, municipality_a, reporter_a, staff, 2025)
    cache.clear()
    page = _same_as_before(client)
    assert "/oppna-data/2025.csv" in page
    client.get("/sprak/en/", {"next": "/"})
    page = _same_as_before(client)
    assert 'lang="en"' in page and "CSV for 2025" in page


def test_a_newly_published_year_shows_at_once(client, county, municipality_a, reporter_a, staff):
    _publish(county, municipality_a, reporter_a, staff, 2025)
    assert "/oppna-data/2024.csv" not in client.get(URL).content.decode()
    _publish(county, municipality_a, reporter_a, staff, 2024)
    page = client.get(URL).content.decode()  # no cache.clear(): the page cache must follow
    assert "/oppna-data/2024.csv" in page and "/oppna-data/2025.csv" in page


@override_settings(OPEN_DATA_CONTACT_EMAIL="oppnadata@lan.example")
def test_the_contact_address_follows_the_setting(client):
    assert "mailto:oppnadata@lan.example" in client.get(URL).content.decode()
