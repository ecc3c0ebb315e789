"""Safe rendering of what staff type: text blocks and protected e-mail links.

Text blocks use a tiny markup, never raw HTML:

* a blank line starts a new paragraph; a single line break is kept;
* lines starting with ``- `` (or ``* ``) form a bulleted list;
* ``**bold**`` becomes ``<strong>``;
* ``[link text](https://…)`` becomes a link (only ``https://``, ``http://``,
  ``mailto:`` and paths on this site starting with ``/``; ``//host`` and ``/\\host``
  are other sites to a browser, so they are no paths and stay plain text).

Everything is HTML-escaped *first*; the markup is recognised in the escaped
text, so ``<script>`` typed into a block is shown as the text ``<script>``.
"""

from __future__ import annotations

import re

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

_BULLET = re.compile(r"^\s*[-*]\s+(.*)$")
_BOLD = re.compile(r"\*\*(.+?)\*\*")
# Matched on escaped text: the URL cannot contain a quote or angle bracket any more.
_LINK = re.compile(r"\[([^\[\]]+)\]\(((?:https?://|mailto:|/(?![/\\]))[^\s()]*)\)")
#: Any ``[text](target)``: the form refuses targets _LINK would not turn into links.
_ANY_LINK = re.compile(r"\[([^\[\]]+)\]\(([^)]*)\)")


def refused_links(text: str) -> list[str]:
    """Link targets in ``text`` that render_text would leave as plain text."""
    return [
        target
        for label, target in _ANY_LINK.findall(text or "")
        if not _LINK.fullmatch(f"[{label}]({escape(target)})")
    ]


def _inline(text: str) -> str:
    html = escape(text)
    html = _LINK.sub(r'<a href="\2">\1</a>', html)
    return _BOLD.sub(r"<strong>\1</strong>", html)


def render_text(text: str) -> SafeString:
    """Render block text (plain text with the tiny markup above) as safe HTML."""
    parts: list[str] = []
    paragraph: list[str] = []
    items: list[str] = []

    def flush_paragraph() -> None:
        if paragraph:
            parts.append("<p>" + "<br>".join(_inline(line) for line in paragraph) + "</p>")
            paragraph.clear()

    def flush_items() -> None:
        if items:
            parts.append("<ul>" + "".join(f"<li>{_inline(i)}</li>" for i in items) + "</ul>")
            items.clear()

    for raw in (text or "").replace("\r\n", "\n").replace("\r", "\n").split("\n"):
        line = raw.strip()
        bullet = _BULLET.match(raw)
        if not line:
            flush_paragraph()
            flush_items()
        elif bullet:
            flush_paragraph()
            items.append(bullet.group(1).strip())
        else:
            flush_items()
            paragraph.append(line)
    flush_paragraph()
    flush_items()
    # Safe: every piece of user text went through escape() in _inline().
    return mark_safe("\n".join(parts))


def entity_encode(text: str) -> str:
    """Every character as a numeric HTML character reference (``a`` → ``&#97;``)."""
    return "".join(f"&#{ord(char)};" for char in text)


def protected_mailto(address: str, label: str | None = None) -> SafeString:
    """A real ``mailto:`` link whose address never appears as plain text in the HTML.

    Why this approach: the address is written as HTML character references in
    both ``href`` and link text. Browsers decode them before anything else, so
    the result is an ordinary link — it works without JavaScript, with the
    keyboard, and screen readers read the address normally. Harvesters that
    scan the raw HTML for ``name@domain`` patterns find nothing. (A determined
    harvester that decodes entities still gets the address; so does anyone who
    reads the page — the address is meant to be used.) JavaScript obfuscation
    was rejected: it hides the address from people without scripts and adds a
    moving part for little extra protection.
    """
    visible = entity_encode(label) if label is not None else entity_encode(address)
    # Safe: both parts consist only of numeric character references.
    return mark_safe(f'<a href="{entity_encode("mailto:" + address)}">{visible}</a>')
