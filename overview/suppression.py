"""Small-number protection for published figures: the one rule every output uses.

A count of 1 to ``smallest_shown - 1`` that breaks a total down (women, men and
children of those received; "varav kvotflyktingar" of the assigned) can point at a
person, so it is shown as ``..`` — the mark Migrationsverket uses. Totals stay exact.

Masking one part is not enough when the others are shown: total minus the shown parts
gives it back. So when a breakdown of two or more parts has exactly one masked part,
a second part is masked too (secondary suppression): the smallest other positive part,
else the first zero. When a part is masked, everything that breaks *it* down is masked
as well, since those parts would add up to it. Zeros are not masked on their own: "no
one" identifies no one. The rule runs until nothing changes, because one cell can be a
part in one breakdown and the total of another.
"""

from __future__ import annotations

from collections.abc import Hashable, Iterable, Mapping
from dataclasses import dataclass

#: What a masked count is shown as, in every format.
MASK = ".."


@dataclass(frozen=True)
class Breakdown:
    """A total and the cells that break it down (keys into the cells mapping)."""

    total: Hashable
    parts: tuple[Hashable, ...]


def masked_cells(
    cells: Mapping[Hashable, int | None],
    breakdowns: Iterable[Breakdown],
    *,
    smallest_shown: int,
) -> set[Hashable]:
    """The keys of the cells to show as ``..``. Cells that are None are not published."""
    breakdowns = [
        Breakdown(b.total, tuple(p for p in b.parts if cells.get(p) is not None))
        for b in breakdowns
    ]
    masked: set[Hashable] = {
        part
        for breakdown in breakdowns
        for part in breakdown.parts
        if 0 < (cells[part] or 0) < smallest_shown
    }
    changed = True
    while changed:
        changed = False
        for breakdown in breakdowns:
            shown = [p for p in breakdown.parts if p not in masked]
            if breakdown.total in masked:
                extra = {p for p in shown if cells[p]}
                if extra:
                    masked |= extra
                    changed = True
                continue
            if len(breakdown.parts) < 2 or len(breakdown.parts) - len(shown) != 1:
                continue
            positive = [p for p in shown if cells[p]]
            if positive:
                masked.add(min(positive, key=lambda p: cells[p] or 0))
            elif shown:
                masked.add(shown[0])
            else:
                continue
            changed = True
    return masked


def rule_text(smallest_shown: int) -> str:
    """The rule in words (Swedish; translated where shown), for footnotes and the catalogue."""
    from django.utils.translation import gettext

    return gettext(
        "Antal från 1 till %(largest)s som är en del av en summa (kvinnor, män och barn, "
        "varav kvotflyktingar) visas som ”..”, liksom ytterligare en del av samma summa när "
        "den prickade siffran annars kunde räknas fram ur summan och de andra delarna. "
        "Summorna är exakta."
    ) % {"largest": smallest_shown - 1}
