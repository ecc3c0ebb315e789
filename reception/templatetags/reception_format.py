"""Swedish number formatting: no-break space between thousands, decimal comma."""

from __future__ import annotations

from decimal import Decimal

from django import template

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
