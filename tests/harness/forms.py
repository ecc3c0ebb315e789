"""Finds the data-entry forms a page renders, from its HTML (for the fuzzer).

Only forms inside <main> with ``method="post"``: the header's sign-out form is
not data entry.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from html.parser import HTMLParser

SKIP_INPUT_TYPES = {"submit", "button", "reset", "image"}


@dataclass
class FormField:
    name: str
    kind: str  # input type, "select" or "textarea"
    value: str = ""
    options: list[str] = field(default_factory=list)


@dataclass
class Form:
    action: str
    fields: dict[str, FormField] = field(default_factory=dict)

    def data_fields(self) -> list[FormField]:
        return [f for f in self.fields.values() if f.kind != "hidden"]

    def hidden(self) -> dict[str, str]:
        return {f.name: f.value for f in self.fields.values() if f.kind == "hidden"}


class _Parser(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.in_main = 0
        self.forms: list[Form] = []
        self.form: Form | None = None
        self.select: FormField | None = None

    def handle_starttag(self, tag: str, attrs) -> None:
        a = {k: v or "" for k, v in attrs}
        if tag == "main":
            self.in_main += 1
        elif tag == "form" and self.in_main and a.get("method", "").lower() == "post":
            self.form = Form(action=a.get("action", ""))
        elif self.form is None or "name" not in a:
            if tag == "option" and self.select is not None:
                self.select.options.append(a.get("value", ""))
            return
        elif tag == "input" and a.get("type", "text") not in SKIP_INPUT_TYPES:
            kind = a.get("type", "text")
            existing = self.form.fields.get(a["name"])
            if existing and kind in ("checkbox", "radio"):
                existing.options.append(a.get("value", "on"))
            else:
                self.form.fields[a["name"]] = FormField(
                    a["name"], kind, a.get("value", ""), [a.get("value", "on")]
                )
        elif tag == "textarea":
            self.form.fields[a["name"]] = FormField(a["name"], "textarea")
        elif tag == "select":
            self.select = FormField(a["name"], "select")
            self.form.fields[a["name"]] = self.select

    def handle_endtag(self, tag: str) -> None:
        if tag == "main":
            self.in_main -= 1
        elif tag == "form" and self.form is not None:
            if self.form.data_fields():
                self.forms.append(self.form)
            self.form = None
        elif tag == "select":
            self.select = None


def data_entry_forms(html: str) -> list[Form]:
    parser = _Parser()
    parser.feed(html)
    return parser.forms
