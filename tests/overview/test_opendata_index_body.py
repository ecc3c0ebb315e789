"""The open-data index's content is rendered once per process for each set of published
years, language and settings (`overview.views.opendata._index_body`; bench/README.md,
"Round 4"). It must be the bytes the old page's content block rendered with the old
view's context on every request (the old template is kept in `templates_before/`), and
the page must follow a newly published year at once."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.conf import settings
from django.core.cache import cache
from django.template import engines
from django.test import override_settings
from django.urls import reverse
from django.utils import translation

from overview import opendata, suppression
from overview.services import opendata_publish
from overview.views.opendata import _index_body
from tests.factories.reporting import approved, make_agreement, period_of

pytestmark = pytest.mark.django_db

OLD = Path(__file__).parent / "templates_before" / "overview" / "opendata_index.html"
URL = reverse("overview:opendata")


@pytest.fixture(autouse=True)
def _empty_cache():
    cache.clear()


def _publish(county, municipality, reporter, staff, year: int) -> None:
    make_agreement(municipality, year, {"anvisade": 40})
    approved(municipality, period_of(county, year, 1), reporter, staff, anvisade=10)
    opendata_publish(year=year, reason="Första versionen.")


def _old_content(years) -> str:
    """The old template's content block with the context the old view gave it."""
    source = OLD.read_text()
    block = source[source.index("{% block content %}") + len("{% block content %}") :]
    block = block[: block.rindex("{% endblock %}")]
    assert "{% for year in years %}" in block
    return (
        engines["django"]
        .from_string("{% load i18n %}" + block)
        .render(
            {
                "years": years,
                "columns": opendata.COLUMNS,
                "contact_email": settings.OPEN_DATA_CONTACT_EMAIL,
                "suppression_rule": suppression.rule_text(settings.OPEN_DATA_SMALLEST_SHOWN),
            }
        )
    )


def _new_content(years) -> str:
    return _index_body(
        translation.get_language(),
        tuple(years),
        settings.OPEN_DATA_CONTACT_EMAIL,
        settings.OPEN_DATA_SMALLEST_SHOWN,
    )


@pytest.mark.parametrize("language", ["sv", "en"])
def test_the_content_is_the_old_templates(language, county, municipality_a, reporter_a, staff):
    with translation.override(language):
        assert _new_content([]) == _old_content([])
        _publish(county, municipality_a, reporter_a, staff, 2025)
        _publish(county, municipality_a, reporter_a, staff, 2024)
        years = opendata.available_years()
        assert years == [2025, 2024]
        new = _new_content(years)
        assert new == _old_content(years)
        assert "/oppna-data/2024.csv" in new and "maluppfyllelse_procent" in new


def test_the_page_shows_the_content(client, county, municipality_a, reporter_a, staff):
    _publish(county, municipality_a, reporter_a, staff, 2025)
    page = client.get(URL).content.decode()
    assert _new_content([2025]) in page
    assert page.count('<link rel="alternate" type="application/rdf+xml"') == 1


def test_a_newly_published_year_shows_at_once(client, county, municipality_a, reporter_a, staff):
    _publish(county, municipality_a, reporter_a, staff, 2025)
    assert "/oppna-data/2024.csv" not in client.get(URL).content.decode()
    _publish(county, municipality_a, reporter_a, staff, 2024)
    page = client.get(URL).content.decode()  # no cache.clear(): the page cache must follow
    assert "/oppna-data/2024.csv" in page and "/oppna-data/2025.csv" in page


@override_settings(OPEN_DATA_CONTACT_EMAIL="oppnadata@lan.example")
def test_the_contact_address_follows_the_setting(client):
    assert "mailto:oppnadata@lan.example" in client.get(URL).content.decode()
