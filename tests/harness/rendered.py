"""Does a page render every field its Django forms accept? (tests/harness/test_form_fields.py)

Two questions, both answered from the HTML the page sends, parsed with
``html.parser`` (what a browser would submit, not what a template meant):

- ``unrendered_fields(response)``: every form in the response context (forms,
  formsets, and forms inside lists or dicts there) that the page draws has a
  control for each of its fields, hidden ones included, in the one HTML
  ``<form>`` that submits it (which forms count as drawn: its docstring). A
  field whose control is missing cannot be filled in, so a crispy layout that
  leaves it out (or a ``FormHelper(form)`` bound before the field was added) is
  caught here.
- ``unposted_names(html, data)``: every name a route's valid POST sends is a
  control of one ``<form>`` on the page (a test that posts a field the page
  never renders proves nothing about the page).

Controls are ``input``, ``select``, ``textarea`` and ``button`` with a name,
grouped by the ``<form>`` that submits them (their ``form="id"`` attribute, or
the enclosing ``<form>``); controls outside every form are not submitted by
any, and are reported as such.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from html.parser import HTMLParser

from django import forms
from django.forms.formsets import BaseFormSet

from tests.factories.accounts import client_for

from . import walker
from .forms import data_entry_forms
from .routes import Route, World

CONTROL_TAGS = {"input", "select", "textarea", "button"}
#: Sent by every POST form; the test client does not need it, no form field has it.
CSRF_NAME = "csrfmiddlewaretoken"


@dataclass
class HtmlForm:
    """One ``<form>`` of a page and the names of the controls it submits."""

    label: str  # 'form 2 (post "/overenskommelser/ny/")', for messages
    names: set[str] = field(default_factory=set)


@dataclass
class HtmlPage:
    forms: list[HtmlForm]
    #: Names of controls no ``<form>`` submits (outside every form, or ``form="unknown"``).
    outside: set[str]


class _ControlParser(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.forms: list[HtmlForm] = []
        self.by_id: dict[str, HtmlForm] = {}
        self.current: HtmlForm | None = None
        self.outside: set[str] = set()
        self.detached: list[tuple[str, str]] = []  # (form id, name) of form="id" controls

    def handle_starttag(self, tag: str, attrs) -> None:
        a = {k: v or "" for k, v in attrs}
        if tag == "form":
            method = (a.get("method") or "get").lower()
            action = a.get("action", "")
            self.current = HtmlForm(f'form {len(self.forms) + 1} ({method} "{action}")')
            self.forms.append(self.current)
            if a.get("id"):
                self.by_id[a["id"]] = self.current
        elif tag in CONTROL_TAGS and a.get("name"):
            if a.get("form"):
                self.detached.append((a["form"], a["name"]))
            elif self.current is not None:
                self.current.names.add(a["name"])
            else:
                self.outside.add(a["name"])

    def handle_endtag(self, tag: str) -> None:
        if tag == "form":
            self.current = None

    def page(self) -> HtmlPage:
        for form_id, name in self.detached:
            if form_id in self.by_id:
                self.by_id[form_id].names.add(name)
            else:
                self.outside.add(name)
        return HtmlPage(self.forms, self.outside)


def html_forms(html: str) -> HtmlPage:
    """The page's ``<form>`` elements with the names of their controls."""
    parser = _ControlParser()
    parser.feed(html)
    parser.close()
    return parser.page()


def _best_match(page_forms: list[HtmlForm], wanted: set[str]) -> HtmlForm | None:
    """The ``<form>`` that submits most of ``wanted`` (None: none submits any)."""
    best = max(page_forms, key=lambda f: len(wanted & f.names), default=None)
    return best if best is not None and wanted & best.names else None


# --- Django forms in the response context -----------------------------------------


def _forms_in(value: object, depth: int = 0) -> Iterator[forms.BaseForm]:
    if isinstance(value, forms.BaseForm):
        yield value
    elif isinstance(value, BaseFormSet):
        yield value.management_form
        yield from value.forms
    elif depth < 3 and isinstance(value, list | tuple):
        for item in value:
            yield from _forms_in(item, depth + 1)
    elif depth < 3 and isinstance(value, dict):
        for item in value.values():
            yield from _forms_in(item, depth + 1)


