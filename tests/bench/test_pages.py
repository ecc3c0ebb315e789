"""Pages of the benchmark are found by URL name; missing ones are skipped, not errors."""

from bench.pages import Fixtures, Page, resolve

FIXTURES = Fixtures(year=2026, county_code="01", municipality_code="0181", period_pk=7)


def test_pending_page_fills_url_parameters_by_name():
    page = Page("stand-in", ("no:such_name", "overview:county"), "staff", 0.15, pending=True)
    assert resolve(page, FIXTURES) == "/uppfoljning/2026/"


def test_page_without_any_existing_url_name_resolves_to_none():
    page = Page("later", ("reception:not_built_yet", "nothing:here"), None, 0.3, pending=True)
    assert resolve(page, FIXTURES) is None


def test_explicit_url_arguments_are_used_for_the_report_form():
    page = Page(
        "form",
        ("reception:report_edit",),
        "reporter",
        0.25,
        url_kwargs=lambda f: {"code": f.municipality_code, "period_pk": f.period_pk},
    )
    assert resolve(page, FIXTURES) == "/rapporter/fyll-i/0181/7/"
