"""Every form of the portal survives generated input.

For every GET route a persona sees (route tables), every data-entry form on
the page is parsed from the HTML and posted with hypothesis-generated values:
empty, whitespace, negative and huge numbers, decimal comma, non-digits, very
long and non-Latin text, HTML and SQL-looking strings, duplicated and missing
fields. The answer is never 5xx, and when the form comes back with its error
summary no table changed. Valid data round-trips for routes that declare
``extra={"valid_post": ..., "stored": ...}`` (see tests/accounts/routes.py).
"""

from __future__ import annotations

import pytest
from django.apps import apps
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.factories.accounts import client_for

from . import walker
from .forms import Form, data_entry_forms
from .registry import all_routes, get_pages
from .routes import PERSONAS

#: Tables that may change on a rejected form, each with its reason.
MAY_CHANGE_ON_REJECTED_FORM: dict[str, str] = {
    "axes.AccessAttempt": "django-axes records failed sign-ins (security log, wanted)",
    "axes.AccessFailureLog": "django-axes records failed sign-ins (security log, wanted)",
    "axes.AccessLog": "django-axes records sign-in attempts",
    "sessions.Session": "the session may be saved on any request",
}

NASTY = [
    "",
    " ",
    "\t \n",
    "0",
    "-1",
    "-2147483649",
    "99999999999999999999999999",
    "1e308",
    "1,5",
    "1 234",
    "1\u00a0234,50",
    "12abc",
    "NaN",
    "ett hundra",
    "Åsa Öberg-Ängström",
    "العربية فارسی",
    "日本語のテキスト",
    "x" * 5000,
    "<script>alert('x')</script>",
    "<b onmouseover=alert(1)>hej</b>",
    "'; DROP TABLE accounts_user; --",
    "1 OR 1=1",
    "a\x00b",
    "2026-13-45",
    "@",
    "namn@",
]

MISSING = object()


def _value_strategy(options: list[str]):
    single = st.one_of(st.sampled_from(NASTY), st.text(max_size=300))
    if options:
        single = st.one_of(single, st.sampled_from(options))
    return st.one_of(
        st.just(MISSING),
        single,
        st.lists(single, min_size=2, max_size=3),  # duplicated field
    )


def _form_data(form: Form):
    return st.fixed_dictionaries(
        {f.name: _value_strategy(f.options) for f in form.data_fields()}
    ).map(
        lambda values: {
            **form.hidden(),
            **{name: v for name, v in values.items() if v is not MISSING},
        }
    )


def _counted_models():
    return [
        m
        for m in apps.get_models()
        if m._meta.label not in MAY_CHANGE_ON_REJECTED_FORM and m._meta.managed
    ]


def _row_counts() -> dict[str, int]:
    return {m._meta.label: m._default_manager.count() for m in _counted_models()}


def _pages():
    for persona in PERSONAS:
        for route in get_pages(persona):
            yield pytest.param(route, persona, id=f"{route.name}{route.query}-{persona}")


@pytest.mark.django_db
@pytest.mark.parametrize(("route", "persona"), list(_pages()))
def test_forms_survive_generated_input(route, persona, world):
    client = client_for(world[persona])
    url = walker.url_for(route, world)
    page = client.get(url)
    if page.status_code != 200 or "html" not in page.get("Content-Type", ""):
        return
    for form in data_entry_forms(page.content.decode()):
        _fuzz(client, form.action or url, form)


def _fuzz(client, target: str, form: Form) -> None:
    @settings(
        max_examples=20,
        deadline=None,
        database=None,
        suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
    )
    @given(data=_form_data(form))
    def post(data):
        before = _row_counts()
        response = client.post(target, data)
        assert response.status_code < 500
        if b'id="error-summary"' in response.content:
            assert _row_counts() == before, f"a rejected form changed rows: {data!r}"

    post()


def _round_trip_routes():
    for route in all_routes():
        if "valid_post" in route.extra:
            allowed = [p for p in PERSONAS if route.expect[p] == 200]
            yield pytest.param(route, allowed[0], id=f"{route.name}-{allowed[0]}")


@pytest.mark.django_db
@pytest.mark.parametrize(("route", "persona"), list(_round_trip_routes()))
def test_valid_data_round_trips(route, persona, world):
    client = client_for(world[persona])
    data = route.extra["valid_post"](world)
    response = client.post(walker.url_for(route, world), data)
    assert response.status_code in (200, 302)
    assert b'id="error-summary"' not in response.content
    assert route.extra["stored"](world, data), f"posted {data!r} but it was not stored as sent"


@pytest.mark.django_db
def test_fuzzer_finds_the_fields_of_the_portals_forms(client, staff):
    (sign_in,) = data_entry_forms(client.get("/konto/logga-in/").content.decode())
    assert set(sign_in.fields) >= {"username", "password"}
    client.force_login(staff)
    (invite,) = data_entry_forms(client.get("/konto/bjud-in/").content.decode())
    assert invite.fields["municipalities"].kind == "checkbox"
    assert len(invite.fields["municipalities"].options) == 26  # Stockholm county
    assert "csrfmiddlewaretoken" in invite.hidden()
