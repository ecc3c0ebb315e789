"""Swedish number formatting: no-break space between thousands, decimal comma."""

from __future__ import annotations

from decimal import Decimal

from django import template
from django.utils.html import conditional_escape, escape
from django.utils.safestring import SafeString, mark_safe

register = template.Library()

NBSP = "\u00a0"


@register.filter
def sv_int(value) -> str:
    """12345 → "12 345" (no-break space); None → "–"."""
    if value is None or value == "":
        return "–"
    try:
        number = int(value)
    except (TypeError, ValueError):
        return str(value)
    return f"{number:,}".replace(",", NBSP).replace("-", "−")


@register.filter
def sv_percent(value) -> str:
    """Decimal("45.0") → "45,0 %"; None → "–"."""
    if value is None:
        return "–"
    number = Decimal(value).quantize(Decimal("0.1"))
    whole, _, fraction = f"{number:,}".partition(".")
    return f"{whole.replace(',', NBSP)},{fraction or '0'}{NBSP}%"


# Tags for tables with a row per municipality or report: the same markup as the partials
# `reception/_status.html` and `reception/_capacity_status.html` (their trailing newline
# included), without an `{% include %}` per row (bench/README.md, "Miss path": an include
# costs a context push, a template lookup and a node walk per row).


def _badge(kind: str, status, label) -> SafeString:
    return mark_safe(
        f'<span class="{kind} {kind}--{escape(status)}">{conditional_escape(label)}</span>\n'
    )


@register.simple_tag
def report_status(status, label) -> SafeString:
    """What `{% include "reception/_status.html" with status=… label=… %}` renders."""
    return _badge("report-status", status, label)


@register.simple_tag
def capacity_status(status, label) -> SafeString:
    """What `{% include "reception/_capacity_status.html" with status=… label=… %}` renders."""
    return _badge("capacity-status", status, label)


def num_cells(values, end: str = "") -> SafeString:
    """`<td class="num">…</td>` for each value (an int through sv_int, a text escaped)."""
    cells = "".join(
        f'<td class="num">{escape(value) if isinstance(value, str) else sv_int(value)}</td>'
        for value in values
    )
    return mark_safe(cells + end)
