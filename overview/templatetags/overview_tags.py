"""Template helpers for the overview pages."""

from __future__ import annotations

from decimal import Decimal

from django import template
from django.utils.safestring import SafeString

from overview.charts import progress_bar as draw_progress_bar
from reception.capacity import Capacity
from reception.templatetags.reception_format import num_cells, sv_percent

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


# The cells of the overview's per-municipality tables, once per row (bench/README.md,
# "Miss path": an `{% include %}` per row and a filter per cell were a third of the county
# overview's rendering). They replace the partials `_timeliness_cells.html` and
# `_activity_cells.html`, markup unchanged (tests/overview/test_cells.py).


@register.simple_tag
def timeliness_cells(t) -> SafeString:
    """Expected, submitted, on time, late, missing, share on time (a Timeliness)."""
    cells = (t.expected, t.submitted, t.on_time, t.late, t.missing, sv_percent(t.on_time_share))
    return num_cells(cells, end="\n")


@register.simple_tag
def activity_cells(f) -> SafeString:
    """The ten figures of an activity row (activities.figures)."""
    return num_cells(
        (
            f.activities,
            f.places,
            f.women,
            f.men,
            f.participants,
            f.first_time,
            f.completed,
            f.dropped,
            sv_percent(f.fill_rate),
            f.submitted,
        ),
        end="\n",
    )
