"""The agreements list's rows, built here instead of by the template engine.

The loop in `agreements/list.html` included `_status_badge.html` per row and
`_places.html` (with humanize's `intcomma`) per cell: about half of the page's
rendering (bench/README.md, "Round 4"). The markup is what the loop rendered, byte for
byte (tests/agreements/test_list_rows.py renders the old template beside it).
"""

from __future__ import annotations

from django import template
from django.contrib.humanize.templatetags.humanize import intcomma
from django.urls import reverse
from django.utils.html import conditional_escape
from django.utils.safestring import SafeString, mark_safe

register = template.Library()

#: A pk no agreement has: reversed once, then replaced by each row's pk.
_PK_MARK = 987654321


@register.simple_tag
def agreement_rows(rows) -> SafeString:
    """The `<tr>`s of the agreements list: rows of (agreement, places per category)."""
    url = conditional_escape(reverse("agreements:detail", kwargs={"pk": _PK_MARK}))
    head, mark, tail = url.partition(str(_PK_MARK))
    assert mark, url
    places: dict[int, str] = {}  # the same figures recur: each formatted once
    out = []
    for agreement, figures in rows:
        municipality = agreement.municipality
        cells = []
        for value in figures:
            if value is None:
                text = "–"
            else:
                text = places.get(value)
                if text is None:
                    text = places[value] = conditional_escape(intcomma(value))
            cells.append(f'<td class="num">{text}\n</td>')
        out.append(
            "\n    <tr>\n"
            f'      <td><a href="{head}{agreement.pk}{tail}">'
            f"{conditional_escape(municipality.name)}</a> "
            f'<span class="text-muted">{conditional_escape(municipality.code)}</span></td>\n'
            f"      <td>{conditional_escape(agreement.year)}</td>\n"
            f'      <td><span class="status-badge status-badge--'
            f'{conditional_escape(agreement.status)}">'
            f"{conditional_escape(agreement.get_status_display())}</span>\n</td>\n"
            f'      <td class="case-number">{conditional_escape(agreement.case_number or "–")}'
            "</td>\n"
            f"      {''.join(cells)}\n"
            "    </tr>\n  "
        )
    # Safe: every value above is escaped; the rest is our own markup.
    return mark_safe("".join(out))


@register.simple_tag(takes_context=True)
def sort_link(context, key: str, label, num: bool = False) -> SafeString:
    """A sortable column's `<th>` (the page's ``sort`` and ``sort_query``): what the
    include `agreements/_sort_link.html` rendered, without an include per column."""
    sort, sort_query = context.get("sort"), context.get("sort_query")
    desc = f"-{key}"
    aria = ' aria-sort="ascending"' if sort == key else ""
    arrow = ' <span aria-hidden="true">▲</span>' if sort == key else ""
    if sort != key and sort == desc:
        aria, arrow = ' aria-sort="descending"', ' <span aria-hidden="true">▼</span>'
    query = f"{conditional_escape(sort_query)}&amp;" if sort_query else ""
    css = ' class="num"' if num else ""
    return mark_safe(
        f'<th scope="col"{css}{aria}>'
        f'<a href="?{query}sort={conditional_escape(desc if sort == key else key)}">'
        f"{conditional_escape(label)}{arrow}</a></th>\n"
    )
