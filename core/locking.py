"""Optimistic locking: one convention for every record a person edits in a form.

Each editable record has a ``version`` (a positive integer). A form carries the
version it was shown with; a save locks the row and refuses to go on if the
version moved in between (:func:`lock`), so two people never silently overwrite
each other: the second gets :class:`StaleVersion`, which carries the row as it is
now and the values they would have overwritten.

``StaleVersion`` is a ``ValidationError`` (code ``stale``): a view that shows a
service's errors on its form shows it without knowing about it; a view that wants
to show the newer values catches it first.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any, TypeVar

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext as _

M = TypeVar("M", bound=models.Model)


class StaleVersion(ValidationError):
    """Someone saved the record after the caller read it.

    ``instance`` is the row as stored now (its ``version`` is what a deliberate
    resubmit must carry); ``newer_values`` maps a field label to the value stored
    now, for the conflict message.
    """

    def __init__(
        self,
        instance: Any = None,
        newer_values: Mapping[str, str] | None = None,
        message: str | None = None,
    ) -> None:
        self.instance = instance
        self.newer_values = dict(newer_values or {})
        super().__init__(message or default_message(), code="stale")


def default_message() -> str:
    return _(
        "Någon annan har sparat ändringar medan du arbetade. Inget av det du skrev har "
        "sparats. Ladda om sidan, se den senaste versionen och gör dina ändringar igen."
    )


def check_version(
    obj: Any,
    version: int,
    *,
    describe: Callable[[Any], Mapping[str, str]] | None = None,
    message: str | None = None,
) -> None:
    """Refuse if ``obj`` (already locked, or about to be created) is not at ``version``."""
    if version is None:  # the version is always required: a form without it is refused
        raise StaleVersion(obj, describe(obj) if describe else None, message)
    if obj.version != version:
        raise StaleVersion(obj, describe(obj) if describe else None, message)


def lock(
    queryset: models.QuerySet[M],
    pk: Any,
    version: int,
    *,
    describe: Callable[[M], Mapping[str, str]] | None = None,
    message: str | None = None,
) -> M:
    """The row locked for update (``SELECT … FOR UPDATE``); :class:`StaleVersion` if
    its version is not ``version``, before anything changes."""
    fresh = queryset.select_for_update(of=("self",)).get(pk=pk)
    check_version(fresh, version, describe=describe, message=message)
    return fresh
