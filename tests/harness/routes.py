"""The expectation table for every URL of the portal, per persona.

Each app declares its routes in ``tests/<app>/routes.py``:

    from tests.harness.routes import Route, public, signed_in, staff_page, ...

    def build_world(world: dict) -> None:
        # Create the objects the routes need, in municipality A (0181, county 01),
        # using the personas already in ``world`` (world["staff"], world["reporter_a"], ...).
        world["agreement"] = Agreement.objects.create(...)

    ROUTES = [
        Route("agreements:list", expect=staff_page()),
        Route("agreements:detail", kwargs=lambda w: {"pk": w["agreement"].pk},
              expect=county_object_read()),
        Route("agreements:sign", method="POST", kwargs=..., expect=county_object_write()),
    ]

The access walker (tests/harness/test_access_walker.py) enumerates every URL
pattern of the portal and fails when one has no Route; the browser/axe tests
visit every GET route a persona may see. Expectations are an HTTP status or
``LOGIN`` (a redirect to the sign-in page).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

PERSONAS = ("anonymous", "staff", "other_county_staff", "reporter_a", "reporter_b", "admin")
LOGIN = "login"

Expect = Mapping[str, int | str]
World = dict[str, Any]


@dataclass(frozen=True)
class Route:
    name: str
    expect: Expect
    kwargs: Callable[[World], dict] | None = None
    method: str = "GET"
    #: POST body (for POST routes); without it an empty body is sent.
    data: Callable[[World], dict] | None = None
    #: Query string appended to the URL, e.g. "?year=2026".
    query: str = ""
    #: Why this route is special, if it is (shown in failures).
    note: str = ""
    #: Other personas-specific states for the axe crawl (filled list, errors...);
    #: ``valid_post``/``stored``: a valid POST body and its check (form fuzzer round trip;
    #: test_form_fields.py proves the page draws every name it sends).
    extra: dict = field(default_factory=dict)

    def url_kwargs(self, world: World) -> dict:
        return self.kwargs(world) if self.kwargs else {}


def _table(**statuses: int | str) -> dict[str, int | str]:
    missing = set(PERSONAS) - set(statuses)
    if missing:
        raise ValueError(f"expectation lacks personas: {sorted(missing)}")
    return dict(statuses)


def public(status: int = 200) -> dict:
    """Anyone, signed in or not."""
    return _table(**{p: status for p in PERSONAS})


def signed_in(status: int = 200) -> dict:
    """Any signed-in user (own data only)."""
    return _table(
        anonymous=LOGIN,
        staff=status,
        other_county_staff=status,
        reporter_a=status,
        reporter_b=status,
        admin=status,
    )


def staff_page(status: int = 200) -> dict:
    """A county-staff page not tied to one object (lists, forms to create)."""
    return _table(
        anonymous=LOGIN,
        staff=status,
        other_county_staff=status,
        reporter_a=403,
        reporter_b=403,
        admin=status,
    )


def reporter_page(status: int = 200) -> dict:
    """A page only municipality reporters use (their inbox)."""
    return _table(
        anonymous=LOGIN,
        staff=403,
        other_county_staff=403,
        reporter_a=status,
        reporter_b=status,
        admin=403,
    )


def county_object_read(status: int = 200) -> dict:
    """Reading an object of municipality A (county 01): its staff and reporter A."""
    return _table(
        anonymous=LOGIN,
        staff=status,
        other_county_staff=404,
        reporter_a=status,
        reporter_b=404,
        admin=status,
    )


def county_object_staff_read(status: int = 200) -> dict:
    """A staff-only view of an object of municipality A: reporter A may not (403)."""
    return _table(
        anonymous=LOGIN,
        staff=status,
        other_county_staff=404,
        reporter_a=403,
        reporter_b=404,
        admin=status,
    )


def county_object_write(status: int = 302) -> dict:
    """A staff change to an object of municipality A: reporter A reads it but gets 403."""
    return _table(
        anonymous=LOGIN,
        staff=status,
        other_county_staff=404,
        reporter_a=403,
        reporter_b=404,
        admin=status,
    )


def reporter_object_write(status: int = 302) -> dict:
    """A reporter's change to an object of municipality A (e.g. submit a report)."""
    return _table(
        anonymous=LOGIN,
        staff=403,
        other_county_staff=404,
        reporter_a=status,
        reporter_b=404,
        admin=403,
    )


def custom(**statuses: int | str) -> dict:
    return _table(**statuses)
