"""The per-row cell tags of the overview tables render what the partials they replace did
(the county overview's markup must not change with the miss-path work, bench/README.md)."""

from __future__ import annotations

from decimal import Decimal
from types import SimpleNamespace

from django.template import Context, Template

from overview.county import Timeliness

NBSP = "\u00a0"


def _render(source: str, **context) -> str:
    return Template("{% load overview_tags reception_format %}" + source).render(Context(context))


def test_timeliness_cells_are_six_number_cells_and_the_partials_newline():
    t = Timeliness(on_time=1234, late=1, missing=2, not_due=5)
    html = _render("{% timeliness_cells t %}", t=t)
    assert html == (
        f'<td class="num">1{NBSP}237</td><td class="num">1{NBSP}235</td>'
        f'<td class="num">1{NBSP}234</td><td class="num">1</td><td class="num">2</td>'
        f'<td class="num">99,8{NBSP}%</td>\n'
    )


def test_activity_cells_show_a_dash_for_missing_figures():
    f = SimpleNamespace(
        activities=2, places=None, women=3, men=4, participants=7, first_time=1,
        completed=0, dropped=-1, fill_rate=Decimal("45.04"), submitted=None,
    )  # fmt: skip
    html = _render("{% activity_cells f %}", f=f)
    assert html == (
        '<td class="num">2</td><td class="num">–</td><td class="num">3</td>'
        '<td class="num">4</td><td class="num">7</td><td class="num">1</td>'
        '<td class="num">0</td><td class="num">−1</td>'
        f'<td class="num">45,0{NBSP}%</td><td class="num">–</td>\n'
    )


def test_status_tags_match_the_status_partials_and_escape():
    for tag, partial in (
        ("report_status", "reception/_status.html"),
        ("capacity_status", "reception/_capacity_status.html"),
    ):
        tagged = _render(f"{{% {tag} s l %}}", s="draft", l="<Utkast>")
        included = _render(
            f'{{% include "{partial}" with status=s label=l %}}', s="draft", l="<Utkast>"
        )
        assert tagged == included
        assert "&lt;Utkast&gt;" in tagged
