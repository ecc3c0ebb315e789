"""Writes of the overview app: publishing a new version of an open data table."""

from __future__ import annotations

import hashlib
import json

from django.db import transaction

from overview import opendata
from overview.models import KoladaKpi, OpenDataVersion

#: Cells listed in one changelog entry at most (the rest is counted).
MAX_CHANGES = 500


def checksum(rows: list[dict]) -> str:
    text = json.dumps(rows, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def changes_between(old: list[dict], new: list[dict]) -> list[dict]:
    """[{"kommun_kod", "kategori_kod", "kolumn", "fore", "efter"}]; a whole row added or
    removed is one entry with ``kolumn`` "*"."""

    def key(row: dict) -> tuple[str, str]:
        return row["kommun_kod"], row["kategori_kod"]

    before = {key(row): row for row in old}
    after = {key(row): row for row in new}
    changes: list[dict] = []
    for code in sorted(before.keys() | after.keys()):
        place = {"kommun_kod": code[0], "kategori_kod": code[1]}
        if code not in before:
            changes.append({**place, "kolumn": "*", "fore": None, "efter": "ny rad"})
        elif code not in after:
            changes.append({**place, "kolumn": "*", "fore": "rad", "efter": None})
        else:
            for column in opendata.COLUMN_NAMES:
                if before[code].get(column) != after[code].get(column):
                    changes.append(
                        {
                            **place,
                            "kolumn": column,
                            "fore": before[code].get(column),
                            "efter": after[code].get(column),
                        }
                    )
    return changes


@transaction.atomic
def opendata_publish(*, year: int, reason: str, user=None) -> OpenDataVersion | None:
    """Publish the year's table as it is now, as a new version — only if it changed.

    Returns the new version, or None when the content equals the newest version's
    (nothing is written then). The first version's changelog is empty.
    """
    reason = reason.strip()
    if not reason:
        raise ValueError("A new version needs a reason.")
    current = opendata.build(year, None)
    rows = [opendata.to_stored(row) for row in current.rows]
    digest = checksum(rows)
    latest = OpenDataVersion.objects.select_for_update().filter(year=year).order_by("-number")
    previous = latest.first()
    if previous is not None and previous.checksum == digest:
        return None
    changes = changes_between(previous.rows, rows) if previous is not None else []
    return OpenDataVersion.objects.create(
        year=year,
        number=(previous.number + 1) if previous else 1,
        rows=rows,
        checksum=digest,
        reason=reason,
        changes=changes[:MAX_CHANGES],
        data_as_of=current.data_as_of,
        published_by=user,
    )


@transaction.atomic
def kolada_kpi_choose(*, kpi_id: str, title: str, user) -> tuple[KoladaKpi, bool]:
    """Choose a key figure to fetch and show; (the key figure, whether it is new)."""
    return KoladaKpi.objects.get_or_create(
        kpi_id=kpi_id, defaults={"title": title.strip()[:300], "chosen_by": user}
    )


@transaction.atomic
def kolada_kpi_remove(*, kpi: KoladaKpi) -> None:
    """Stop fetching and showing a key figure; its stored values go with it."""
    kpi.delete()
