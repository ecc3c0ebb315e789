"""Collects the route tables of every app: ``tests/<app>/routes.py``.

A new app only has to add its ``routes.py`` (``ROUTES`` and ``build_world``);
the access walker, the axe crawl and the form fuzzer find it here by
themselves. Nothing else lists the apps.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable
from pathlib import Path
from types import ModuleType

from .routes import PERSONAS, Route, World

TESTS_DIR = Path(__file__).resolve().parent.parent


def _ladder_position(package: str) -> tuple[int, str]:
    """Apps' tables in INSTALLED_APPS order (the ladder): a table's world may use the
    objects of the apps below it; folders that are no app (integration_portal) last."""
    from django.conf import settings

    apps = list(settings.INSTALLED_APPS)
    return (apps.index(package) if package in apps else len(apps), package)


def route_modules() -> list[ModuleType]:
    modules = []
    packages = [path.parent.name for path in TESTS_DIR.glob("*/routes.py")]
    for package in sorted(packages, key=_ladder_position):
        if package == "harness":  # the format definition, not a table
            continue
        modules.append(importlib.import_module(f"tests.{package}.routes"))
    return modules


def all_routes() -> list[Route]:
    routes: list[Route] = []
    for module in route_modules():
        routes.extend(getattr(module, "ROUTES", []))
    return routes


def world_builders() -> list[Callable[[World], None]]:
    return [m.build_world for m in route_modules() if hasattr(m, "build_world")]


def routes_by_name() -> dict[str, list[Route]]:
    table: dict[str, list[Route]] = {}
    for route in all_routes():
        table.setdefault(route.name, []).append(route)
    return table


def build_world(personas: dict) -> World:
    """The personas plus every object the route tables need."""
    world: World = dict(personas)
    for build in world_builders():
        build(world)
    return world


def get_pages(persona: str) -> list[Route]:
    """Every GET route the persona sees as a page (expected answer 200)."""
    assert persona in PERSONAS
    return [r for r in all_routes() if r.method == "GET" and r.expect[persona] == 200]
