"""Markup rules assistive technology relies on that axe-core does not check (or not on
every element), read from a page's HTML.

Each rule takes the parsed page and returns its findings as short strings; no
finding means the page keeps the rule. Used by tests/harness/test_page_markup.py
on every page of the route tables.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from html.parser import HTMLParser

HEADINGS = {"h1", "h2", "h3", "h4", "h5", "h6"}
#: The one accessible name of the breadcrumb trail (templates/partials/breadcrumbs.html).
BREADCRUMB_LABELS = {"sv": "Brödsmulor", "en": "Breadcrumbs"}
VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "wbr"}


@dataclass
class Element:
    tag: str
    attrs: dict[str, str]
    parent: Element | None = None
    children: list[Element] = field(default_factory=list)
    #: The element's own text and its children, in document order.
    content: list[Element | str] = field(default_factory=list)

    @property
    def text(self) -> list[str]:
        return [c for c in self.content if isinstance(c, str)]

    def get(self, name: str) -> str:
        return self.attrs.get(name) or ""

    def classes(self) -> set[str]:
        return set(self.get("class").split())

    def iter(self):
        yield self
        for child in self.children:
            yield from child.iter()

    def all_text(self) -> str:
        parts = [self.get("alt")] if self.tag == "img" else []
        for item in self.content:
            parts.append(item if isinstance(item, str) else item.all_text())
        return " ".join(p for p in parts if p).strip()

    def ancestor(self, tag: str) -> Element | None:
        node = self.parent
        while node is not None and node.tag != tag:
            node = node.parent
        return node


class _TreeBuilder(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.root = Element("#document", {})
        self.current = self.root

    def handle_starttag(self, tag: str, attrs) -> None:
        element = Element(tag, {k: v or "" for k, v in attrs}, parent=self.current)
        self.current.children.append(element)
        self.current.content.append(element)
        if tag not in VOID:
            self.current = element

    def handle_startendtag(self, tag: str, attrs) -> None:
        element = Element(tag, {k: v or "" for k, v in attrs}, parent=self.current)
        self.current.children.append(element)
        self.current.content.append(element)

    def handle_endtag(self, tag: str) -> None:
        node = self.current
        while node is not None and node.tag != tag:
            node = node.parent
        if node is not None and node.parent is not None:
            self.current = node.parent

    def handle_data(self, data: str) -> None:
        if data.strip():
            self.current.content.append(data.strip())


def parse(html: str) -> Element:
    builder = _TreeBuilder()
    builder.feed(html)
    return builder.root


def _where(element: Element) -> str:
    key = element.get("id") or element.get("name") or element.get("class")
    return f"<{element.tag}{' ' + key if key else ''}>"


def duplicate_ids(root: Element) -> list[str]:
    counts = Counter(e.get("id") for e in root.iter() if e.get("id"))
    return [f'id="{i}" is used {n} times' for i, n in counts.items() if n > 1]


def empty_headings(root: Element) -> list[str]:
    return [
        f"empty heading {_where(e)}"
        for e in root.iter()
        if e.tag in HEADINGS and not e.all_text().strip(" ”“\"'")
    ]


def form_actions(root: Element) -> list[str]:
    """Every form says where it goes: without an action a form posts to the document's
    URL *with its fragment* (``#main`` after the skip link), and the answer then puts focus
    on #main instead of on the error summary."""
    found = []
    for form in (e for e in root.iter() if e.tag == "form"):
        action = form.attrs.get("action")
        if not action:
            found.append(f"{_where(form)} has no action")
        elif form.get("method").lower() == "post" and "#" in action:
            found.append(f'{_where(form)} posts to a fragment: action="{action}"')
    return found


def breadcrumb_labels(root: Element, language: str) -> list[str]:
    expected = BREADCRUMB_LABELS[language]
    found = []
    for trail in (e for e in root.iter() if e.tag == "ol" and "breadcrumb" in e.classes()):
        nav = trail.ancestor("nav")
        label = nav.get("aria-label") if nav else None
        if label != expected:
            found.append(f'breadcrumb labelled "{label}", not "{expected}"')
    return found


def described_and_invalid(root: Element) -> list[str]:
    """aria-describedby points at elements that exist; a field shown as invalid says so."""
    ids = {e.get("id") for e in root.iter() if e.get("id")}
    found = []
    for element in root.iter():
        for ref in element.get("aria-describedby").split():
            if ref not in ids:
                found.append(f'{_where(element)} aria-describedby="{ref}": no such element')
        if element.tag in ("input", "select", "textarea") and "is-invalid" in element.classes():
            if element.get("aria-invalid") != "true":
                found.append(f'{_where(element)} is shown invalid without aria-invalid="true"')
            group = element.ancestor("fieldset")  # checkboxes: the group names the error
            if not (element.get("aria-describedby") or (group and group.get("aria-describedby"))):
                found.append(f"{_where(element)} is invalid but not tied to its error text")
    return found


def _header_rows(table: Element) -> list[Element]:
    head = next((c for c in table.children if c.tag == "thead"), None)
    return [r for r in head.children if r.tag == "tr"] if head else []


def table_headers(root: Element) -> list[str]:
    """A table whose columns have more than one level of headers ties each cell to its
    headers with ``headers`` (and groups the columns with ``<colgroup>``): ``scope`` alone
    does not say which group a column belongs to."""
    found = []
    for table in (e for e in root.iter() if e.tag == "table"):
        if len(_header_rows(table)) < 2:
            continue
        name = table.get("id") or table.all_text()[:40]
        ids = {e.get("id") for e in table.iter() if e.tag == "th" and e.get("id")}
        if not any(c.tag == "colgroup" for c in table.children):
            found.append(f"table {name!r}: several header rows but no <colgroup>")
        for cell in (e for e in table.iter() if e.tag == "td" and e.all_text()):
            refs = cell.get("headers").split()
            if len(refs) < 2 or not set(refs) <= ids:
                found.append(f"table {name!r}: cell {cell.all_text()!r} headers={refs}")
                break
    return found


def page_language(root: Element) -> str:
    html = next(e for e in root.iter() if e.tag == "html")
    return html.get("lang") or "sv"


RULES = {
    "duplicate ids": lambda root: duplicate_ids(root),
    "empty headings": lambda root: empty_headings(root),
    "form actions": lambda root: form_actions(root),
    "breadcrumb label": lambda root: breadcrumb_labels(root, page_language(root)),
    "errors tied to fields": lambda root: described_and_invalid(root),
    "multi-level table headers": lambda root: table_headers(root),
}


def problems(html: str) -> dict[str, list[str]]:
    root = parse(html)
    return {rule: found for rule, check in RULES.items() if (found := check(root))}
