"""Security log: sign-ins, failed sign-ins, sign-outs, lockouts and refusals.

Each line names the event, the account (e-mail address) and the client IP; the
formatter adds the UTC time. Passwords, tokens and session ids are never logged.
"""

from __future__ import annotations

import logging

from axes.signals import user_locked_out
from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed
from django.dispatch import receiver
from django.http import HttpRequest

log = logging.getLogger("integration_portal.security")


def client_ip(request: HttpRequest | None) -> str:
    if request is None:
        return "-"
    return request.META.get("REMOTE_ADDR", "-")


def _who(user) -> str:
    if user is None or not getattr(user, "is_authenticated", False):
        return "anonymous"
    return user.email


def axes_username(request: HttpRequest, credentials: dict | None) -> str:
    """The account name Axes throttles on: the e-mail, case-insensitively."""
    value = ""
    if credentials:
        value = credentials.get("username") or ""
    if not value and request is not None:
        value = request.POST.get("username", "")
    return value.strip().lower()


def log_event(event: str, request: HttpRequest | None, account: str, **extra: str) -> None:
    details = " ".join(f"{key}={value}" for key, value in extra.items())
    log.info(
        "event=%s user=%s ip=%s%s",
        event,
        account or "-",
        client_ip(request),
        f" {details}" if details else "",
    )


@receiver(user_logged_in)
def _logged_in(sender, request, user, **kwargs) -> None:
    log_event("login", request, _who(user))


@receiver(user_logged_out)
def _logged_out(sender, request, user, **kwargs) -> None:
    log_event("logout", request, _who(user))


@receiver(user_login_failed)
def _login_failed(sender, credentials, request=None, **kwargs) -> None:
    # ``credentials`` is already cleansed by Django, but only the account name is kept.
    log_event("login_failed", request, axes_username(request, credentials))


@receiver(user_locked_out)
def _locked_out(sender, request, username=None, ip_address=None, **kwargs) -> None:
    log_event("lockout", request, (username or "").lower())


def log_forbidden(request: HttpRequest) -> None:
    log_event("forbidden", request, _who(getattr(request, "user", None)), path=request.path)
