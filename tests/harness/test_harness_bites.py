"""The harness fails when it should (its browser half is in tests/browser/test_harness_bites.py)."""

from dataclasses import replace

from . import walker
from .registry import all_routes


def test_walker_coverage_check_fails_on_an_unlisted_url():
    assert walker.uncovered("tests.harness.unlisted_urls") == ["unlisted_page"]


def test_walker_coverage_check_fails_when_a_route_entry_is_removed():
    routes = [r for r in all_routes() if r.name != "accounts:invite"]
    assert walker.uncovered(routes=routes) == ["accounts:invite"]


def test_walker_flags_a_route_entry_for_a_url_that_does_not_exist():
    routes = [*all_routes(), replace(all_routes()[0], name="accounts:finns_inte")]
    assert walker.stale(routes=routes) == ["accounts:finns_inte"]
