"""Two-step verification for tests: an authenticator app with a known secret, its codes,
and signing in through the password and the code as the sign-in pages ask."""

from __future__ import annotations

from django.test import Client
from django.urls import reverse
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice

from accounts.models import User

from .accounts import PASSWORD

#: RFC 6238's own test secret ("12345678901234567890").
KEY = "3132333435363738393031323334353637383930"


def give_app(user: User, key: str = KEY) -> TOTPDevice:
    return TOTPDevice.objects.create(user=user, name="app", key=key, confirmed=True, tolerance=1)


def code_at(key: str, step: int) -> str:
    """The code of time step ``step`` (``int(time.time()) // 30``)."""
    totp = TOTP(bytes.fromhex(key), step=30, t0=0, digits=6, drift=0)
    totp.time = step * 30
    return f"{totp.token():06d}"


def code_now(key: str = KEY, offset: int = 0) -> str:
    totp = TOTP(bytes.fromhex(key), step=30, t0=0, digits=6, drift=0)
    return code_at(key, totp.t() + offset)


def post_password(client: Client, user: User, password: str = PASSWORD, **extra):
    return client.post(
        reverse("accounts:login"), {"username": user.email, "password": password}, **extra
    )


def sign_in_with_code(client: Client, user: User, *, key: str = KEY):
    """Password, then (where the account has an app) the code; the last answer."""
    response = post_password(client, user)
    if response.status_code == 302 and response["Location"] == reverse("accounts:mfa_sign_in_code"):
        response = client.post(response["Location"], {"code": code_now(key)})
    return response
