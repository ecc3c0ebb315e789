"""Guards read from the project's Python source (tests/harness/test_form_fields.py).

``FormHelper(form)`` builds a crispy layout from the fields the form has at that
moment, and crispy then draws only those. ``PortalFormMixin.__init__`` runs
before a subclass adds its fields (one per target category, per report figure),
so a helper bound there, or anywhere before the last field is added, silently
drops fields: last round staff could not enter an agreement's targets. The page
check (test_form_fields.py) catches it on the pages and states the route tables
reach; this guard catches it on every form, also those drawn only in a state no
table reaches. It is a plain syntax check, not a proof: a form whose fields are
all declared would survive ``FormHelper(self)`` today, but only until someone adds
a field in ``__init__``; ``FormHelper()`` (with a ``Layout`` naming the fields, if
the order matters) is never wrong, so the guard refuses the bound form outright.
"""

from __future__ import annotations

import ast
from collections.abc import Iterable
from pathlib import Path

from django.conf import settings

#: Top-level directories that are not the portal's own code.
NOT_PROJECT_CODE = {".venv", "tests", "staticfiles", "node_modules", ".git"}


def project_python_files() -> list[Path]:
    base = Path(settings.BASE_DIR)
    return sorted(
        path
        for path in base.rglob("*.py")
        if path.relative_to(base).parts[0] not in NOT_PROJECT_CODE
        and "migrations" not in path.parts
    )


def helpers_bound_to_a_form(paths: Iterable[Path]) -> list[str]:
    """``path:line`` of every ``FormHelper(...)`` call given a form (positionally or as
    ``form=``)."""
    found = []
    for path in paths:
        tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
        for node in ast.walk(tree):
            if not isinstance(node, ast.Call):
                continue
            func = node.func
            name = func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", None)
            if name == "FormHelper" and (node.args or any(k.arg == "form" for k in node.keywords)):
                found.append(f"{path}:{node.lineno}: {ast.unparse(node)}")
    return found
