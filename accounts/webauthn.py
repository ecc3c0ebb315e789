"""Passkeys (WebAuthn) as a second factor, beside the authenticator app.

The ceremonies and their checks are django-otp-webauthn's ``WebAuthnHelper`` on
py_webauthn: the attestation and the assertion's signature, the challenge, the origin,
the relying party (RP ID hash), the user-presence flag and the sign count are verified
there, never here. What this module adds is the portal's own rules around them:

* A passkey is only ever a second factor. The assertion is asked for the *pending*
  sign-in's account (accounts/mfa.py, after the right password) with that account's
  credentials only, and a credential of another account is refused (the helper's
  ``CredentialUserMismatch``) and logged. Only then does the view call ``login()``
  (``mfa.complete_sign_in``); the library's own sign-in views (and its passwordless
  sign-in) are not mounted.
* Each challenge is used once: its state is taken out of the session before anything is
  checked (and the session saved at once, outside any transaction that could undo it),
  and the challenge is marked used in the cache, so two requests racing with the same
  answer cannot both count. An assertion for one pending sign-in does not count for
  another (the state carries the pending sign-in's nonce).
* Adding and removing a passkey go to the security log and the account's history
  (``AccountEvent``); a passkey that is the account's first factor brings recovery codes,
  as the app's enrolment does.
"""

from __future__ import annotations

import json
from typing import Any, NoReturn

from django.conf import settings
from django.core.cache import cache
from django.db import IntegrityError, transaction
from django.http import HttpRequest
from django.utils import timezone
from django_otp_webauthn import exceptions
from django_otp_webauthn.models import WebAuthnCredential
from django_otp_webauthn.utils import rewrite_exceptions
from webauthn.helpers.exceptions import WebAuthnException

from . import mfa
from .models import AccountEvent, User
from .security import log_event

#: The state of a passkey being registered (its challenge), until the browser answers.
REGISTER_STATE = "portal_webauthn_register"
#: The state of an assertion asked for (sign-in or confirming a change), likewise.
ASSERT_STATE = "portal_webauthn_assert"

SIGN_IN = "sign_in"
CONFIRM = "confirm"
NAME_MAX_LENGTH = 64


class Refused(Exception):
    """The browser's answer does not count; ``reason`` is for the security log."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


def _helper(request: HttpRequest):
    return WebAuthnCredential.get_webauthn_helper(request=request)


def _take(request: HttpRequest, key: str) -> dict | None:
    """The ceremony's state, out of the session for good before it is checked."""
    state = request.session.pop(key, None)
    # Saved now, not at the end of the request: a failed check (or a rolled-back
    # transaction: sessions live in the database) leaves the challenge used.
    request.session.save()
    return state if isinstance(state, dict) else None


def _challenge_once(state: dict) -> bool:
    """True the first time this challenge is answered (the cache's add is atomic)."""
    timeout = int(getattr(settings, "OTP_WEBAUTHN_TIMEOUT_SECONDS", 300)) + 60
    return cache.add(f"webauthn-challenge:{state.get('challenge', '')}", 1, timeout)


def _parsed(data: str) -> dict:
    try:
        value = json.loads(data or "")
    except ValueError:
        raise Refused("malformed") from None
    if not isinstance(value, dict):
        raise Refused("malformed")
    return value


def _reason(exc: Exception) -> str:
    """A short word for the log: which check failed (never the browser's data)."""
    if isinstance(exc, exceptions.CredentialUserMismatch):
        return "other_user"
    if isinstance(exc, exceptions.CredentialNotFound):
        return "unknown_credential"
    cause = exc.__cause__ or exc
    text = str(cause).lower()
    if "sign count" in text:
        return "sign_count"  # an authenticator copied (cloned), or an old answer again
    if "origin" in text:
        return "origin"
    if "challenge" in text:
        return "challenge"
    if "rp id" in text:
        return "rp_id"
    return getattr(exc, "code", "") or type(cause).__name__


# --- Reading -----------------------------------------------------------------------------


def credentials(user: User):
    """The account's passkeys, oldest first (the settings page's list)."""
    return mfa.passkeys(user).order_by("created_at", "pk")


def credential_for(user: User, pk: object) -> WebAuthnCredential | None:
    """One of the account's own passkeys, or None (another account's is not found)."""
    try:
        return mfa.passkeys(user).get(pk=int(str(pk)))
    except (ValueError, WebAuthnCredential.DoesNotExist):
        return None


# --- Registration --------------------------------------------------------------------------


def registration_options(request: HttpRequest, user: User) -> dict[str, Any]:
    """The options for ``navigator.credentials.create()``; the challenge waits in the
    session. The account's own passkeys are excluded (one authenticator, one passkey)."""
    options, state = _helper(request).register_begin(user=user)
    request.session[REGISTER_STATE] = {**state, "u": user.pk}
    return options


