"""Check the English catalogue: every entry translated, and the .mo matches the .po.

Usage: python scripts/po_check.py [path/to/django.po]
Exit 1 with the untranslated or stale entries listed.
"""

from __future__ import annotations

import ast
import gettext
import sys
from pathlib import Path

DEFAULT = Path(__file__).resolve().parent.parent / "locale/en/LC_MESSAGES/django.po"


def parse_po(path: Path) -> list[dict]:
    """A small parser for the subset of PO that makemessages writes."""
    entries: list[dict] = []
    current: dict | None = None
    key = None
    for raw in path.read_text(encoding="utf-8").splitlines():
        line = raw.strip()
        if not line:
            if current:
                entries.append(current)
            current, key = None, None
            continue
        if line.startswith("#,"):
            current = current or {}
            current.setdefault("flags", set()).update(f.strip() for f in line[2:].split(","))
            continue
        if line.startswith("#"):
            continue
        current = current or {}
        if line.startswith('"'):
            current[key] += ast.literal_eval(line)
            continue
        key, _, value = line.partition(" ")
        current[key] = ast.literal_eval(value)
    if current:
        entries.append(current)
    return entries


def problems(po_path: Path) -> list[str]:
    found = []
    mo_path = po_path.with_suffix(".mo")
    with open(mo_path, "rb") as handle:
        compiled = gettext.GNUTranslations(handle)
    for entry in parse_po(po_path):
        msgid = entry.get("msgid", "")
        if not msgid:
            continue
        if "fuzzy" in entry.get("flags", set()):
            found.append(f"fuzzy: {msgid!r}")
        if "msgid_plural" in entry:
            forms = [entry.get("msgstr[0]", ""), entry.get("msgstr[1]", "")]
            if not all(forms):
                found.append(f"untranslated: {msgid!r}")
            elif compiled.ngettext(msgid, entry["msgid_plural"], 1) != forms[0]:
                found.append(f"not compiled: {msgid!r}")
            continue
        msgstr = entry.get("msgstr", "")
        if not msgstr:
            found.append(f"untranslated: {msgid!r}")
        elif "msgctxt" not in entry and compiled.gettext(msgid) != msgstr:
            found.append(f"not compiled: {msgid!r}")
    return found


if __name__ == "__main__":
    path = Path(sys.argv[1]) if len(sys.argv) > 1 else DEFAULT
    issues = problems(path)
    for issue in issues:
        print(issue)
    print(f"{path}: {len(issues)} problem(s)")
    sys.exit(1 if issues else 0)
