"""The results' distribution charts: horizontal bars drawn as SVG on the server, in the
overview's way (``overview/charts.py``): ``role="img"`` with ``<title>`` and ``<desc>``,
the same figures in the table beside, presentation attributes only (the CSP)."""

from __future__ import annotations

import textwrap

from django.utils.html import format_html
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

INK = "#212529"
BAR = "#0b5394"
#: The bar's full length behind it (decoration: the count is written beside the bar).
TRACK = "#e9ecef"
FONT = "system-ui, -apple-system, 'Segoe UI', Roboto, Arial, sans-serif"
#: The chart is drawn 400 px wide and shrinks with the column (``max-width: 100%``): on
#: a 375 px phone it is about 350 px, so the 15 px texts stay above 13 px there.
WIDTH = 400
FONT_SIZE = 15
LINE = 19
BAR_HEIGHT = 16
GAP = 12
#: Room right of the bars for the counts.
COUNT_ROOM = 50
#: Characters per label line (a longer option wraps onto more lines).
LABEL_CHARS = 44


def distribution_chart(chart_id: str, title: str, rows: list[dict], answered: int) -> SafeString:
    """One bar per option (share of those who answered), its label on the line above so
    the bars keep the whole width on a phone; last year's count, when there is one, is
    in the table (the chart shows this year only, so colour never carries it)."""
    parts = []
    span = WIDTH - COUNT_ROOM
    y = 0
    for row in rows:
        for line in textwrap.wrap(str(row["option"]), LABEL_CHARS) or [""]:
            y += LINE
            parts.append(format_html('<text x="0" y="{y}">{line}</text>', y=y - 4, line=line))
        width = int(span * row["count"] / answered) if answered else 0
        parts.append(
            format_html(
                '<rect x="0" y="{y}" width="{span}" height="{h}" fill="{track}"></rect>'
                '<rect x="0" y="{y}" width="{w}" height="{h}" fill="{bar}"></rect>'
                '<text x="{vx}" y="{ty}">{count}</text>',
                y=y,
                span=span,
                track=TRACK,
                w=width,
                h=BAR_HEIGHT,
                bar=BAR,
                vx=span + 6,
                ty=y + BAR_HEIGHT - 3,
                count=row["count"],
            )
        )
        y += BAR_HEIGHT + GAP
    desc = "; ".join(f"{r['option']}: {r['count']}" for r in rows)
    desc = _("%(n)s svar. %(rows)s.") % {"n": answered, "rows": desc}
    return format_html(
        '<svg xmlns="http://www.w3.org/2000/svg" class="chart survey-chart" '
        'viewBox="0 0 {w} {h}" width="{w}" height="{h}" role="img" '
        'aria-labelledby="{id}-title {id}-desc" font-family="{font}" font-size="{size}" '
        'fill="{ink}"><title id="{id}-title">{title}</title><desc id="{id}-desc">{desc}</desc>'
        "{body}</svg>",
        w=WIDTH,
        h=max(y - GAP + 2, 1),
        id=chart_id,
        font=FONT,
        size=FONT_SIZE,
        ink=INK,
        title=title,
        desc=desc,
        body=mark_safe("".join(parts)),  # noqa: S308 - every part from format_html
    )
