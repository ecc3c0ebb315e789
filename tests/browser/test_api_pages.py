"""The API's pages (tokens, the one-time token, the documentation): 0 axe violations and
no sideways scrolling at 320 px, for a reporter and for staff (issue 21). The whole
crawl (test_axe.py, test_reflow.py) covers them too; this runs them alone."""

from __future__ import annotations

import pytest

from tests.api.helpers import token_for

from . import axe
from .test_reflow import NARROW, OVERFLOW_JS

pytestmark = pytest.mark.browser

PAGES = ["/konto/api-nycklar/", "/api/v1/dokumentation/"]


@pytest.mark.parametrize("persona", ["reporter_a", "staff"])
def test_api_pages_pass_axe_and_reflow(persona, personas, browse, municipality_a, county):
    user = personas[persona]
    if persona == "reporter_a":
        token_for(user, scopes=["report:read"], municipality=municipality_a)
    else:
        token_for(user, scopes=["county:read"], county=county)
    for viewport, with_axe in ((None, True), (NARROW, False)):
        page = browse(user, viewport=viewport, with_axe=with_axe)
        for url in PAGES:
            page.goto(url)
            if with_axe:
                found = axe.violations(page)
                assert not found, f"axe on {url} as {persona}:\n{axe.report(found)}"
            else:
                assert not page.evaluate(OVERFLOW_JS), f"{url} scrolls sideways at 320 px"
        if with_axe:  # the answer that shows the new token once, and the form with errors
            page.goto(PAGES[0])
            page.get_by_label("Namn").fill("Ny nyckel")
            page.get_by_role("button", name="Skapa API-nyckel").click()
            assert page.get_by_label("API-nyckel", exact=True).input_value().startswith("ip_")
            found = axe.violations(page)
            assert not found, f"axe on the new token as {persona}:\n{axe.report(found)}"
            page.get_by_role("button", name="Skapa API-nyckel").click()
            assert page.locator(".error-summary, [data-error-summary]").count()
            found = axe.violations(page)
            assert not found, f"axe on the form with errors as {persona}:\n{axe.report(found)}"
