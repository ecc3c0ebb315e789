"""Multi-factor authentication: an authenticator app (TOTP), passkeys and recovery codes.

Both are django-otp devices: ``TOTPDevice`` (RFC 6238, 30-second steps, one step of
clock drift either way, a step already used refused through ``last_t``) and a
``StaticDevice`` named ``recovery`` whose tokens are the recovery codes, each deleted
when used. The codes are stored as a keyed hash (HMAC-SHA-256 with ``SECRET_KEY``), not
as typed: a copy of the database does not hold usable codes. Passkeys (WebAuthn) are
django-otp-webauthn's ``WebAuthnCredential`` devices, registered and checked in
accounts/webauthn.py; an account with an app, a passkey or both is enrolled.

The second factor is a step of the password sign-in, not a check on every request:
after a correct password, an account that needs one is *not* signed in. The session
holds a signed, short-lived pending sign-in (``PENDING``) tied to the account's password
hash; only a correct code (or a completed enrolment) calls ``login()``, and the session
then records which factor was used (``FACTOR``). Every request of a signed-in session
therefore went through the second factor where one was needed.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import secrets
from dataclasses import dataclass

import segno
from django.conf import settings
from django.contrib.auth import login
from django.core import signing
from django.core.cache import cache
from django.db import transaction
from django.db.models import Count, Q
from django.http import HttpRequest
from django.utils import timezone
from django.utils.crypto import constant_time_compare
from django.utils.safestring import SafeString, mark_safe
from django_otp.oath import TOTP
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice
from django_otp.util import random_hex
from django_otp_webauthn.models import WebAuthnCredential

from . import throttle
from .models import AccountEvent, User
from .security import client_ip, log_event

#: The session's pending sign-in (a signed value, see ``pending_start``).
PENDING = "portal_mfa_pending"
#: How the session's user signed in: "password", "totp", "recovery", "webauthn" or "oidc".
FACTOR = "portal_auth_factor"
#: The secret of an app being enrolled, until the first code confirms it.
ENROL_KEY = "portal_mfa_enrol_key"
_SALT = "accounts.mfa.pending"

TOTP_NAME = "app"
RECOVERY_NAME = "recovery"
RECOVERY_CODE_COUNT = 10
RECOVERY_GROUPS = 4
RECOVERY_GROUP_LENGTH = 6
#: Letters and digits that cannot be mistaken for each other when typed from paper.
_ALPHABET = "abcdefghjkmnpqrstuvwxyz23456789"


# --- Who needs a second factor ------------------------------------------------------


def required_for(user: User) -> bool:
    """Whether the account must use a second factor when it signs in with a password."""
    if user.is_reporter and not (user.is_staff or user.is_superuser):
        # The whole installation (setting), or the county board of one of their
        # municipalities (``County.reporters_need_mfa``, on the staff's user page).
        return bool(settings.MFA_REQUIRED_FOR_REPORTERS) or (
            user.pk is not None
            and user.municipalities.filter(county__reporters_need_mfa=True).exists()
        )
    # County staff, administrators, and accounts with no role yet (which may get one).
    return bool(settings.MFA_REQUIRED_FOR_STAFF)


def totp_devices(user: User):
    return TOTPDevice.objects.filter(user=user, confirmed=True)


def passkeys(user: User):
    return WebAuthnCredential.objects.filter(user=user, confirmed=True)


def has_app(user: User) -> bool:
    return totp_devices(user).exists()


def is_enrolled(user: User) -> bool:
    """An app, a passkey or both: the account signs in with a second factor."""
    return has_app(user) or passkeys(user).exists()


def enrolment_counts(users) -> tuple[int, int]:
    """How many of ``users`` (a queryset) have a second factor (an app or a passkey) set
    up, of how many (one query)."""
    counts = users.order_by().aggregate(
        total=Count("pk", distinct=True),
        enrolled=Count(
            "pk",
            filter=Q(totpdevice__confirmed=True) | Q(webauthncredential__confirmed=True),
            distinct=True,
        ),
    )
    return counts["enrolled"], counts["total"]


def recovery_codes_left(user: User) -> int:
    return StaticToken.objects.filter(
        device__user=user, device__name=RECOVERY_NAME, device__confirmed=True
    ).count()


# --- The pending sign-in ---------------------------------------------------------------


@dataclass(frozen=True)
class Pending:
    user: User
    backend: str
    next_url: str
    nonce: str


def pending_start(request: HttpRequest, user: User, *, next_url: str) -> None:
    """The password was right; the account is not signed in until the second factor."""
    # A new session key: whatever id the browser had before the password is not the one
    # that completes the sign-in (login() rotates it once more).
    request.session.cycle_key()
    request.session.pop(ENROL_KEY, None)
    request.session[PENDING] = signing.dumps(
        {
            "u": user.pk,
            "b": getattr(user, "backend", "accounts.backends.EmailBackend"),
            "h": user.get_session_auth_hash(),
            "n": next_url,
            # One pending sign-in per password: a value copied from an earlier one
            # into this session is not this one.
            "i": secrets.token_urlsafe(8),
        },
        salt=_SALT,
    )
    log_event("mfa_pending", request, user.email)


def pending_get(request: HttpRequest) -> Pending | None:
    """The pending sign-in of this session, if it is there, genuine and fresh."""
    raw = request.session.get(PENDING)
    if not isinstance(raw, str):
        return None
    try:
        data = signing.loads(raw, salt=_SALT, max_age=settings.MFA_PENDING_SECONDS)
    except signing.BadSignature:  # includes SignatureExpired
        pending_end(request)
        return None
    if cache.get(_used_key(data)) is not None:
        # This pending sign-in already ended in a sign-in: it is not one twice.
        pending_end(request)
        return None
    user = User.objects.filter(pk=data.get("u"), is_active=True).first()
    # A password changed (or reset) since then ends the pending sign-in too.
    if user is None or not constant_time_compare(data.get("h", ""), user.get_session_auth_hash()):
        pending_end(request)
        return None
    return Pending(user=user, backend=data["b"], next_url=data.get("n") or "", nonce=data["i"])


def _used_key(data: dict) -> str:
    return f"mfa-pending-used:{data.get('i', '')}"


def pending_end(request: HttpRequest) -> None:
    request.session.pop(PENDING, None)
    request.session.pop(ENROL_KEY, None)


def complete_sign_in(request: HttpRequest, pending: Pending, *, factor: str) -> None:
    """The second factor is done: now the account is signed in."""
    cache.set(_used_key({"i": pending.nonce}), 1, settings.MFA_PENDING_SECONDS + 60)
    pending_end(request)
    login(request, pending.user, backend=pending.backend)
    request.session[FACTOR] = factor


# --- Codes ---------------------------------------------------------------------------


def normalised(code: str) -> str:
    """What was typed, without spaces and dashes, in lower case ("123 456", "ABCD-EFGH")."""
    return "".join(ch for ch in (code or "").lower() if ch not in " -\u00a0\t")


def _six_digits(code: str) -> bool:
    # ASCII only: int() would read other scripts' digits ("٠١٢٣٤٥") as a code too.
    return len(code) == 6 and code.isascii() and code.isdigit()


def _recovery_hash(code: str) -> str:
    digest = hmac.new(
        settings.SECRET_KEY.encode(), f"recovery:{code}".encode(), hashlib.sha256
    ).digest()
    return base64.b32encode(digest).decode()[:16].lower()


class Throttled(Exception):
    """Too many wrong codes: nothing was checked. ``brief``: the device's own pause after
    a wrong code (django-otp: 1, 2, 4 ... seconds), not the account's 15-minute limit."""

    def __init__(self, *, brief: bool = False) -> None:
        super().__init__()
        self.brief = brief


