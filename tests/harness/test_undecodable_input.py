"""Every route of the route tables answers undecodable input with 400, never 5xx.

The tables are walked with %00 in the query string and in each ``<str:...>``
segment, with bytes that are not UTF-8 in the query string, and (POST routes)
with a body in another charset and a body that is not UTF-8 (issue 15).
"""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from tests.factories.accounts import client_for

from . import walker
from .registry import all_routes

pytestmark = pytest.mark.django_db


def _nul_path_urls(route, world) -> list[str]:
    """One URL per ``<str:...>`` segment with a NUL in it (slug and int segments cannot
    hold one: they do not match, which is a 404 by construction)."""
    from django.urls import NoReverseMatch

    kwargs = route.url_kwargs(world)
    urls = []
    for key, value in kwargs.items():
        if not isinstance(value, str):
            continue
        try:
            urls.append(reverse(route.name, kwargs={**kwargs, key: value + "\x00"}) + route.query)
        except NoReverseMatch:
            continue
    return urls


def test_every_route_answers_undecodable_input_with_400_never_5xx(world):
    """The route tables walked with %00 in the query string, in each <str:...> segment,
    a body in another charset and a body that is not UTF-8, as a staff member and as
    an administrator (the walker's personas with the most pages)."""
    clients = {"staff": client_for(world["staff"]), "admin": client_for(world["admin"])}
    failures = []
    requests = 0
    paths = 0
    for route in all_routes():
        for persona, client in clients.items():
            base = walker.url_for(route, world)
            joiner = "&" if "?" in base else "?"
            variants = [
                ("query", base + joiner + "lan=%00"),
                ("bad utf-8", base + joiner + "x=%FF"),
            ]
            nul_paths = _nul_path_urls(route, world)
            paths += len(nul_paths)
            variants += [("path", url) for url in nul_paths]
            for what, url in variants:
                response = client.get(url) if route.method == "GET" else client.post(url, {})
                requests += 1
                if response.status_code != 400:
                    failures.append(
                        f"{what} {route.method} {url} as {persona}: {response.status_code}"
                    )
            if route.method == "POST":
                for what, body, content_type in [
                    ("charset", "a=1", "application/x-www-form-urlencoded; charset=utf-16"),
                    ("body", "a=%FF%FE", "application/x-www-form-urlencoded"),
                ]:
                    response = client.post(base, body, content_type=content_type)
                    requests += 1
                    if response.status_code != 400:
                        failures.append(f"{what} POST {base} as {persona}: {response.status_code}")
    print(f"\n{requests} undecodable requests, {len(failures)} not answered 400")
    assert not failures, failures
    assert requests > 200
    assert paths > 0  # some <str:...> segment was walked


def test_anonymous_visitors_get_the_same_400(world):
    client = Client()
    for route in all_routes():
        if route.method != "GET":
            continue
        url = walker.url_for(route, world)
        response = client.get(url + ("&" if "?" in url else "?") + "lan=%00")
        assert response.status_code == 400, url
