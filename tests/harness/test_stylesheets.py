"""Every stylesheet the portal ships reads as written (tests/harness/stylesheets.py).

A lost closing brace in static/css/portal.css once unstyled half the portal
while every test passed: nothing parsed CSS. The bites are in
test_harness_bites.py.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from django.conf import settings
from django.contrib.staticfiles import finders

from .stylesheets import portal_stylesheets, stylesheet_problems

STYLESHEETS = portal_stylesheets()
LINKED = re.compile(r"""{%\s*static\s+['"]([^'"]+\.css)['"]\s*%}""")


def test_the_portals_own_stylesheets_are_found():
    names = {path.name for path in STYLESHEETS}
    assert {"portal.css", "print.css", "reception.css", "overview.css"} <= names
    assert not any("bootstrap" in str(path) for path in STYLESHEETS)


@pytest.mark.parametrize("path", STYLESHEETS, ids=lambda p: p.name)
def test_stylesheet_parses_with_balanced_braces_and_no_nested_rules(path: Path):
    problems = stylesheet_problems(path)
    assert not problems, "\n".join(problems)


def test_every_stylesheet_a_template_links_exists():
    """A page linking a stylesheet that is not there is as unstyled as a broken one."""
    template_dir = Path(settings.BASE_DIR) / "templates"
    missing = [
        f"{template.relative_to(template_dir)}: {name}"
        for template in sorted(template_dir.rglob("*.html"))
        for name in LINKED.findall(template.read_text(encoding="utf-8"))
        if finders.find(name) is None
    ]
    assert not missing, f"stylesheets linked but not found by staticfiles: {missing}"
