"""Every form the portal draws has a control for every field it accepts.

For every GET route a persona sees (the route tables, in the filled world, as
the form fuzzer finds its pages), the Django forms the view gave its templates
are compared with the controls the HTML really has (tests/harness/rendered.py):
a drawn form needs a control for each of its fields, hidden ones included, in
the one ``<form>`` that submits it. The page is checked as it first opens and
again after each of its data-entry forms is sent back with only its hidden
fields (the error state a person sees after an empty submit).

Routes with ``extra={"valid_post": ...}`` also prove that every name the valid
POST sends is a control of the page: a test that posts a field the page never
renders proves nothing about the page.
"""

from __future__ import annotations

import pytest

from tests.factories.accounts import client_for

from . import walker
from .registry import all_routes, get_pages
from .rendered import report, route_problems, unposted_names
from .routes import PERSONAS
from .source_guards import helpers_bound_to_a_form, project_python_files


def _routes_with_pages():
    """Each GET route some persona opens, once: the world is built once per route (building
    it per persona too would triple the time of this check for the same pages)."""
    seen = {}
    for persona in PERSONAS:
        for route in get_pages(persona):
            seen.setdefault(id(route), route)
    return [pytest.param(r, id=f"{r.name}{r.query}") for r in seen.values()]


@pytest.mark.django_db
@pytest.mark.parametrize("route", _routes_with_pages())
def test_every_drawn_form_has_a_control_for_each_field(route, world):
    problems = []
    for persona in PERSONAS:
        if route.expect[persona] == 200:
            problems += route_problems(route, persona, world)
    assert not problems, report(route, problems)


def _valid_post_routes():
    for route in all_routes():
        if "valid_post" in route.extra:
            for persona in PERSONAS:
                if route.expect[persona] == 200:
                    yield pytest.param(route, persona, id=f"{route.name}-{persona}")


@pytest.mark.django_db
@pytest.mark.parametrize(("route", "persona"), list(_valid_post_routes()))
def test_the_valid_post_sends_only_what_the_page_draws(route, persona, world):
    page = client_for(world[persona]).get(walker.url_for(route, world))
    assert page.status_code == 200
    problems = unposted_names(page.content.decode(), route.extra["valid_post"](world))
    assert not problems, (
        f"{route.name} as {persona}: the route's valid POST (Route.extra['valid_post']) sends "
        "names the page has no control for:\n" + "\n".join(f"  - {p}" for p in problems)
    )


def test_no_form_binds_its_crispy_helper_to_the_form():
    """Why a syntax guard on top of the page check: tests/harness/source_guards.py."""
    files = project_python_files()
    assert any(path.name == "forms.py" for path in files)
    bound = helpers_bound_to_a_form(files)
    assert not bound, (
        "FormHelper(form) freezes the layout to the fields that exist when it is built; "
        f"use FormHelper() (and a Layout naming the fields): {bound}"
    )
