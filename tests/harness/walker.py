"""Walks the portal's URL resolver and checks answers against the route tables.

``url_patterns()`` lists every URL pattern by its qualified name
("accounts:login"); ``uncovered()`` names those without a Route in any
``tests/<app>/routes.py``. The only patterns not walked are listed in
``SKIPPED`` with the reason.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from django.http import HttpResponse
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from .registry import all_routes
from .routes import LOGIN, Route, World

#: Patterns the walker does not check, each with its reason. Keep it short.
SKIPPED: dict[str, str] = {
    "admin:*": (
        "Django's admin site beyond its entry page: a system administrator's tool guarded by "
        "Django's own is_staff/permission checks (tested by Django). admin:index is walked."
    ),
    "<unnamed admin catch-all>": "the admin's final catch-all that redirects to its sign-in",
}

#: POST-only routes whose GET is not 405, with the reason.
GET_ON_POST_EXEMPT: dict[str, str] = {}


@dataclass(frozen=True)
class Pattern:
    name: str | None
    route: str


def _walk(resolver: URLResolver, namespace: str, prefix: str) -> Iterator[Pattern]:
    for entry in resolver.url_patterns:
        if isinstance(entry, URLResolver):
            ns = entry.namespace
            child_ns = f"{namespace}:{ns}" if namespace and ns else (ns or namespace)
            yield from _walk(entry, child_ns, prefix + str(entry.pattern))
        elif isinstance(entry, URLPattern):
            name = entry.name
            qualified = f"{namespace}:{name}" if namespace and name else name
            yield Pattern(qualified, prefix + str(entry.pattern))


def url_patterns(urlconf: str | None = None) -> list[Pattern]:
    return list(_walk(get_resolver(urlconf), "", "/"))


def is_skipped(pattern: Pattern) -> bool:
    if pattern.name is None:
        return pattern.route.startswith("/admin/")
    return pattern.name.startswith("admin:") and pattern.name != "admin:index"


def uncovered(urlconf: str | None = None, routes: list[Route] | None = None) -> list[str]:
    """URL patterns of the portal without an entry in the route tables."""
    names = {r.name for r in (all_routes() if routes is None else routes)}
    missing = []
    for pattern in url_patterns(urlconf):
        if is_skipped(pattern):
            continue
        if pattern.name is None or pattern.name not in names:
            missing.append(pattern.name or f"<unnamed> {pattern.route}")
    return missing


def stale(urlconf: str | None = None, routes: list[Route] | None = None) -> list[str]:
    """Route table entries whose name no longer resolves to a URL pattern."""
    known = {p.name for p in url_patterns(urlconf)}
    return sorted({r.name for r in (all_routes() if routes is None else routes)} - known)


def url_for(route: Route, world: World) -> str:
    return reverse(route.name, kwargs=route.url_kwargs(world)) + route.query


def request(client: Client, route: Route, world: World, method: str | None = None):
    url = url_for(route, world)
    if (method or route.method) == "GET":
        return client.get(url)
    return client.post(url, route.data(world) if route.data else {})


def matches(response: HttpResponse, expected: int | str) -> bool:
    if expected == LOGIN:
        login = reverse("accounts:login")
        return response.status_code == 302 and response["Location"].startswith(login)
    return response.status_code == expected


def describe(response: HttpResponse) -> str:
    where = f" → {response['Location']}" if response.has_header("Location") else ""
    return f"{response.status_code}{where}"
