"""Template helpers for the overview pages."""

from __future__ import annotations

from decimal import Decimal

from django import template
from django.utils.safestring import SafeString

from overview.charts import progress_bar as draw_progress_bar
from reception.capacity import Capacity

register = template.Library()


@register.simple_tag
def progress_bar(capacity: Capacity) -> SafeString:
    """The fulfilment bar with a mark where the expected pace (the plan, or an even pace)
    would be today (decorative)."""
    expected = None
    if capacity.target and capacity.planned is not None:
        expected = Decimal((capacity.expected or 0) * 100) / Decimal(capacity.target)
    elif capacity.target:
        expected = Decimal(capacity.elapsed_days * 100) / Decimal(capacity.year_days)
    return draw_progress_bar(capacity.fulfilment, expected)


@register.filter
def sv_decimal(value) -> str:
    """Decimal("61.4000") → "61,4"; Decimal("988943.0000") → "988 943"; None → "–"."""
    if value is None:
        return "–"
    number = Decimal(value).normalize()
    if number == number.to_integral():
        number = number.quantize(Decimal(1))
    whole, _, fraction = f"{number:,f}".partition(".")
    text = whole.replace(",", "\u00a0").replace("-", "−")
    return f"{text},{fraction}" if fraction else text
