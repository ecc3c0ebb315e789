"""Tables that fit: at 1280 px no signed-in table scrolls sideways inside its container;
at 375 px the last column of every list (its action: "Granska", "Fyll i", "Visa") is
within the screen, not hidden behind a sideways scroll.

Every signed-in page of the route tables (tests/*/routes.py) with a table in <main>.
"""

from __future__ import annotations

import pytest

from tests.harness.registry import build_world

from . import crawl

pytestmark = pytest.mark.browser

WIDE = {"width": 1280, "height": 900}
PHONE = {"width": 375, "height": 812}
SIGNED_IN = ("staff", "reporter_a", "admin")

#: Tables wider than their container at 1280 px: "table (caption) 1400 > 1116".
TOO_WIDE_JS = """() => Array.from(document.querySelectorAll('main table')).flatMap(table => {
  const box = table.closest('.table-scroll') || table.parentElement;
  if (table.scrollWidth <= box.clientWidth) return [];
  const caption = table.caption ? table.caption.innerText.trim() : '';
  return ['table (' + caption + ') ' + table.scrollWidth + ' > ' + box.clientWidth];
})"""

#: Cells of a table's last column reaching past the screen's right edge at 375 px.
LAST_COLUMN_OUT_JS = """() => {
  const width = document.documentElement.clientWidth;
  const out = [];
  for (const table of document.querySelectorAll('main table')) {
    for (const row of table.querySelectorAll('tbody tr')) {
      const cells = row.querySelectorAll('th, td');
      const last = cells[cells.length - 1];
      if (!last || !last.innerText.trim()) continue;
      const r = last.getBoundingClientRect();
      if (r.width > 0 && (r.right > width + 1 || r.left < -1)) {
        const caption = table.caption ? table.caption.innerText.trim() : '';
        out.push('(' + caption + ') "' + last.innerText.trim().slice(0, 30) + '" right=' +
                 Math.round(r.right));
        break;
      }
    }
  }
  return out;
}"""


def _table_pages(persona, world):
    return [p for p in crawl.pages(persona, world)]


@pytest.mark.parametrize("persona", SIGNED_IN)
def test_no_signed_in_table_scrolls_sideways_at_1280px(persona, personas, browse, subtests):
    page = browse(personas[persona], viewport=WIDE)
    for target in _table_pages(persona, build_world(personas)):
        status, is_html = crawl.goto(page, target.url)
        if not is_html or status != 200:
            continue
        with subtests.test(msg=f"{target.label} as {persona}"):
            too_wide = page.evaluate(TOO_WIDE_JS)
            assert not too_wide, f"scrolls sideways at 1280 px: {too_wide}"


@pytest.mark.parametrize("persona", SIGNED_IN)
def test_last_column_of_every_list_is_on_screen_at_375px(persona, personas, browse, subtests):
    page = browse(personas[persona], viewport=PHONE)
    for target in _table_pages(persona, build_world(personas)):
        status, is_html = crawl.goto(page, target.url)
        if not is_html or status != 200:
            continue
        with subtests.test(msg=f"{target.label} as {persona}"):
            out = page.evaluate(LAST_COLUMN_OUT_JS)
            assert not out, f"the last column is off screen at 375 px: {out}"
