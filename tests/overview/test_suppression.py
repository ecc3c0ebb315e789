"""Small-number protection: hand-computed examples, then the same rule in HTML, CSV and JSON."""

from __future__ import annotations

import csv
import io
import json

import pytest
from django.core.cache import cache
from django.urls import reverse

from overview.services import opendata_publish
from overview.suppression import Breakdown, masked_cells
from tests.factories.reporting import YEAR, approved, make_agreement, period_of

SPLIT = Breakdown("total", ("women", "men", "children"))


def test_nothing_below_the_threshold_nothing_masked():
    cells = {"total": 30, "women": 10, "men": 12, "children": 8}
    assert masked_cells(cells, [SPLIT], smallest_shown=6) == set()


def test_one_small_part_forces_a_second_mask_the_smallest_other_positive_part():
    # 20 = 3 + 9 + 8: masking only the 3 gives it back as 20 - 9 - 8.
    cells = {"total": 20, "women": 3, "men": 9, "children": 8}
    assert masked_cells(cells, [SPLIT], smallest_shown=6) == {"women", "children"}


def test_two_small_parts_need_no_second_mask():
    # 12 = 2 + 4 + 6: women + men = 6 is known, but not how it splits.
    cells = {"total": 12, "women": 2, "men": 4, "children": 6}
    assert masked_cells(cells, [SPLIT], smallest_shown=6) == {"women", "men"}


def test_zeros_are_shown_unless_a_zero_is_the_only_second_mask_left():
    cells = {"total": 3, "women": 3, "men": 0, "children": 0}
    assert masked_cells(cells, [SPLIT], smallest_shown=6) == {"women", "men"}
    cells = {"total": 0, "women": 0, "men": 0, "children": 0}
    assert masked_cells(cells, [SPLIT], smallest_shown=6) == set()


def test_totals_stay_exact_even_when_small():
    cells = {"total": 4, "women": 2, "men": 2, "children": 0}
    assert "total" not in masked_cells(cells, [SPLIT], smallest_shown=6)


def test_unpublished_parts_do_not_count_and_a_lone_part_needs_no_second_mask():
    cells = {"total": 20, "women": 3, "men": None, "children": None}
    assert masked_cells(cells, [SPLIT], smallest_shown=6) == {"women"}


def test_the_threshold_is_a_parameter():
    cells = {"total": 20, "women": 3, "men": 9, "children": 8}
    assert masked_cells(cells, [SPLIT], smallest_shown=3) == set()
    assert masked_cells(cells, [SPLIT], smallest_shown=10) == {"women", "men", "children"}


def test_a_masked_part_masks_what_breaks_it_down_and_chains_through_breakdowns():
    # anvisade 30 of which kvot 4 (masked); kvot's own split 4 = 0 + 0 + 4 would add up to it.
    cells = {"anv": 30, "kvot": 4, "kw": 0, "km": 0, "kc": 4}
    breakdowns = [Breakdown("anv", ("kvot",)), Breakdown("kvot", ("kw", "km", "kc"))]
    assert masked_cells(cells, breakdowns, smallest_shown=6) == {"kvot", "kc"}
    # A secondary mask that is itself a total masks its own positive parts.
    cells = {"t": 40, "a": 2, "b": 8, "c": 30, "b1": 7, "b2": 1}
    breakdowns = [Breakdown("t", ("a", "b", "c")), Breakdown("b", ("b1", "b2"))]
    # a (2) primary; b (8) secondary in t; b masked → b1, b2 masked; b2 alone was primary.
    assert masked_cells(cells, breakdowns, smallest_shown=6) == {"a", "b", "b1", "b2"}


@pytest.mark.django_db
class TestPublishedOutputs:
    @pytest.fixture(autouse=True)
    def _figures(self, county, municipality_a, reporter_a, staff):
        cache.clear()
        make_agreement(municipality_a, YEAR, {"anvisade": 40, "kvotflyktingar": 10})
        approved(
            municipality_a,
            period_of(county, YEAR, 1),
            reporter_a,
            staff,
            anvisade=20,
            women_anvisade=3,
            men_anvisade=17,
            children_anvisade=8,
            kvot=4,
        )
        opendata_publish(year=YEAR, reason="Första versionen.")

    def _row(self, rows, category):
        return next(r for r in rows if r["kommun_kod"] == "0181" and r["kategori_kod"] == category)

    def test_csv_masks_primary_and_secondary_and_keeps_totals(self, client):
        response = client.get(reverse("overview:opendata_csv", kwargs={"year": YEAR}))
        rows = list(csv.DictReader(io.StringIO(response.content.decode())))
        anvisade = self._row(rows, "anvisade")
        assert anvisade["mottagna"] == "20"
        assert anvisade["maluppfyllelse_procent"] == "50.0"
        # 3 women is masked; the men (17) with it, or 20 − 17 gives the 3 back; children
        # are a breakdown of their own (by age), 8 is shown.
        assert (anvisade["varav_kvinnor"], anvisade["varav_man"], anvisade["varav_barn"]) == (
            "..",
            "..",
            "8",
        )
        kvot = self._row(rows, "kvotflyktingar")
        assert kvot["mottagna"] == ".."
        assert kvot["maluppfyllelse_procent"] == ".."  # 40 % of 10 would give the 4 back
        assert kvot["mal"] == "10"

    def test_json_and_html_say_the_same_with_the_footnote(self, client):
        payload = json.loads(
            client.get(reverse("overview:opendata_json", kwargs={"year": YEAR})).content
        )
        anvisade = self._row(payload["rader"], "anvisade")
        assert (anvisade["mottagna"], anvisade["varav_kvinnor"], anvisade["varav_barn"]) == (
            20,
            "..",
            8,
        )
        assert "1 till 5" in payload["fotnoter"][".."]
        body = client.get(reverse("overview:opendata_year", kwargs={"year": YEAR})).content.decode()
        assert body.count('href="#prickat"') == 4  # women, men, kvot and its fulfilment
        assert 'id="prickat"' in body
        assert ">3<" not in body and ">4<" not in body and ">17<" not in body

    def test_catalogue_describes_the_rule(self, client):
        body = client.get(reverse("overview:opendata_catalogue")).content.decode()
        assert "1 till 5" in body
        assert "from 1 to 5" in body
