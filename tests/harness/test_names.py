"""Names say what a thing is: a view and a service never share a name (CONVENTIONS.md)."""

from __future__ import annotations

import importlib
import inspect
from pathlib import Path

from django.conf import settings
from django.urls import URLPattern, URLResolver, get_resolver

ROOT = Path(__file__).resolve().parents[2]
#: The portal's own apps: installed, with a folder in the project.
PORTAL_APPS = [app for app in settings.INSTALLED_APPS if (ROOT / app / "apps.py").exists()]


def _views(patterns) -> dict[str, str]:
    found: dict[str, str] = {}
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            found |= _views(pattern.url_patterns)
        elif isinstance(pattern, URLPattern):
            callback = pattern.callback
            module = getattr(callback, "__module__", "")
            if module.split(".")[0] in PORTAL_APPS:
                found[callback.__name__] = f"{module}.{callback.__name__}"
    return found


def _services() -> dict[str, str]:
    found: dict[str, str] = {}
    for app in PORTAL_APPS:
        try:
            module = importlib.import_module(f"{app}.services")
        except ModuleNotFoundError:
            continue
        for name, member in inspect.getmembers(module, inspect.isfunction):
            if member.__module__ == module.__name__ and not name.startswith("_"):
                found[name] = f"{module.__name__}.{name}"
    return found


def test_no_view_has_the_name_of_a_service():
    views, services = _views(get_resolver().url_patterns), _services()
    shared = sorted(set(views) & set(services))
    assert not shared, [(views[n], services[n]) for n in shared]


def test_the_check_sees_the_portals_views_and_services():
    views, services = _views(get_resolver().url_patterns), _services()
    assert "report_approve_view" in views and "report_approve" in services
