"""Charts drawn on the server as SVG: no JavaScript, no chart library, prints as is.

Each chart comes with what people who cannot see it need: ``role="img"``
with a ``<title>`` and ``<desc>``, a plain-language summary for the page and
the same figures as a table (headers and rows, already formatted the Swedish
way). Colours are SVG presentation attributes (allowed by the
Content-Security-Policy, unlike ``style``) and never the only cue: the
target is an outline or a dashed line, what was received is solid.

All text goes through ``format_html``, so names with ``<`` or ``&`` are escaped.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from django.utils.html import format_html
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

from reception.templatetags.reception_format import sv_int

INK = "#212529"
GRID = "#ced4da"
RECEIVED = "#0b5394"
TARGET_FILL = "#ffffff"
TARGET_STROKE = "#495057"
FONT = "system-ui, -apple-system, 'Segoe UI', Roboto, Arial, sans-serif"
WIDTH = 720


@dataclass
class Chart:
    id: str
    svg: SafeString
    title: str
    summary: str
    headers: list[str]
    rows: list[list[str]]


def _join(parts: list[SafeString]) -> SafeString:
    # Every part comes from format_html, so the joined text is safe.
    return mark_safe("".join(parts))  # noqa: S308


def nice_max(value: int) -> int:
    """A round axis maximum at or above value: 1, 2, 5 × 10^n."""
    if value <= 0:
        return 1
    magnitude = 1
    while magnitude * 10 <= value:
        magnitude *= 10
    for step in (1, 2, 5, 10):
        if step * magnitude >= value:
            return step * magnitude
    return 10 * magnitude  # pragma: no cover


def _ticks(top: int, count: int = 4) -> list[int]:
    step = max(top // count, 1)
    return list(range(0, top + 1, step))


def _svg(chart_id: str, title: str, desc: str, height: int, body: list[SafeString]) -> SafeString:
    return format_html(
        '<svg xmlns="http://www.w3.org/2000/svg" class="chart" viewBox="0 0 {w} {h}" '
        'width="{w}" height="{h}" role="img" aria-labelledby="{id}-title {id}-desc" '
        'font-family="{font}" font-size="13" fill="{ink}">'
        '<title id="{id}-title">{title}</title><desc id="{id}-desc">{desc}</desc>{body}</svg>',
        w=WIDTH,
        h=height,
        id=chart_id,
        font=FONT,
        ink=INK,
        title=title,
        desc=desc,
        body=_join(body),
    )


def _legend(y: int, x: int = 0, *, line: bool = False, planned: bool = False) -> list[SafeString]:
    if line:
        target = format_html(
            '<line x1="{}" y1="{}" x2="{}" y2="{}" stroke="{}" stroke-width="2" '
            'stroke-dasharray="6 4"/>',
            x,
            y - 4,
            x + 24,
            y - 4,
            TARGET_STROKE,
        )
        received = format_html(
            '<line x1="{}" y1="{}" x2="{}" y2="{}" stroke="{}" stroke-width="3"/>'
            '<circle cx="{}" cy="{}" r="3.5" fill="{}"/>',
            x + 160,
            y - 4,
            x + 184,
            y - 4,
            RECEIVED,
            x + 172,
            y - 4,
            RECEIVED,
        )
    else:
        target = format_html(
            '<rect x="{}" y="{}" width="20" height="10" fill="{}" stroke="{}" stroke-width="1.5"/>',
            x,
            y - 9,
            TARGET_FILL,
            TARGET_STROKE,
        )
        received = format_html(
            '<rect x="{}" y="{}" width="20" height="10" fill="{}"/>', x + 160, y - 9, RECEIVED
        )
    return [
        target,
        format_html(
            '<text x="{}" y="{}">{}</text>',
            x + 30,
            y,
            (_("Mål, planerad takt") if planned else _("Mål, jämn takt")) if line else _("Mål"),
        ),
        received,
        format_html('<text x="{}" y="{}">{}</text>', x + 190, y, _("Mottagna")),
    ]


@dataclass
class Bar:
    label: str
    target: int | None
    received: int


def bar_chart(*, chart_id: str, title: str, bars: list[Bar]) -> Chart:
    """Target (outline) and received (solid) per municipality, horizontal bars."""
    label_width, value_width, row_height, top = 170, 120, 30, 56
    plot = WIDTH - label_width - value_width
    top_value = nice_max(max([b.received for b in bars] + [b.target or 0 for b in bars] + [1]))
    height = top + row_height * max(len(bars), 1) + 10

    def x(value: int) -> float:
        return label_width + plot * value / top_value

    body = _legend(16, label_width)
    for tick in _ticks(top_value):
        body.append(
            format_html(
                '<line x1="{x}" y1="{y1}" x2="{x}" y2="{y2}" stroke="{c}" stroke-width="1"/>'
                '<text x="{x}" y="{ty}" text-anchor="middle" font-size="11">{t}</text>',
                x=round(x(tick), 1),
                y1=top - 6,
                y2=height - 6,
                c=GRID,
                ty=top - 10,
                t=sv_int(tick),
            )
        )
    for n, bar in enumerate(bars):
        y = top + n * row_height
        body.append(
            format_html(
                '<text x="{}" y="{}" text-anchor="end">{}</text>',
                label_width - 8,
                y + 17,
                bar.label,
            )
        )
        if bar.target is not None:
            body.append(
                format_html(
                    '<rect class="chart-target" x="{}" y="{}" width="{}" height="11" fill="{}" '
                    'stroke="{}" stroke-width="1.5"><title>{}</title></rect>',
                    label_width,
                    y + 3,
                    round(x(bar.target) - label_width, 1),
                    TARGET_FILL,
                    TARGET_STROKE,
                    _("Mål: %(n)s") % {"n": sv_int(bar.target)},
                )
            )
        body.append(
            format_html(
                '<rect class="chart-received" x="{}" y="{}" width="{}" height="11" fill="{}">'
                "<title>{}</title></rect>",
                label_width,
                y + 15,
                round(x(bar.received) - label_width, 1),
                RECEIVED,
                _("Mottagna: %(n)s") % {"n": sv_int(bar.received)},
            )
        )
        value = (
            _("%(received)s av %(target)s")
            % {"received": sv_int(bar.received), "target": sv_int(bar.target)}
            if bar.target is not None
            else _("%(received)s, inget mål") % {"received": sv_int(bar.received)}
        )
        body.append(
            format_html(
                '<text x="{}" y="{}" font-size="12">{}</text>',
                WIDTH - value_width + 8,
                y + 17,
                value,
            )
        )
    total_target = sum(b.target for b in bars if b.target is not None)
    total_received = sum(b.received for b in bars)
    reached = sum(1 for b in bars if b.target is not None and b.received >= b.target)
    with_target = sum(1 for b in bars if b.target is not None)
    summary = _(
        "Mottagna totalt %(received)s av målet %(target)s. "
        "%(reached)s av %(with_target)s kommuner med mål har nått sitt mål."
    ) % {
        "received": sv_int(total_received),
        "target": sv_int(total_target),
        "reached": reached,
        "with_target": with_target,
    }
    return Chart(
        id=chart_id,
        svg=_svg(chart_id, title, summary, height, body),
        title=title,
        summary=summary,
        headers=[_("Kommun"), _("Mål"), _("Mottagna")],
        rows=[[b.label, sv_int(b.target), sv_int(b.received)] for b in bars],
    )


def line_chart(
    *,
    chart_id: str,
    title: str,
    labels: list[str],
    cumulative: list[int | None],
    target_line: list[int | None],
    full_labels: list[str] | None = None,
    planned: bool = False,
) -> Chart:
    """Cumulative received (solid, dots) against the expected-pace line (dashed): the even
    line, or with ``planned`` the municipalities' pace plans."""
    left, right, top, bottom = 64, 20, 44, 40
    height = 320
    plot_w, plot_h = WIDTH - left - right, height - top - bottom
    values = [v for v in cumulative + target_line if v is not None]
    top_value = nice_max(max(values + [1]))
    count = max(len(labels), 1)

    def x(i: int) -> float:
        return round(left + (plot_w * (i + 0.5) / count), 1)

    def y(value: int) -> float:
        return round(top + plot_h - plot_h * value / top_value, 1)

    body = _legend(18, left, line=True, planned=planned)
    for tick in _ticks(top_value):
        body.append(
            format_html(
                '<line x1="{}" y1="{y}" x2="{}" y2="{y}" stroke="{}" stroke-width="1"/>'
                '<text x="{}" y="{ty}" text-anchor="end" font-size="11">{}</text>',
                left,
                WIDTH - right,
                GRID,
                left - 6,
                sv_int(tick),
                y=y(tick),
                ty=y(tick) + 4,
            )
        )
    for i, label in enumerate(labels):
        body.append(
            format_html(
                '<text x="{}" y="{}" text-anchor="middle" font-size="11">{}</text>',
                x(i),
                height - bottom + 18,
                label,
            )
        )
    target_points = [(x(i), y(v)) for i, v in enumerate(target_line) if v is not None]
    if target_points:
        body.append(
            format_html(
                '<polyline class="chart-target-line" points="{}" fill="none" stroke="{}" '
                'stroke-width="2" stroke-dasharray="6 4"/>',
                " ".join(f"{px},{py}" for px, py in target_points),
                TARGET_STROKE,
            )
        )
    received_points = [(i, v) for i, v in enumerate(cumulative) if v is not None]
    if received_points:
        body.append(
            format_html(
                '<polyline class="chart-received-line" points="{}" fill="none" stroke="{}" '
                'stroke-width="3"/>',
                " ".join(f"{x(i)},{y(v)}" for i, v in received_points),
                RECEIVED,
            )
        )
        for i, v in received_points:
            body.append(
                format_html(
                    '<circle cx="{}" cy="{}" r="3.5" fill="{}"><title>{}</title></circle>',
                    x(i),
                    y(v),
                    RECEIVED,
                    f"{labels[i]}: {sv_int(v)}",
                )
            )
    full = full_labels or labels
    if received_points:
        last, value = received_points[-1]
        summary = _("Till och med %(period)s har %(received)s tagits emot.") % {
            "period": full[last],
            "received": sv_int(value),
        }
        if target_line[last] is not None:
            figures = {"expected": sv_int(target_line[last]), "target": sv_int(target_line[-1])}
            if planned:
                summary += (
                    " "
                    + _(
                        "Enligt den planerade takten skulle det vara %(expected)s; "
                        "helårsplanen är %(target)s."
                    )
                    % figures
                )
            else:
                summary += (
                    " "
                    + _(
                        "Med jämn takt mot målet skulle det vara %(expected)s; "
                        "helårsmålet är %(target)s."
                    )
                    % figures
                )
    else:
        summary = _("Inga perioder har börjat ännu.")
    return Chart(
        id=chart_id,
        svg=_svg(chart_id, title, summary, height, body),
        title=title,
        summary=summary,
        headers=[
            _("Period"),
            _("Mottagna hittills"),
            _("Förväntat enligt plan") if planned else _("Mål enligt jämn takt"),
        ],
        rows=[[full[i], sv_int(cumulative[i]), sv_int(target_line[i])] for i in range(len(labels))],
    )


def progress_bar(value: Decimal | None, expected: Decimal | None = None) -> SafeString:
    """A small bar for a table cell; decorative (aria-hidden), the number stands beside it."""
    filled = 0.0 if value is None else float(min(max(value, Decimal(0)), Decimal(100)))
    parts = [
        format_html('<rect width="100" height="10" fill="#e9ecef" stroke="{}"/>', GRID),
        format_html('<rect width="{}" height="10" fill="{}"/>', round(filled, 1), RECEIVED),
    ]
    if expected is not None:
        mark = round(float(min(max(expected, Decimal(0)), Decimal(100))), 1)
        parts.append(
            format_html(
                '<line x1="{x}" y1="-2" x2="{x}" y2="12" stroke="{}" stroke-width="2"/>',
                INK,
                x=mark,
            )
        )
    return format_html(
        '<svg xmlns="http://www.w3.org/2000/svg" class="progress-bar" viewBox="-1 -2 102 14" '
        'width="102" height="14" aria-hidden="true" focusable="false">{}</svg>',
        _join(parts),
    )
