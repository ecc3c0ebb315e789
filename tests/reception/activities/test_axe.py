"""axe (WCAG 2.1 A/AA) on every activity GET page, for the persona that uses it."""

from __future__ import annotations

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse

from tests.reception.activities.routes import ACTIVITY_ROUTES, build_activity_world

pytestmark = [pytest.mark.django_db(transaction=True)]

LAUNCH_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


def _persona_for(route) -> str:
    for persona in ("anonymous", "staff", "reporter_a"):
        if route.expect[persona] == 200:
            return persona
    raise AssertionError(route.name)


def test_activity_pages_have_no_axe_violations(live_server, personas):
    playwright = pytest.importorskip("playwright.sync_api")
    from axe_playwright_python.sync_playwright import Axe

    world = dict(personas)
    build_activity_world(world)
    pages = [
        (r, _persona_for(r))
        for r in ACTIVITY_ROUTES
        if r.method == "GET" and "export" not in r.name
    ]
    # Sessions and URLs before the browser starts: its event loop forbids ORM calls.
    cookies = {}
    for persona in {p for _r, p in pages} - {"anonymous"}:
        client = Client()
        client.force_login(personas[persona])
        cookie = client.cookies[settings.SESSION_COOKIE_NAME]
        cookies[persona] = [{"name": cookie.key, "value": cookie.value, "url": live_server.url}]
    urls = [
        (r.name, p, live_server.url + reverse(r.name, kwargs=r.url_kwargs(world)) + r.query)
        for r, p in pages
    ]
    axe = Axe()
    failures = []
    with playwright.sync_playwright() as p:
        browser = p.chromium.launch(executable_path="/usr/bin/chromium", args=LAUNCH_ARGS)
        contexts = {}
        for name, persona, url in urls:
            if persona not in contexts:
                context = browser.new_context()
                if persona in cookies:
                    context.add_cookies(cookies[persona])
                contexts[persona] = context.new_page()
            page = contexts[persona]
            for width in (1280, 320):
                page.set_viewport_size({"width": width, "height": 800})
                response = page.goto(url)
                if response.status != 200 or page.url != url:
                    failures.append((name, width, f"answered {response.status} at {page.url}"))
                result = axe.run(
                    page, options={"runOnly": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]}
                )
                violations = result.response["violations"]
                if violations:
                    failures.append((name, width, [v["id"] for v in violations]))
                scroll = page.evaluate("document.documentElement.scrollWidth")
                if width == 320 and scroll > 320:
                    failures.append((name, width, f"scrolls sideways: {scroll}px"))
        browser.close()
    assert failures == []
