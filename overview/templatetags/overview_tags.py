"""Template helpers for the overview pages."""

from __future__ import annotations

from decimal import Decimal

from django import template
from django.urls import reverse
from django.utils.formats import localize
from django.utils.html import conditional_escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.text import capfirst
from django.utils.timezone import localtime
from django.utils.translation import gettext

from overview.charts import progress_bar as draw_progress_bar
from reception.capacity import Capacity
from reception.templatetags.reception_format import (
    capacity_status,
    num_cells,
    report_status,
    sv_int,
    sv_percent,
)

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


# The review queue's table: one row per municipality and per activity report of the period
# (~320 in the largest county), rendered here instead of by the template engine
# (bench/README.md, "Profiles and changes": the row's `{% url %}`, `{% blocktranslate %}`,
# `|date` and `{% report_status %}` were ~50 ms of its ~60). The markup is what the loop in
# `overview/review_queue.html` rendered, byte for byte (tests/overview/test_review_queue_rows.py
# renders the old template beside it). What is the same on every row (the translated
# words, the two links' ends, the status badges) is made once per table.

#: A pk no report has: reversed once, then replaced by each row's pk.
_PK_MARK = 987654321
OVERDUE_CLASS = ' class="is-overdue"'


def _link_ends(view_name: str) -> tuple[str, str]:
    url = conditional_escape(reverse(view_name, kwargs={"pk": _PK_MARK}))
    head, mark, tail = url.partition(str(_PK_MARK))
    assert mark, url
    return head, tail


@register.simple_tag
def review_queue_rows(rows) -> SafeString:
    """The `<tr>`s of the review queue (rows as built by `overview.views.review_queue`)."""
    follow_up_link = _link_ends("reception:report_review")
    activity_link = _link_ends("activities:activity_report_detail")
    # `{% translate %}` escapes the translation; `{% blocktranslate %}` escapes only the
    # values put into it.
    follow_up = conditional_escape(gettext("Uppföljning"))
    overdue_mark = ' <span class="overdue-mark">' + conditional_escape(gettext("Försenad"))
    overdue_mark += "</span>"
    review, show = conditional_escape(gettext("Granska")), conditional_escape(gettext("Visa"))
    activity_label = gettext("Aktivitet: %(a)s")
    badges: dict[str, str] = {}  # a status has one label
    out = []
    for row in rows:
        municipality, report, activity = row["municipality"], row["report"], row["activity"]
        status, overdue = row["status"], row["overdue"]
        name = conditional_escape(municipality.name)
        badge = badges.get(status)
        if badge is None:
            badge = badges[status] = report_status(status, row["status_label"])
        if activity:
            title = conditional_escape(activity.title)
            kind = activity_label % {"a": title}
            hidden_end = f", {title}"
        else:
            kind, hidden_end = follow_up, ""
        if report and report.submitted_at:
            at = localtime(report.submitted_at)  # |date:"Y-m-d H:i", without parsing the format
            submitted = f"{at.year:04d}-{at.month:02d}-{at.day:02d} {at.hour:02d}:{at.minute:02d}"
        else:
            submitted = "–"
        if report:
            head, tail = activity_link if activity else follow_up_link
            word = review if status == "submitted" else show
            action = (
                f'<a href="{head}{report.pk}{tail}">{word}'
                f'<span class="visually-hidden"> {name}{hidden_end}</span></a>'
            )
        else:
            action = "–"
        out.append(
            f"\n  <tr{OVERDUE_CLASS if overdue else ''}>\n"
            f'    <th scope="row">{name} <span class="text-muted">'
            f"({conditional_escape(municipality.code)})</span></th>\n"
            f"    <td>{kind}</td>\n"
            f"    <td>{badge}{overdue_mark if overdue else ''}</td>\n"
            f"    <td>{submitted}</td>\n"
            f"    <td>{action}</td>\n"
            "  </tr>\n  "
        )
    # Safe: every value above is escaped, the rest is our own markup.
    return mark_safe("".join(out))


# The county overview's municipality table (49 rows × 12 cells in the largest county):
# built here instead of by the template engine, as the review queue's (bench/README.md,
# "Round 4": the loop was 8.7 ms of the page's 21.6 ms of templates). The markup is what the
# loop in `overview/county.html` rendered, byte for byte (tests/overview/test_county_rows.py
# renders the old template beside it).

#: A code no municipality has: reversed once, then replaced by each row's code.
_CODE_MARK = "c0d3m4rk"


