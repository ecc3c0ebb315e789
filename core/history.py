"""What django-simple-history records with the next save of a model: why, and by whom.

simple_history reads ``_change_reason`` and ``_history_user`` off the instance being
saved; this is the one place that sets them (typed, so the services need no
``type: ignore``). The user is normally taken from the request by simple_history's
middleware; pass it for saves outside a request (imports, demo data, commands).
"""

from __future__ import annotations

from typing import Any


def record_change(obj: Any, reason: Any, user: Any = None) -> None:
    """Store ``reason`` (and ``user``, when given) in the history row of the next save."""
    obj._change_reason = str(reason)
    if user is not None:
        obj._history_user = user
