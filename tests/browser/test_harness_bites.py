"""The browser checks fail on a broken page.

The walker's half is in tests/harness/test_harness_bites.py.
"""

from __future__ import annotations

import pytest

from . import axe, crawl
from .test_reflow import NARROW, OVERFLOW_JS

pytestmark = pytest.mark.browser


@pytest.fixture
def broken_page_url(settings) -> str:
    settings.ROOT_URLCONF = "tests.browser.broken_urls"
    return "/trasig-sida/"


def test_axe_check_fails_on_unlabeled_input_and_image_without_alt(
    broken_page_url, browse, personas
):
    page = browse(None, with_axe=True)
    assert crawl.goto(page, broken_page_url) == (200, True)
    found = axe.violations(page)
    assert {"label", "image-alt"} <= {v["id"] for v in found}
    report = axe.report(found)
    assert "image-alt (critical)" in report
    assert 'input type="text" name="antal"' in report


def test_reflow_check_fails_on_a_wide_table_outside_its_scroll_container(
    broken_page_url, browse, personas
):
    page = browse(None, viewport=NARROW)
    crawl.goto(page, broken_page_url)
    assert any(line.startswith("table.table") for line in page.evaluate(OVERFLOW_JS))
