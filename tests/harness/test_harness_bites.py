"""The harness fails when it should (its browser half is in tests/browser/test_harness_bites.py)."""

from dataclasses import replace

import pytest

from . import walker
from .registry import all_routes
from .rendered import report, route_problems, unposted_names
from .routes import Route, public
from .source_guards import helpers_bound_to_a_form
from .stylesheets import stylesheet_problems
from .templates import template_problems


def test_walker_coverage_check_fails_on_an_unlisted_url():
    assert walker.uncovered("tests.harness.unlisted_urls") == ["unlisted_page"]


def test_walker_coverage_check_fails_when_a_route_entry_is_removed():
    routes = [r for r in all_routes() if r.name != "accounts:invite"]
    assert walker.uncovered(routes=routes) == ["accounts:invite"]


def test_walker_flags_a_route_entry_for_a_url_that_does_not_exist():
    routes = [*all_routes(), replace(all_routes()[0], name="accounts:finns_inte")]
    assert walker.stale(routes=routes) == ["accounts:finns_inte"]


# --- every form draws its fields (test_form_fields.py) ------------------------------


@pytest.fixture
def broken_forms(settings) -> dict:
    settings.ROOT_URLCONF = "tests.harness.broken_form_urls"
    return {"anonymous": None}


def _page_route(name: str) -> Route:
    return Route(name, expect=public())


def test_form_fields_check_fails_on_a_helper_bound_before_a_field_is_added(broken_forms):
    route = _page_route("too_early")
    message = report(route, route_problems(route, "anonymous", broken_forms))
    # Names the route, the persona, the form class and the field; the page is checked
    # as it opens and again drawn with its errors.
    assert message == (
        "too_early: fields the page does not draw:\n"
        "  - as anonymous, as the page opens: tests.harness.broken_form_urls."
        "HelperBoundTooEarlyForm: field 'places_anvisade' has no control named "
        "'places_anvisade' in form 1 (post \"/for-tidigt-bunden/\")\n"
        "  - as anonymous, after form 1 was sent empty: tests.harness.broken_form_urls."
        "HelperBoundTooEarlyForm: field 'places_anvisade' has no control named "
        "'places_anvisade' in form 1 (post \"/for-tidigt-bunden/\")"
    )


def test_form_fields_check_fails_on_a_layout_that_leaves_out_fields(broken_forms):
    problems = route_problems(_page_route("layout_omits"), "anonymous", broken_forms)
    opened = [p for p in problems if "as the page opens" in p]
    assert len(opened) == 2
    assert "LayoutOmitsAFieldForm: field 'reason' has no control named 'reason'" in opened[0]
    assert "LayoutOmitsAFieldForm: hidden field 'version' has no control" in opened[1]


def test_form_fields_check_fails_on_a_hidden_field_outside_the_form(broken_forms):
    (problem,) = route_problems(_page_route("outside"), "anonymous", broken_forms)
    assert problem.endswith(
        "HandDrawnForm: hidden field 'version' has no control named 'version' in form 1 "
        '(post "") (version outside every <form>)'
    )


def test_form_fields_check_passes_a_form_drawn_by_hand(broken_forms):
    assert route_problems(_page_route("hand_drawn"), "anonymous", broken_forms) == []


def test_valid_post_check_fails_on_a_name_the_page_does_not_draw(client, broken_forms):
    html = client.get("/for-tidigt-bunden/").content.decode()
    data = {"csrfmiddlewaretoken": "x", "municipality": "0181", "places_anvisade": "40"}
    assert unposted_names(html, data) == [
        "the valid POST sends 'places_anvisade', which form 1 "
        '(post "/for-tidigt-bunden/") has no control for'
    ]
    assert unposted_names(html, {"municipality": "0181", "version": "1"}) == []


# --- stylesheets (test_stylesheets.py) ----------------------------------------------

STYLESHEET = """/* The portal's blue. */
.btn-primary {
  --bs-btn-bg: #0b4f7c;
}
.btn-outline-primary {
  --bs-btn-color: #0b4f7c;
  --bs-btn-active-bg: #072a42;

/* --- contacts --- */
.contact-list {
  list-style: none;
}
@media (max-width: 40rem) {
  .contact-card { padding: 0.5rem; }
}
"""


def test_stylesheet_check_fails_on_a_lost_closing_brace(tmp_path):
    path = tmp_path / "portal.css"
    path.write_text(STYLESHEET, encoding="utf-8")
    assert stylesheet_problems(path) == [
        f"{path}:5: '{{' opened here is never closed (a lost closing brace)",
        f"{path}:10: '.contact-list' is nested inside '.btn-outline-primary' of line 5, and 1 "
        "more rules after it (a lost closing brace? browsers read it as CSS nesting, so it "
        "matches nothing)",
    ]


def test_stylesheet_check_fails_on_a_lost_brace_inside_a_media_block(tmp_path):
    path = tmp_path / "print.css"
    path.write_text(
        "@media print {\n  .site-header { display: none;\n  .table { width: 100%; }\n}\n",
        encoding="utf-8",
    )
    problems = stylesheet_problems(path)
    assert f"{path}:1: '{{' opened here is never closed (a lost closing brace)" in problems
    nested = f"{path}:3: '.table' is nested inside '.site-header' of line 2"
    assert any(problem.startswith(nested) for problem in problems)


def test_stylesheet_check_fails_on_a_stray_brace_and_a_parse_error(tmp_path):
    path = tmp_path / "reception.css"
    path.write_text(
        '.a { content: "}"; }\n}\n.b { color: ; }\n.c { width 10px; }\n', encoding="utf-8"
    )
    assert stylesheet_problems(path) == [
        f"{path}:2: '}}' closes nothing (a stray closing brace)",
        f"{path}:3: 'color' has an empty value",
        f"{path}:4: parse error: Stop token reached before {{}} block for a qualified rule.",
    ]


def test_stylesheet_check_passes_the_fixed_stylesheet(tmp_path):
    path = tmp_path / "portal.css"
    path.write_text(STYLESHEET.replace("\n\n/* --- contacts", "\n}\n\n/* --- contacts"))
    assert stylesheet_problems(path) == []


# --- templates (test_templates.py) and the FormHelper guard (test_form_fields.py) ---


def test_template_check_fails_on_a_syntax_error_and_a_missing_include(tmp_path):
    (tmp_path / "partials").mkdir()
    (tmp_path / "partials" / "ok.html").write_text("{% load i18n %}{% translate 'Hej' %}")
    (tmp_path / "broken.html").write_text("<h1>Rubrik</h1>\n{% if report %}\n<p>x</p>\n")
    (tmp_path / "includes.html").write_text(
        '{% include "partials/ok.html" %}\n{% include "partials/finns-inte.html" %}\n'
    )
    assert template_problems(tmp_path) == [
        "templates/broken.html:2: Unclosed tag on line 2: 'if'. Looking for one of: elif, "
        "else, endif.",
        "templates/includes.html:2: names 'partials/finns-inte.html', which does not exist",
    ]


def test_form_helper_guard_fails_on_a_helper_bound_to_the_form(tmp_path):
    source = tmp_path / "forms.py"
    source.write_text(
        "from crispy_forms.helper import FormHelper\n"
        "class F:\n"
        "    def __init__(self):\n"
        "        self.helper = FormHelper(self)\n"
        "        self.other = FormHelper(form=self)\n"
        "        self.fine = FormHelper()\n"
    )
    assert helpers_bound_to_a_form([source]) == [
        f"{source}:4: FormHelper(self)",
        f"{source}:5: FormHelper(form=self)",
    ]