def account_throttled(user: User) -> bool:
    return throttle.mfa_failures_per_account().reached(user.email)


def count_failure(request: HttpRequest, user: User) -> None:
    throttle.mfa_failures_per_account().hit(user.email)
    throttle.signin_failures_per_address().hit(client_ip(request))
    log_event("mfa_failed", request, user.email)


@transaction.atomic
def verify(request: HttpRequest, user: User, code: str, *, allow_recovery: bool = True) -> str:
    """Check a code typed by ``user``: "totp" or "recovery" when right, "" when wrong.

    The device rows are locked while they are checked, so the same code sent twice at
    once is accepted once (django-otp saves ``last_t`` or deletes the recovery token).
    Raises ``Throttled`` (checking nothing) after too many wrong codes.
    """
    if account_throttled(user):
        raise Throttled
    code = normalised(code)
    if _six_digits(code):
        devices = list(TOTPDevice.objects.select_for_update().filter(user=user, confirmed=True))
        if devices and not any(d.verify_is_allowed()[0] for d in devices):
            raise Throttled(brief=True)
        for device in devices:
            if device.verify_token(code):
                return "totp"
    elif allow_recovery and code:
        hashed = _recovery_hash(code)
        for static in StaticDevice.objects.select_for_update().filter(
            user=user, name=RECOVERY_NAME, confirmed=True
        ):
            if not static.verify_is_allowed()[0]:
                raise Throttled(brief=True)
            if static.verify_token(hashed):
                log_event(
                    "mfa_recovery_code_used",
                    request,
                    user.email,
                    left=str(static.token_set.count()),
                )
                return "recovery"
    count_failure(request, user)
    return ""


# --- Enrolment -------------------------------------------------------------------------


def enrol_key(request: HttpRequest) -> str:
    """The secret offered to the person's app: kept in the session until confirmed (a GET
    of the enrolment page stores nothing in the portal's tables)."""
    key = request.session.get(ENROL_KEY)
    if not isinstance(key, str) or len(key) != 40:
        key = random_hex(20)
        request.session[ENROL_KEY] = key
    return key


def _unsaved_device(user: User, key: str) -> TOTPDevice:
    return TOTPDevice(user=user, key=key, name=TOTP_NAME, tolerance=1, confirmed=False)


