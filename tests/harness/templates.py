"""Every template under templates/ compiles, and the templates it names exist.

Pages render their templates in the access walker and the form checks, but a
template used only in an error state, an e-mail or a branch no test reaches
would break in front of a person first. Compiling every file (with the
portal's tag libraries, in debug mode for line numbers) and resolving every
constant ``{% extends %}``/``{% include %}`` finds those before they do.
"""

from __future__ import annotations

from pathlib import Path

from django.template import Engine, TemplateDoesNotExist, TemplateSyntaxError, engines
from django.template.base import FilterExpression
from django.template.loader_tags import ExtendsNode, IncludeNode

TEMPLATE_SUFFIXES = {".html", ".txt"}


def template_engine(directory: Path) -> Engine:
    """The portal's engine settings (its directory, the apps' templates and tag
    libraries), in debug mode so a syntax error carries its line."""
    portal = engines["django"].engine
    return Engine(
        dirs=[str(directory)],
        app_dirs=True,
        debug=True,
        libraries=portal.libraries,
        builtins=[b for b in portal.builtins if b not in Engine.default_builtins],
    )


def _constant(expression: FilterExpression) -> str | None:
    return expression.var if isinstance(expression.var, str) and not expression.filters else None


def template_problems(directory: Path, engine: Engine | None = None) -> list[str]:
    """One ``path:line: what`` line per template that does not compile or names a
    template that does not exist."""
    engine = engine or template_engine(directory)
    problems = []
    for path in sorted(p for p in directory.rglob("*") if p.suffix in TEMPLATE_SUFFIXES):
        name = path.relative_to(directory).as_posix()
        try:
            template = engine.get_template(name)
        except TemplateSyntaxError as error:
            line = getattr(error, "template_debug", {}).get("line", "?")
            problems.append(f"templates/{name}:{line}: {error}")
            continue
        nodes = [
            *template.nodelist.get_nodes_by_type(ExtendsNode),
            *template.nodelist.get_nodes_by_type(IncludeNode),
        ]
        for node in nodes:
            expression = node.parent_name if isinstance(node, ExtendsNode) else node.template
            named = _constant(expression)
            if named is None:
                continue
            try:
                engine.get_template(named)
            except TemplateDoesNotExist:
                line = node.token.lineno if node.token else "?"
                problems.append(f"templates/{name}:{line}: names {named!r}, which does not exist")
            except TemplateSyntaxError:
                pass  # reported for that template itself
    return problems
