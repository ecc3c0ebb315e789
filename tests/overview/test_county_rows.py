"""The county overview's "Kommunerna" and "Rapportering per kommun" rows come from
`{% county_rows %}` and `{% timeliness_rows %}` (overview_tags), not from template loops
(bench/README.md, "Round 4"). The page must be the same bytes as with the loops: the old
template is kept in `templates_before/` and rendered beside the new one, in the states
staff meet (filters, sorting, an empty result, overdue rows, a name that needs escaping,
another category, the administrator's `?lan=`, English)."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.urls import reverse

from core.models import Municipality
from tests.before import same_as_before
from tests.factories.accounts import client_for

from .world import small_world  # noqa: F401  (the "small" fixture)

pytestmark = pytest.mark.django_db

BEFORE = Path(__file__).parent / "templates_before"

URL = reverse("overview:county", kwargs={"year": 2025})


def _same_as_before(client, url: str) -> str:
    return same_as_before(
        client, url, before=BEFORE, template="overview/county.html", loop="{% for row in rows %}"
    )


@pytest.mark.parametrize(
    "query",
    [
        "",
        "sort=-mottagna",
        "sort=kvar",
        "sort=lage",
        "status=submitted",
        "status=approved",
        "lage=behind",
        "status=nonsense&sort=;drop",
        "kategori=ensamkommande",
        "kategori=nonsense",
    ],
)
def test_county_rows_are_the_markup_of_the_template_loops(staff, small, query):
    page = _same_as_before(client_for(staff), f"{URL}?{query}")
    assert "<tbody>" in page


def test_the_comparison_sees_every_kind_of_row(staff, small, municipality_c):
    Municipality.objects.filter(pk=municipality_c.pk).update(name="Ö<&\"'stad")
    page = _same_as_before(client_for(staff), URL)
    assert 'class="is-overdue"' in page
    assert "Ö&lt;&amp;&quot;&#x27;stad" in page
    assert "capacity-status--" in page and "report-status--" in page
    assert f'href="{reverse("overview:municipality", kwargs={"code": "0181"})}?ar=2025' in page


def test_an_empty_filter_result_is_the_same(staff, small):
    page = _same_as_before(client_for(staff), f"{URL}?status=returned&lage=ahead")
    assert "Inga kommuner matchar filtret." in page


def test_county_rows_for_the_administrator_and_in_english(admin, small):
    client = client_for(admin)
    _same_as_before(client, f"{URL}?lan=01")
    client.get("/sprak/en/", {"next": "/"})
    page = _same_as_before(client, f"{URL}?lan=01&sort=-kommun")
    assert 'lang="en"' in page