def secret_text(key: str) -> str:
    """The secret as an app asks for it when typed by hand: base32, in groups of four."""
    text = base64.b32encode(bytes.fromhex(key)).decode().rstrip("=")
    return " ".join(text[i : i + 4] for i in range(0, len(text), 4))


def qr_svg(user: User, key: str, *, title: str) -> SafeString:
    """The otpauth:// address as a QR code, inline SVG drawn here (no outside service)."""
    qr = segno.make(_unsaved_device(user, key).config_url, error="m")
    svg = qr.svg_inline(
        scale=5, border=2, title=title, svgclass="mfa-qr", lineclass=None, omitsize=True
    )
    # segno's own markup of a value we made (hex key, our issuer, the account's e-mail
    # escaped by segno): role=img lets assistive technology read its <title>.
    return mark_safe(svg.replace("<svg ", '<svg role="img" ', 1))  # noqa: S308


def matched_step(key: str, code: str) -> int | None:
    """The time step whose code ``code`` is (now, or one step either way) for an unsaved
    key; None if it is none of them."""
    code = normalised(code)
    if not _six_digits(code):
        return None
    totp = TOTP(bytes.fromhex(key), step=30, t0=0, digits=6, drift=0)
    if not totp.verify(int(code), tolerance=1):
        return None
    return totp.t()  # verify() left the drift at the step that matched


def new_recovery_codes() -> list[str]:
    """Ten codes of four groups of six letters and digits ("k7m2qp-..."): 24 characters of
    a 31-character alphabet, about 119 bits each. At 112 bits or more a lookup secret may
    be stored with a standard hash (ASVS 5.0 6.5.2), which ``_recovery_hash`` is; a shorter
    code would need a salted password hash per code, checked ten at a time."""
    return [
        "-".join(
            "".join(secrets.choice(_ALPHABET) for _ in range(RECOVERY_GROUP_LENGTH))
            for _ in range(RECOVERY_GROUPS)
        )
        for _ in range(RECOVERY_CODE_COUNT)
    ]


def recovery_codes_replace(user: User) -> list[str]:
    """New recovery codes in place of any earlier ones (inside the caller's transaction)."""
    return _recovery_codes_replace(user)


def _recovery_codes_replace(user: User) -> list[str]:
    StaticDevice.objects.filter(user=user, name=RECOVERY_NAME).delete()
    device = StaticDevice.objects.create(user=user, name=RECOVERY_NAME, confirmed=True)
    codes = new_recovery_codes()
    StaticToken.objects.bulk_create(
        [StaticToken(device=device, token=_recovery_hash(normalised(c))) for c in codes]
    )
    return codes


@transaction.atomic
def totp_enrol(*, request: HttpRequest, user: User, key: str, code: str) -> list[str] | None:
    """Confirm the app with its first code: the device is saved (replacing any earlier
    app) and new recovery codes are returned, to be shown once. None if the code is
    wrong."""
    if account_throttled(user):
        raise Throttled
    step = matched_step(key, code)
    if step is None:
        count_failure(request, user)
        return None
    TOTPDevice.objects.filter(user=user).delete()
    device = _unsaved_device(user, key)
    device.confirmed = True
    # The confirming code's step counts as used: it cannot sign in a second time.
    device.last_t = step
    device.save()
    codes = _recovery_codes_replace(user)
    request.session.pop(ENROL_KEY, None)
    log_event("mfa_enrolled", request, user.email, factor="totp")
    return codes


@transaction.atomic
def recovery_codes_regenerate(*, request: HttpRequest, user: User) -> list[str]:
    codes = _recovery_codes_replace(user)
    log_event("mfa_recovery_codes_new", request, user.email)
    return codes


@transaction.atomic
def mfa_disable(*, request: HttpRequest, user: User) -> None:
    """The person turns their own second factor off (the view checked password and code):
    the app, every passkey and the recovery codes."""
    TOTPDevice.objects.filter(user=user).delete()
    WebAuthnCredential.objects.filter(user=user).delete()
    StaticDevice.objects.filter(user=user).delete()
    log_event("mfa_disabled", request, user.email)


@transaction.atomic
def mfa_reset(*, request: HttpRequest, user: User, by: User, reason: str) -> None:
    """An administrator removes an account's app, passkeys and recovery codes (a lost
    phone or key): the person enrols again at the next sign-in (where a second factor is
    required)."""
    TOTPDevice.objects.filter(user=user).delete()
    WebAuthnCredential.objects.filter(user=user).delete()
    StaticDevice.objects.filter(user=user).delete()
    AccountEvent.objects.create(
        account=user, actor=by, kind=AccountEvent.Kind.MFA_RESET, at=timezone.now(), reason=reason
    )
    log_event("mfa_reset", request, by.email, target=user.email)


def current_code(device: TOTPDevice, *, after_used: bool = True) -> str:
    """The device's code now, or (``after_used``) the first step not used yet when now's
    step was (a person waiting for the next code): for demo_totp and the journeys."""
    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    if after_used and totp.t() <= device.last_t:
        totp.drift += device.last_t + 1 - totp.t()
    return f"{totp.token():0{device.digits}d}"