def passkey_register(
    *, request: HttpRequest, user: User, data: str, name: str
) -> tuple[WebAuthnCredential, list[str] | None]:
    """Verify the browser's answer and save the passkey named ``name``: the passkey and,
    when it is the account's first second factor, its new recovery codes (else None).
    Raises ``Refused``."""
    state = _take(request, REGISTER_STATE)
    if state is None or state.get("u") != user.pk or not _challenge_once(state):
        _refused(request, user, "webauthn_register_refused", "no_state", count=False)
    parsed = _parsed(data)
    try:
        with transaction.atomic():
            first = not mfa.is_enrolled(user)
            with rewrite_exceptions():
                credential = _helper(request).register_complete(user=user, state=state, data=parsed)
            credential.name = name[:NAME_MAX_LENGTH]
            credential.save(update_fields=["name"])
            codes = mfa.recovery_codes_replace(user) if first else None
            AccountEvent.objects.create(
                account=user,
                actor=user,
                kind=AccountEvent.Kind.PASSKEY_ADDED,
                at=timezone.now(),
                reason=credential.name,
            )
    except IntegrityError:  # this authenticator's passkey is registered already
        _refused(request, user, "webauthn_register_refused", "duplicate", count=False)
    except (exceptions.OTPWebAuthnApiError, WebAuthnException, ValueError, KeyError) as exc:
        _refused(request, user, "webauthn_register_refused", _reason(exc), count=False)
    log_event("webauthn_registered", request, user.email, credential=str(credential.pk))
    if first:
        log_event("mfa_enrolled", request, user.email, factor="webauthn")
    request.session.pop(mfa.ENROL_KEY, None)
    return credential, codes


# --- Assertions: the sign-in step, and confirming a change --------------------------------


def assertion_options(
    request: HttpRequest, user: User, *, purpose: str, nonce: str = ""
) -> dict[str, Any]:
    """The options for ``navigator.credentials.get()``, for ``user``'s passkeys only.
    ``nonce``: the pending sign-in's, so an answer counts only for that sign-in."""
    # User verification (a PIN or fingerprint on the authenticator) is not required:
    # the passkey is the second factor after the password, as the app's code is.
    options, state = _helper(request).authenticate_begin(user=user, require_user_verification=False)
    request.session[ASSERT_STATE] = {**state, "u": user.pk, "p": purpose, "n": nonce}
    return options


def assertion_verify(
    request: HttpRequest, user: User, data: str, *, purpose: str, nonce: str = ""
) -> WebAuthnCredential:
    """Check the browser's answer: a passkey of ``user``'s, signing this session's
    challenge at this site. The passkey (its sign count saved); raises ``Refused`` (a
    failure counted towards the account's limit) or ``mfa.Throttled``."""
    state = _take(request, ASSERT_STATE)
    if mfa.account_throttled(user):
        raise mfa.Throttled
    if (
        state is None
        or state.get("u") != user.pk
        or state.get("p") != purpose
        or state.get("n") != nonce
        or not _challenge_once(state)
    ):
        _refused(request, user, "webauthn_refused", "no_state")
    parsed = _parsed(data)
    try:
        with transaction.atomic(), rewrite_exceptions():
            # The helper looks the credential up, refuses another account's
            # (CredentialUserMismatch), verifies, and saves the new sign count.
            credential = _helper(request).authenticate_complete(user=user, state=state, data=parsed)
    except (exceptions.OTPWebAuthnApiError, WebAuthnException, ValueError, KeyError) as exc:
        _refused(request, user, "webauthn_refused", _reason(exc))
    if not credential.confirmed:
        _refused(request, user, "webauthn_refused", "disabled")
    log_event("webauthn_used", request, user.email, credential=str(credential.pk), purpose=purpose)
    return credential


def _refused(
    request: HttpRequest, user: User, event: str, reason: str, *, count: bool = True
) -> NoReturn:
    log_event(event, request, user.email, reason=reason)
    if count:
        mfa.count_failure(request, user)
    raise Refused(reason)


# --- Removal -------------------------------------------------------------------------------


class LastFactor(Exception):
    """The account must have a second factor, and this passkey is its last one."""


@transaction.atomic
def passkey_remove(*, request: HttpRequest, user: User, credential: WebAuthnCredential) -> None:
    """The person removes one of their passkeys (the view checked password and factor).
    Removing the last factor turns two-step verification off, which is refused where it
    is required; then the recovery codes go too."""
    others = mfa.passkeys(user).exclude(pk=credential.pk).exists() or mfa.has_app(user)
    if not others and mfa.required_for(user):
        raise LastFactor
    name = credential.name
    pk = credential.pk
    credential.delete()
    if not others:
        mfa.mfa_disable(request=request, user=user)
    AccountEvent.objects.create(
        account=user,
        actor=user,
        kind=AccountEvent.Kind.PASSKEY_REMOVED,
        at=timezone.now(),
        reason=name,
    )
    log_event("webauthn_removed", request, user.email, credential=str(pk))
