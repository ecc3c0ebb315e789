"""The results' distribution charts: horizontal bars drawn as SVG on the server, in the
overview's way (``overview/charts.py``): ``role="img"`` with ``<title>`` and ``<desc>``,
the same figures in the table beside, presentation attributes only (the CSP)."""

from __future__ import annotations

from django.utils.html import format_html
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

INK = "#212529"
BAR = "#0b5394"
FONT = "system-ui, -apple-system, 'Segoe UI', Roboto, Arial, sans-serif"
WIDTH = 720
LABEL = 300
ROW = 26


def distribution_chart(chart_id: str, title: str, rows: list[dict], answered: int) -> SafeString:
    """One bar per option (share of those who answered); last year's count, when there is
    one, is in the table (the chart shows this year only, so colour never carries it)."""
    parts = []
    span = WIDTH - LABEL - 60
    for i, row in enumerate(rows):
        y = 8 + i * ROW
        width = int(span * row["count"] / answered) if answered else 0
        parts.append(
            format_html(
                '<text x="{lx}" y="{ty}" text-anchor="end">{label}</text>'
                '<rect x="{x}" y="{y}" width="{w}" height="16" fill="{bar}"></rect>'
                '<text x="{vx}" y="{ty}">{count}</text>',
                lx=LABEL - 8,
                ty=y + 13,
                label=row["option"],
                x=LABEL,
                y=y,
                w=width,
                bar=BAR,
                vx=LABEL + width + 6,
                count=row["count"],
            )
        )
    desc = "; ".join(f"{r['option']}: {r['count']}" for r in rows)
    desc = _("%(n)s svar. %(rows)s.") % {"n": answered, "rows": desc}
    height = 16 + len(rows) * ROW
    return format_html(
        '<svg xmlns="http://www.w3.org/2000/svg" class="chart survey-chart" '
        'viewBox="0 0 {w} {h}" width="{w}" height="{h}" role="img" '
        'aria-labelledby="{id}-title {id}-desc" font-family="{font}" font-size="13" '
        'fill="{ink}"><title id="{id}-title">{title}</title><desc id="{id}-desc">{desc}</desc>'
        "{body}</svg>",
        w=WIDTH,
        h=height,
        id=chart_id,
        font=FONT,
        ink=INK,
        title=title,
        desc=desc,
        body=mark_safe("".join(parts)),  # noqa: S308 - every part from format_html
    )
