"""Making and finding tokens. A token reads ``ip_<prefix>_<secret>``: the prefix finds
the row, the SHA-256 of the whole token must match the stored one."""

from __future__ import annotations

import hashlib
import hmac
import secrets

PREFIX_BYTES = 6  # 8 characters
SECRET_BYTES = 32  # 256 bits


def hash_token(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def new_token() -> tuple[str, str, str]:
    """(token, prefix, hash)."""
    prefix = secrets.token_urlsafe(PREFIX_BYTES).replace("_", "x").replace("-", "y")
    token = f"ip_{prefix}_{secrets.token_urlsafe(SECRET_BYTES)}"
    return token, prefix, hash_token(token)


def split(token: str) -> str | None:
    """The prefix of a well-formed token, else None."""
    parts = token.split("_", 2)
    if len(parts) != 3 or parts[0] != "ip" or not parts[1] or len(token) > 200:
        return None
    return parts[1]


def matches(token: str, stored_hash: str) -> bool:
    return hmac.compare_digest(hash_token(token), stored_hash)
