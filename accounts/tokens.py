"""The token of an invitation link: valid while the invitation is pending and unexpired.

An HMAC over the account, its invitation's nonce and its password hash: a resent
invitation (new nonce), a revoked or accepted one, or a password already chosen each
make every earlier link stop working. The expiry is the invitation's own, stored in
the database, so the e-mail can say exactly until when the link works.
"""

from __future__ import annotations

from django.utils import timezone
from django.utils.crypto import constant_time_compare, salted_hmac

KEY_SALT = "accounts.tokens.InvitationTokenGenerator"


class InvitationTokenGenerator:
    def _hash(self, user, nonce: str) -> str:
        value = f"{user.pk}:{nonce}:{user.password}:{user.email}"
        return salted_hmac(KEY_SALT, value, algorithm="sha256").hexdigest()[::2]

    def make_token(self, user) -> str:
        return self._hash(user, user.invitation.nonce)

    def check_token(self, user, token: str | None) -> bool:
        if user is None or not token:
            return False
        invitation = getattr(user, "invitation", None)
        if invitation is None or not invitation.is_usable(timezone.now()):
            return False
        return constant_time_compare(self._hash(user, invitation.nonce), token)


invitation_tokens = InvitationTokenGenerator()
