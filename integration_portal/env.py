"""Typed readers for settings taken from the environment.

Each reader fails loudly with ``ImproperlyConfigured`` naming the variable, so a
typo in a deployment is a one-line error at start-up instead of a silent default.
"""

from __future__ import annotations

import os
from urllib.parse import urlsplit

from django.core.exceptions import ImproperlyConfigured

_TRUE = {"1", "true", "yes", "on"}
_FALSE = {"0", "false", "no", "off", ""}


def env_str(name: str, default: str | None = None) -> str | None:
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip()


def env_bool(name: str, default: bool) -> bool:
    raw = os.environ.get(name)
    if raw is None:
        return default
    value = raw.strip().lower()
    if value in _TRUE:
        return True
    if value in _FALSE:
        return False
    raise ImproperlyConfigured(
        f"{name} must be one of true/false, 1/0, yes/no, on/off; got {raw!r}."
    )


def env_int(name: str, default: int) -> int:
    raw = os.environ.get(name)
    if raw is None or raw.strip() == "":
        return default
    try:
        return int(raw.strip())
    except ValueError:
        raise ImproperlyConfigured(f"{name} must be a whole number; got {raw!r}.") from None


def env_list(name: str, default: list[str]) -> list[str]:
    raw = os.environ.get(name)
    if raw is None:
        return list(default)
    return [item.strip() for item in raw.split(",") if item.strip()]


def env_phone(name: str, default: str) -> str:
    """A Swedish telephone number as typed (``010-223 10 00``), stored as E.164."""
    from django.core.exceptions import ValidationError

    from contacts.phone import normalise_phone

    raw = os.environ.get(name)
    value = default if raw is None or raw.strip() == "" else raw
    try:
        return normalise_phone(value)
    except ValidationError:
        raise ImproperlyConfigured(
            f"{name} must be a Swedish telephone number such as 010-223 10 00; got {raw!r}."
        ) from None


def env_url(name: str, default: str = "") -> str:
    """An absolute http(s) address such as ``https://portal.example`` (no trailing slash).

    For links that leave the portal without a request to take the host from (e-mails
    sent by cron): a value that is not an absolute address is an error, not a broken link.
    """
    raw = os.environ.get(name)
    if raw is None or raw.strip() == "":
        return default
    value = raw.strip().rstrip("/")
    parts = urlsplit(value)
    if parts.scheme not in ("http", "https") or not parts.netloc or parts.query or parts.fragment:
        raise ImproperlyConfigured(
            f"{name} must be an absolute http(s) address such as https://portal.example; "
            f"got {raw!r}."
        )
    return value
