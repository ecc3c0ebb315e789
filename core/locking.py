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

import datetime
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from typing import Any, TypeVar

from django.core.exceptions import ValidationError
from django.db import IntegrityError, models, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from core.models import FormSubmission

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


# --- creates: one winner, the others the form's message -----------------------


def already_saved_message() -> str:
    return _(
        "Någon annan sparade samma uppgifter alldeles nyss, eller så skickades formuläret "
        "två gånger. Inget nytt har sparats. Ladda om sidan och se vad som finns nu."
    )


@contextmanager
def created_once(message: str | Mapping[str, Any] | None = None) -> Iterator[None]:
    """Run a create in a savepoint; a unique constraint hit becomes a ValidationError.

    A check before the insert ("does it exist already?") cannot see a row another
    request is inserting at the same moment: the database's unique constraint is
    the only judge. The loser gets ``message`` (a text for the top of the form, or
    ``{field: text}``), code ``duplicate``, and nothing of its own is kept.
    """
    try:
        with transaction.atomic():
            yield
    except IntegrityError:
        text: str | dict[str, Any] = (
            dict(message) if isinstance(message, Mapping) else message or ""
        )
        raise ValidationError(text or already_saved_message(), code="duplicate") from None


#: How long a create form's token is remembered (a form left open longer than this
#: and then posted twice could create twice; nobody keeps a form open for a month).
FORM_TOKEN_DAYS = 30


def claim_form_token(token: str) -> None:
    """Record a create form's one-time token in the caller's transaction.

    The second claim of the same token (a double click, a reload of the POST,
    parallel requests) raises ValidationError code ``duplicate``; call it before
    creating anything, inside the service's transaction, so a rolled-back create
    frees the token again.
    """
    if not token:
        raise ValidationError(already_saved_message(), code="duplicate")
    with created_once():
        FormSubmission.objects.create(token=token)
    cutoff = timezone.now() - datetime.timedelta(days=FORM_TOKEN_DAYS)
    FormSubmission.objects.filter(created_at__lt=cutoff).delete()
