"""WCAG 1.4.10 Reflow: at 320 CSS px wide no page scrolls sideways.

Only a data table's own scroll container (``.table-scroll``) may scroll.
"""

from __future__ import annotations

import pytest

from tests.harness.registry import build_world
from tests.harness.routes import PERSONAS

from . import crawl

pytestmark = pytest.mark.browser

NARROW = {"width": 320, "height": 640}

# What sticks out past the right edge, outside a .table-scroll container.
OVERFLOW_JS = """() => {
  const root = document.documentElement;
  if (root.scrollWidth <= root.clientWidth) return [];
  const out = [];
  for (const el of document.body.querySelectorAll('*')) {
    if (el.closest('.table-scroll')) continue;
    const r = el.getBoundingClientRect();
    if (r.right > root.clientWidth + 1 && r.width > 0)
      out.push(el.tagName.toLowerCase() + (el.id ? '#' + el.id : '') +
               (el.className ? '.' + String(el.className).split(' ').join('.') : '') +
               ' right=' + Math.round(r.right));
  }
  return out.length ? out.slice(0, 10) : ['(page is ' + root.scrollWidth + ' px wide)'];
}"""


@pytest.mark.parametrize("persona", PERSONAS)
def test_no_page_scrolls_sideways_at_320px(persona, personas, browse, subtests):
    page = browse(personas[persona], viewport=NARROW)
    for target in crawl.pages(persona, build_world(personas)):
        status, is_html = crawl.goto(page, target.url)
        assert status == 200, f"{target.label} as {persona}: {status}"
        if not is_html:
            continue
        with subtests.test(msg=f"{target.label} as {persona}"):
            sticking_out = page.evaluate(OVERFLOW_JS)
            assert not sticking_out, f"scrolls sideways at 320 px: {sticking_out}"
