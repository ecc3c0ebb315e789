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
    """Load ``url``; returns (status, is_html)."""
    response = page.goto(url, wait_until="load")
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
  for (const el of form.elements) {
    if (el.tagName === 'TEXTAREA') el.value = '';
    else if (el.tagName === 'SELECT') el.selectedIndex = -1;
    else if (el.tagName === 'INPUT' && ['checkbox', 'radio'].includes(el.type)) el.checked = false;
    else if (el.tagName === 'INPUT' && !['hidden', 'submit', 'button', 'reset', 'image']
        .includes(el.type)) el.value = '';
  }
}"""


def data_entry_forms(page) -> list[int]:
    return page.evaluate(_FORMS_JS)


def submit_cleared(page, index: int) -> None:
    """Clear the form's fields and press its submit button, as a person would."""
    page.evaluate(_CLEAR_JS, index)
    form = page.locator("main form").nth(index)
    button = form.locator("button[type=submit], input[type=submit], button:not([type])").first
    with page.expect_navigation(wait_until="load"):
        button.click()
