"""Security log: sign-ins, failed sign-ins, sign-outs, lockouts and refusals.

Each line names the event, the account (e-mail address) and the client IP; the
formatter adds the UTC time. Passwords, tokens and session ids are never logged.
"""

from __future__ import annotations

import ipaddress
import logging

from axes.signals import user_locked_out
from django.conf import settings
from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed
from django.dispatch import receiver
from django.http import HttpRequest
from ipware import get_client_ip

from . import throttle

log = logging.getLogger("integration_portal.security")


def _peer_is_trusted(peer: str) -> bool:
    """Whether the connecting address is one of ``PORTAL_TRUSTED_PROXIES`` (any, if unset)."""
    networks = settings.PORTAL_TRUSTED_PROXIES
    if not networks:
        return True
    try:
        address = ipaddress.ip_address(peer)
    except ValueError:
        return False
    return any(address in ipaddress.ip_network(net, strict=False) for net in networks)


def client_ip(request: HttpRequest | None) -> str:
    """The client's address: the one resolver for django-axes and the security log
    ("" when none is known).

    With ``PORTAL_TRUSTED_PROXY_COUNT`` = 0 (the default) it is the connection's own
    address and ``X-Forwarded-For`` is ignored, so a client cannot name itself. With N
    proxies in front (each appending the address it saw to ``X-Forwarded-For``), it is
    the N-th entry from the right, read by django-ipware: whatever a client puts in the
    header itself stays to the left of it. If ``PORTAL_TRUSTED_PROXIES`` is set, the
    header counts only on connections from those addresses.
    """
    if request is None:
        return ""
    peer = _valid(request.META.get("REMOTE_ADDR"))
    count = settings.PORTAL_TRUSTED_PROXY_COUNT
    if count <= 0 or not peer or not _peer_is_trusted(peer):
        return peer
    # ipware counts the proxies *listed* in the header (the last proxy is the peer) and,
    # not strict, takes the entry that many from the right end.
    found, _routable = get_client_ip(
        request,
        proxy_order="left-most",
        proxy_count=count - 1,
        request_header_order=["HTTP_X_FORWARDED_FOR"],
        strict=False,
    )
    return _valid(found) or peer


def _valid(address: str | None) -> str:
    """The address if it is one, else "" (no address known: a request made in code, such
    as a test client's ``force_login``; stored as NULL by django-axes, never as text a
    PostgreSQL ``inet`` column refuses)."""
    try:
        return str(ipaddress.ip_address((address or "").strip()))
    except ValueError:
        return ""


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
        client_ip(request) or "-",
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
    if request is not None:
        throttle.signin_failures_per_address().hit(client_ip(request))


@receiver(user_locked_out)
def _locked_out(sender, request, username=None, ip_address=None, **kwargs) -> None:
    log_event("lockout", request, (username or "").lower())


def log_forbidden(request: HttpRequest) -> None:
    log_event("forbidden", request, _who(getattr(request, "user", None)), path=request.path)
