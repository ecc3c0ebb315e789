"""Counters that slow down guessing and mail-bombing, kept in Django's cache.

Each limit counts events per key (a client address, a target e-mail address, an
account) in a fixed window. The counters live in the default cache: with several
workers, configure a shared one (Redis, or the database cache) so that the limits hold
for the whole site and not per worker (see README, Security). Keys are hashed: no
e-mail address is stored in the cache in clear.
"""

from __future__ import annotations

import hashlib
import time
from dataclasses import dataclass

from django.conf import settings
from django.core.cache import cache


@dataclass(frozen=True)
class Limit:
    name: str
    count: int  # events allowed per window
    seconds: int  # window length

    def _key(self, key: str) -> str:
        digest = hashlib.sha256(f"{settings.SECRET_KEY}:{key.lower()}".encode()).hexdigest()[:32]
        window = int(time.time() // self.seconds)
        return f"throttle:{self.name}:{digest}:{window}"

    def reached(self, key: str) -> bool:
        """Whether ``key`` has used up this window's events (without counting one)."""
        return (cache.get(self._key(key)) or 0) >= self.count

    def hit(self, key: str) -> bool:
        """Count one event; True if it was over the limit (the caller refuses it)."""
        cache_key = self._key(key)
        cache.add(cache_key, 0, timeout=self.seconds)
        try:
            used = cache.incr(cache_key)
        except ValueError:  # expired between add and incr
            cache.set(cache_key, 1, timeout=self.seconds)
            used = 1
        return used > self.count


def _limit(name: str) -> Limit:
    count, seconds = settings.PORTAL_THROTTLES[name]
    return Limit(name, count, seconds)


def signin_failures_per_address() -> Limit:
    """Failed sign-ins from one address across all accounts (password spraying)."""
    return _limit("signin_failures_per_address")


def password_reset_per_address() -> Limit:
    return _limit("password_reset_per_address")


def password_reset_per_email() -> Limit:
    return _limit("password_reset_per_email")


def invitations_per_address() -> Limit:
    return _limit("invitations_per_address")


def invitations_per_email() -> Limit:
    return _limit("invitations_per_email")


def mfa_failures_per_account() -> Limit:
    """Wrong second-factor codes for one account, from anywhere."""
    return _limit("mfa_failures_per_account")