@register.simple_tag
def county_rows(rows, year, category_code) -> SafeString:
    """The `<tr>`s of the overview's "Kommunerna" table (rows of `overview.county`)."""
    url = conditional_escape(reverse("overview:municipality", kwargs={"code": _CODE_MARK}))
    head, mark, tail = url.partition(_CODE_MARK)
    assert mark, url
    tail += f"?ar={conditional_escape(year)}&amp;kategori={conditional_escape(category_code)}"
    capacity_badges: dict[tuple, str] = {}
    report_badges: dict[tuple, str] = {}
    out = []
    for row in rows:
        c, municipality = row.capacity, row.municipality
        code, name = conditional_escape(municipality.code), conditional_escape(municipality.name)
        key = (c.status, c.status_label)
        capacity_badge = capacity_badges.get(key)
        if capacity_badge is None:
            capacity_badge = capacity_badges[key] = capacity_status(*key)
        if row.latest_status:
            key = (row.latest_status, row.latest_status_label)
            latest = report_badges.get(key)
            if latest is None:
                latest = report_badges[key] = report_status(*key)
        else:
            latest = "–"
        out.append(
            f"\n  <tr{OVERDUE_CLASS if row.overdue else ''}>\n"
            f'    <th scope="row"><a href="{head}{code}{tail}">{name}</a> '
            f'<span class="text-muted">({code})</span></th>\n'
            f'    <td class="num">{sv_int(c.target)}</td>\n'
            f'    <td class="num">{sv_int(c.approved)}</td>\n'
            f'    <td class="num">{sv_int(c.submitted)}</td>\n'
            f'    <td class="num">{sv_int(c.received)}</td>\n'
            f'    <td class="num">{sv_int(c.remaining)}</td>\n'
            f'    <td class="num"><span class="progress-cell">{progress_bar(c)}'
            f"<span>{sv_percent(c.fulfilment)}</span></span></td>\n"
            f'    <td class="num">{sv_int(c.expected)}</td>\n'
            f"    <td>{capacity_badge}</td>\n"
            f"    <td>{latest}</td>\n"
            f'    <td class="num">{sv_int(row.overdue)}</td>\n'
            f'    <td class="num">{sv_int(row.awaiting_review)}</td>\n'
            "  </tr>\n  "
        )
    # Safe: every value above is escaped or a number formatted here; the rest is our markup.
    return mark_safe("".join(out))


@register.simple_tag
def timeliness_rows(rows) -> SafeString:
    """The `<tr>`s of the overview's "Rapportering per kommun" table."""
    return mark_safe(
        "".join(
            f'<tr><th scope="row">{conditional_escape(row.municipality.name)}</th>'
            f"{timeliness_cells(row.timeliness)}</tr>"
            for row in rows
        )
    )


# The municipality page's table per period (bench/README.md, "Municipality page (round 4)":
# ~170 µs a row in the loop, a `{% url %}`, two `|date`, four `|sv_int`). The markup is the
# loop's in `overview/municipality.html`, byte for byte (tests/overview/test_series_rows.py
# renders the old template beside it).


def _ymd(day) -> str:
    """`|date:"Y-m-d"` of a date, without parsing the format."""
    return f"{day.year:04d}-{day.month:02d}-{day.day:02d}"


@register.simple_tag
def series_rows(series) -> SafeString:
    """The `<tr>`s of the municipality page's periods (its ``ov.series``: SeriesPoints with
    the municipality's report)."""
    head, tail = _link_ends("reception:report_detail")
    badges: dict[str, str] = {}  # a status has one label, a state too
    states: dict[str | None, str] = {}
    out = []
    for p in series:
        label = conditional_escape(capfirst(p.period.label))
        if p.report_id:
            label = f'<a href="{head}{p.report_id}{tail}">{label}</a>'
        badge = badges.get(p.status)
        if badge is None:
            badge = badges[p.status] = report_status(p.status, p.status_label)
        state = states.get(p.state)
        if state is None:
            state = states[p.state] = conditional_escape(p.state_label)
        out.append(
            f"\n  <tr{OVERDUE_CLASS if p.state == 'missing' else ''}>\n"
            f'    <th scope="row">{label}</th>\n'
            f"    <td>{_ymd(p.period.deadline)}</td>\n"
            f"    <td>{badge}</td>\n"
            f"    <td>{_ymd(p.submitted_on) if p.submitted_on else '–'}</td>\n"
            f"    <td>{state}</td>\n"
            f'    <td class="num">{conditional_escape(sv_int(p.approved))}</td>\n'
            f'    <td class="num">{conditional_escape(sv_int(p.submitted))}</td>\n'
            f'    <td class="num">{conditional_escape(sv_int(p.cumulative))}</td>\n'
            f'    <td class="num">{conditional_escape(sv_int(p.target_line))}</td>\n'
            "  </tr>"
        )
    # Safe: every value above is escaped, the rest is our own markup.
    return mark_safe("".join(out))


@register.simple_tag
def history_rows(history) -> SafeString:
    """The `<tr>`s of the municipality page's agreements year by year (YearLines of
    ``overview.county.agreement_history``), as its loop rendered them (test_series_rows)."""
    head, tail = _link_ends("agreements:detail")
    statuses: dict[str, str] = {}  # a status has one label
    out = []
    for line in history:
        agreement = line.agreement
        places = "".join(
            f'<td class="num">{conditional_escape(sv_int(value))}</td>' for value in line.places
        )
        status = statuses.get(agreement.status)
        if status is None:
            status = statuses[agreement.status] = conditional_escape(agreement.get_status_display())
        out.append(
            "\n  <tr>\n"
            f'    <th scope="row"><a href="{head}{agreement.pk}{tail}">'
            f"{conditional_escape(localize(agreement.year))}</a></th>\n"
            f"    <td>{status}</td>\n"
            f'    <td class="case-number">{conditional_escape(agreement.case_number or "–")}</td>\n'
            f"    {places}\n"
            f'    <td class="num">{conditional_escape(sv_int(line.received))}</td>\n'
            f'    <td class="num">{conditional_escape(sv_percent(line.fulfilment))}</td>\n'
            "  </tr>"
        )
    # Safe: every value above is escaped, the rest is our own markup.
    return mark_safe("".join(out))
