"""Reads the portal's own stylesheets the way a browser does (test_stylesheets.py).

A browser never reports a broken stylesheet: when a closing brace is lost, every
rule after it is read as nested inside the open rule (CSS nesting: it then only
matches elements inside that rule's elements, i.e. nothing) or dropped. So a
stylesheet passes only when

- its braces balance (outside comments and strings): an unclosed ``{`` is
  reported at the line that opened it, a stray ``}`` where it stands;
- tinycss2 parses it without a parse error, at the top level, inside every
  rule's block and inside every ``@media``/``@supports``/``@layer``/``@keyframes``
  block;
- no rule or at-rule sits inside a style rule's declarations (the portal does
  not use CSS nesting: a nested rule is a lost brace), and no declaration's
  value holds a ``{…}`` block or is empty.

Every problem is one line ``path:line: what``.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

import tinycss2
from django.conf import settings

#: At-rules whose block holds rules (checked like the top level); others hold declarations.
RULE_LIST_AT_RULES = {"media", "supports", "layer", "container", "document", "keyframes"}


def portal_stylesheets() -> list[Path]:
    """Every CSS file the portal ships from its own static directories (STATICFILES_DIRS);
    Bootstrap comes from a package, not from these."""
    files: list[Path] = []
    for directory in settings.STATICFILES_DIRS:
        files.extend(sorted(Path(directory).rglob("*.css")))
    return files


def brace_problems(css: str) -> list[tuple[int, str]]:
    """(line, message) for each unclosed ``{`` and each ``}`` without its ``{``."""
    problems: list[tuple[int, str]] = []
    opened: list[int] = []
    line, i, n = 1, 0, len(css)
    while i < n:
        char = css[i]
        if char == "\n":
            line += 1
        elif char == "\\":  # an escaped character is never a brace
            i += 1
            line += css[i : i + 1] == "\n"
        elif css.startswith("/*", i):
            end = css.find("*/", i + 2)
            end = n if end == -1 else end + 2
            line += css.count("\n", i, end)
            i = end
            continue
        elif char in "\"'":
            j = i + 1
            while j < n and css[j] not in (char, "\n"):
                j += 2 if css[j] == "\\" else 1
            line += css.count("\n", i + 1, j)
            i = j
        elif char == "{":
            opened.append(line)
        elif char == "}":
            if opened:
                opened.pop()
            else:
                problems.append((line, "'}' closes nothing (a stray closing brace)"))
        i += 1
    for start in opened:
        problems.append((start, "'{' opened here is never closed (a lost closing brace)"))
    return sorted(problems)


def _prelude(node) -> str:
    text = " ".join(tinycss2.serialize(node.prelude).split())
    return text if len(text) <= 60 else text[:57] + "..."


def _parse_error(node) -> tuple[int, str]:
    return node.source_line, f"parse error: {node.message}"


def _check_rules(nodes: Iterable, problems: list[tuple[int, str]]) -> None:
    """A list of rules: the top level, or the block of @media and friends."""
    for node in nodes:
        if node.type == "error":
            problems.append(_parse_error(node))
        elif node.type == "qualified-rule":
            _check_style_block(node, problems)
        elif node.type == "at-rule" and node.content is not None:
            if node.lower_at_keyword in RULE_LIST_AT_RULES:
                _check_rules(_parse(tinycss2.parse_rule_list, node.content), problems)
            else:  # @font-face, @page, @property ...: declarations
                _check_style_block(node, problems)


def _check_style_block(rule, problems: list[tuple[int, str]]) -> None:
    where = f"'{_prelude(rule)}'" if rule.type == "qualified-rule" else f"@{rule.at_keyword}"
    nested = []
    for node in _parse(tinycss2.parse_blocks_contents, rule.content):
        if node.type == "error":
            problems.append(_parse_error(node))
        elif node.type == "qualified-rule":
            nested.append((node.source_line, f"'{_prelude(node)}'"))
        elif node.type == "at-rule":
            nested.append((node.source_line, f"@{node.at_keyword}"))
        elif node.type == "declaration":
            if any(token.type == "{} block" for token in node.value):
                problems.append(
                    (node.source_line, f"the value of '{node.name}' holds a {{…}} block")
                )
            if not node.name.startswith("--") and all(
                token.type in ("whitespace", "comment") for token in node.value
            ):
                problems.append((node.source_line, f"'{node.name}' has an empty value"))
    if nested:
        # The first one says where the brace went missing; the rest only repeat it.
        line, inner = nested[0]
        more = f", and {len(nested) - 1} more rules after it" if len(nested) > 1 else ""
        problems.append(
            (
                line,
                f"{inner} is nested inside {where} of line {rule.source_line}{more} "
                "(a lost closing brace? browsers read it as CSS nesting, so it matches nothing)",
            )
        )


def _parse(parser, content) -> list:
    return parser(content, skip_comments=True, skip_whitespace=True)


def stylesheet_problems(path: Path, css: str | None = None) -> list[str]:
    """Every problem of one stylesheet, as ``path:line: message`` lines in line order."""
    css = path.read_text(encoding="utf-8") if css is None else css
    problems = brace_problems(css)
    _check_rules(_parse(tinycss2.parse_stylesheet, css), problems)
    try:
        shown = path.resolve().relative_to(Path(settings.BASE_DIR).resolve())
    except ValueError:
        shown = path
    return [f"{shown}:{line}: {message}" for line, message in sorted(set(problems))]
