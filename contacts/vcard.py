"""vCard 3.0 (RFC 2426) contact cards, UTF-8 — the version every address book imports."""

from __future__ import annotations

import re

from .models import Contact

#: Every line break an address book might honour (CR alone too: a CR in a title
#: could otherwise start a property of its own).
_LINE_BREAK = re.compile("\r\n|[\r\n\x0b\x0c\x85\u2028\u2029]")
_CONTROL = re.compile("[\x00-\x1f\x7f]")


def _escape(value: str) -> str:
    """A TEXT value (RFC 2426 4): backslash, comma, semicolon and line breaks escaped,
    other control characters made spaces, so a value can never end its line."""
    value = value.replace("\\", "\\\\").replace(",", "\\,").replace(";", "\\;")
    value = _LINE_BREAK.sub("\\\\n", value)
    return _CONTROL.sub(" ", value)


def _fold(line: str) -> list[str]:
    """Fold at 75 octets without splitting a UTF-8 character (RFC 2425 section 5.8.1)."""
    out: list[str] = []
    current = ""
    limit = 75
    for char in line:
        if len((current + char).encode()) > limit:
            out.append(current)
            current = " "
            limit = 75
        current += char
    out.append(current)
    return out


def build_vcard(contact: Contact, *, organisation: str) -> str:
    names = contact.name.rsplit(" ", 1)
    family, given = (names[1], names[0]) if len(names) == 2 else (names[0], "")
    lines = [
        "BEGIN:VCARD",
        "VERSION:3.0",
        f"N:{_escape(family)};{_escape(given)};;;",
        f"FN:{_escape(contact.name)}",
        f"ORG:{_escape(organisation)};{_escape(contact.unit.name)}",
        f"TITLE:{_escape(contact.title)}",
        f"EMAIL;TYPE=INTERNET,WORK:{_escape(contact.email)}",
        f"TEL;TYPE=WORK,VOICE:{_escape(contact.phone)}",
        "END:VCARD",
    ]
    return "".join(part + "\r\n" for line in lines for part in _fold(line))
