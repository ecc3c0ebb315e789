"""Every template of the portal compiles and names only templates that exist
(tests/harness/templates.py; the bites are in test_harness_bites.py)."""

from __future__ import annotations

from pathlib import Path

from django.conf import settings

from .templates import template_problems

TEMPLATE_DIR = Path(settings.BASE_DIR) / "templates"


def test_every_template_compiles_and_names_existing_templates():
    problems = template_problems(TEMPLATE_DIR)
    assert not problems, "\n".join(problems)


def test_the_template_check_sees_the_portals_templates():
    assert (TEMPLATE_DIR / "base.html").exists()
    assert (TEMPLATE_DIR / "partials" / "form.html").exists()
