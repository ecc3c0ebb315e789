"""The agreements list's rows come from `{% agreement_rows %}` (agreements_tables), not
from a template loop with an include per row and per cell (bench/README.md, "Round 4").
The page must be the same bytes as with the loop: the old template is kept in
`templates_before/` and rendered beside the new one (filters, sorting, pages, statuses,
a missing figure, a case number and a name that need escaping, thousands, English)."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.urls import reverse

from agreements.models import Agreement
from core.models import Municipality
from tests.before import same_as_before

pytestmark = pytest.mark.django_db

BEFORE = Path(__file__).parent / "templates_before"
URL = reverse("agreements:list")


def _same_as_before(client, url: str) -> str:
    return same_as_before(
        client,
        url,
        before=BEFORE,
        template="agreements/list.html",
        loop="{% for agreement, figures in rows %}",
    )


@pytest.fixture
def listed_agreements(make_agreement, municipality_a, municipality_b, staff):
    odd = make_agreement(
        municipality_a, year=2025, places={"anvisade": 1234}, case_number='<LST & "2025">'
    )
    make_agreement(municipality_a, year=2026)
    make_agreement(municipality_b, year=2026, places={"kvotflyktingar": 0})
    Agreement.objects.filter(pk=odd.pk).update(status=Agreement.Status.SIGNED)
    Municipality.objects.filter(pk=municipality_b.pk).update(name="Å<&>'kommun")
    return odd


@pytest.mark.parametrize(
    "query", ["", "sort=kommun", "sort=-kommuntal", "sort=status", "ar=2026", "sida=2", "ar=1"]
)
def test_agreement_rows_are_the_markup_of_the_template_loop(staff_client, listed_agreements, query):
    _same_as_before(staff_client, f"{URL}?{query}")


def test_the_comparison_sees_every_kind_of_cell(staff_client, listed_agreements):
    page = _same_as_before(staff_client, URL)
    assert "&lt;LST &amp; &quot;2025&quot;&gt;" in page
    assert "Å&lt;&amp;&gt;&#x27;kommun" in page
    assert "1\u00a0234" in page and "–" in page
    assert f'href="{reverse("agreements:detail", kwargs={"pk": listed_agreements.pk})}"' in page


def test_agreement_rows_in_english(staff_client, listed_agreements):
    staff_client.get("/sprak/en/", {"next": "/"})
    page = _same_as_before(staff_client, URL)
    assert 'lang="en"' in page and "1,234" in page