def context_forms(response) -> list[forms.BaseForm]:
    """Every Django form the page's templates were given (each once)."""
    contexts = response.context
    if contexts is None:
        return []
    if not isinstance(contexts, list):  # one template: a Context, not a ContextList
        contexts = [contexts]
    found: dict[int, forms.BaseForm] = {}
    for context in contexts:
        for layer in context.dicts:
            for value in layer.values():
                for form in _forms_in(value):
                    found.setdefault(id(form), form)
    return list(found.values())


def widget_names(bound: forms.BoundField) -> set[str]:
    """The control names the field's own widget draws (``name``; ``name_0``/``name_1`` for
    a MultiWidget; none for a checkbox list without choices)."""
    page = html_forms(str(bound.as_widget()))
    return page.outside.union(*(f.names for f in page.forms))


def form_label(form: forms.BaseForm) -> str:
    cls = type(form)
    prefix = f" (prefix {form.prefix!r})" if form.prefix else ""
    return f"{cls.__module__}.{cls.__qualname__}{prefix}"


def unrendered_fields(response, html: str | None = None) -> list[str]:
    """One line per field of a drawn context form that the page has no control for.

    A form counts as drawn when one ``<form>`` of the page has a control for one of
    its visible fields (for a form of hidden fields only: for one of those). That
    ``<form>`` must then have a control for every field, hidden ones included. A
    form given to the template but not drawn at all is the template's choice (the
    reopen form while a report is not approved, the review forms for a reporter, the
    confirmation box when there is nothing to confirm); a page that should draw a
    form and does not fails the route's valid-POST check and its journey.
    """
    html = response.content.decode() if html is None else html
    page = html_forms(html)
    problems = []
    for form in context_forms(response):
        visible: dict[str, set[str]] = {}
        hidden: dict[str, set[str]] = {}
        for bound in form:
            (hidden if bound.is_hidden else visible)[bound.name] = widget_names(bound)
        evidence = set().union(*visible.values()) or set().union(*hidden.values())
        drawn_in = _best_match(page.forms, evidence)
        if drawn_in is None:
            continue
        for field_name, wanted in {**visible, **hidden}.items():
            missing = sorted(wanted - drawn_in.names)
            if missing:
                kind = "hidden field" if field_name in hidden else "field"
                outside = sorted(set(missing) & page.outside)
                problems.append(
                    f"{form_label(form)}: {kind} {field_name!r} has no control named "
                    f"{', '.join(map(repr, missing))} in {drawn_in.label}"
                    + (f" ({', '.join(outside)} outside every <form>)" if outside else "")
                )
    return problems


def unposted_names(html: str, data: dict) -> list[str]:
    """One line per name of ``data`` (a valid POST) that the page's best-matching
    ``<form>`` has no control for."""
    wanted = set(data) - {CSRF_NAME}
    if not wanted:
        return []
    on_page = _best_match(html_forms(html).forms, wanted)
    if on_page is None:
        return [f"no <form> of the page has any of {sorted(wanted)}"]
    return [
        f"the valid POST sends {name!r}, which {on_page.label} has no control for"
        for name in sorted(wanted - on_page.names)
    ]


# --- one route, as one persona ------------------------------------------------------


def _is_html_page(response) -> bool:
    return response.status_code == 200 and "html" in response.get("Content-Type", "")


def route_problems(route: Route, persona: str, world: World) -> list[str]:
    """``unrendered_fields`` of the route's page as the persona opens it, and again after
    each of its data-entry forms is sent back with only its hidden fields (the error state
    a person sees after an empty submit)."""
    client = client_for(world[persona])
    url = walker.url_for(route, world)
    page = client.get(url)
    if not _is_html_page(page):
        return []
    html = page.content.decode()
    found = [f"as {persona}, as the page opens: {p}" for p in unrendered_fields(page, html)]
    for index, form in enumerate(data_entry_forms(html), start=1):
        rejected = client.post(form.action or url, form.hidden())
        if _is_html_page(rejected) and b'id="error-summary"' in rejected.content:
            state = f"after form {index} was sent empty"
            found += [f"as {persona}, {state}: {p}" for p in unrendered_fields(rejected)]
    return found


def report(route: Route, problems: list[str]) -> str:
    lines = "\n".join(f"  - {p}" for p in problems)
    return f"{route.name}{route.query}: fields the page does not draw:\n{lines}"
