"""Which pages the browser tests visit, and in which states.

The list grows by itself: every GET route in ``tests/*/routes.py`` whose
expectation for the persona is 200.

States of a page:
- ``empty``: before ``build_world`` (only routes without URL arguments);
- ``filled``: after ``build_world`` (objects exist, lists have rows);
- ``messages``: filled, with a success/info/warning/error message shown;
- ``errors``: each data-entry form in <main> submitted with its fields cleared.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.urls import reverse

from tests.harness.registry import get_pages
from tests.harness.routes import Route, World

#: Route names the browser tests leave out → why. The access walker still checks them.
NOT_CHECKED: dict[str, str] = {
    "admin:index": (
        "Django's admin site, used only by system administrators; declared as not tested in "
        "the accessibility statement (templates/contacts/accessibility.html)."
    ),
}


@dataclass(frozen=True)
class Page:
    route: Route
    url: str

    @property
    def label(self) -> str:
        return f"{self.route.name}{self.route.query} ({self.url})"


def pages(persona: str, world: World | None) -> list[Page]:
    """The persona's pages; with ``world=None`` only those that need no object."""
    found = []
    for route in get_pages(persona):
        if route.name in NOT_CHECKED or (world is None and route.kwargs is not None):
            continue
        kwargs = route.url_kwargs(world) if world is not None else {}
        found.append(Page(route, reverse(route.name, kwargs=kwargs) + route.query))
    return found


def goto(page, url: str) -> tuple[int, bool]:
    """Load ``url``; returns (status, is_html).

    Downloads (CSV, XLSX, vCard: ``Content-Disposition: attachment``) make
    Chromium abort the navigation; they are fetched with the page's cookies
    instead, so their status is still checked.
    """
    from playwright.sync_api import Error

    try:
        response = page.goto(url, wait_until="load")
        if response is None:  # only the fragment changed: Chromium did not load the page
            response = page.reload(wait_until="load")
    except Error as exc:
        if "Download is starting" not in str(exc):
            raise
        download = page.request.get(url)
        return download.status, False
    content_type = response.headers.get("content-type", "")
    return response.status, content_type.startswith("text/html")


# Data-entry forms in <main>: a form posting something a person typed or chose.
_FORMS_JS = """() => Array.from(document.querySelectorAll('main form'))
  .map((form, index) => ({form, index}))
  .filter(({form}) => (form.getAttribute('method') || '').toLowerCase() === 'post')
  .filter(({form}) => Array.from(form.elements).some(el =>
      ['TEXTAREA', 'SELECT'].includes(el.tagName) ||
      (el.tagName === 'INPUT' && !['hidden', 'submit', 'button', 'reset', 'image']
          .includes(el.type))))
  .map(({index}) => index)"""

_CLEAR_JS = """(index) => {
  const form = document.querySelectorAll('main form')[index];
  if (!form) return false;
  for (const el of form.elements) {
    if (el.tagName === 'TEXTAREA') el.value = '';
    else if (el.tagName === 'SELECT') el.selectedIndex = -1;
    else if (el.tagName === 'INPUT' && ['checkbox', 'radio'].includes(el.type)) el.checked = false;
    else if (el.tagName === 'INPUT' && !['hidden', 'submit', 'button', 'reset', 'image']
        .includes(el.type)) el.value = '';
  }
  return true;
}"""


def data_entry_forms(page) -> list[int]:
    return page.evaluate(_FORMS_JS)


def submit_cleared(page, index: int) -> bool:
    """Clear the form's fields and press its submit button, as a person would.

    False when the form is gone: an earlier cleared submit may have been valid
    and changed the object (e.g. its status), so the page has fewer forms now.
    """
    if not page.evaluate(_CLEAR_JS, index):
        return False
    form = page.locator("main form").nth(index)
    button = form.locator("button[type=submit], input[type=submit], button:not([type])").first
    with page.expect_navigation(wait_until="load"):
        button.click()
    return True
