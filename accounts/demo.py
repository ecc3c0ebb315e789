"""Demo users: invented people, never real staff."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass

from django_otp.plugins.otp_totp.models import TOTPDevice

from core.models import County, Municipality

from .mfa import secret_text
from .models import User

DEMO_PASSWORD = "Demo-losenord-ekorre"


def demo_totp_key(email: str) -> str:
    """The demo account's authenticator secret (hex): derived from the address, as public
    as the demo password, so `make run` and the browser tests can compute the codes."""
    return hashlib.sha256(f"integrationsportalen-demo-totp:{email}".encode()).hexdigest()[:40]


def _needs_app(spec: DemoUser) -> bool:
    """County staff and the administrator have an app (a second factor is required for
    them in production); the reporters sign in with the password alone."""
    return spec.superuser or spec.role == User.Role.STAFF


@dataclass(frozen=True)
class DemoUser:
    email: str
    first_name: str
    last_name: str
    role: str
    county: str | None = None
    municipalities: tuple[str, ...] = ()
    superuser: bool = False
    title: str = ""


DEMO_USERS = [
    DemoUser(
        "elin.berggren@lansstyrelsen.example",
        "Elin",
        "Berggren",
        User.Role.STAFF,
        county="01",
        title="Integrationsutvecklare",
    ),
    DemoUser(
        "oskar.lindqvist@lansstyrelsen.example",
        "Oskar",
        "Lindqvist",
        User.Role.STAFF,
        county="03",
        title="Handläggare",
    ),
    DemoUser(
        "sara.nystrom@sodertalje.example",
        "Sara",
        "Nyström",
        User.Role.REPORTER,
        municipalities=("0181",),
        title="Enhetschef mottagning",
    ),
    DemoUser(
        "amir.haddad@huddinge.example",
        "Amir",
        "Haddad",
        User.Role.REPORTER,
        municipalities=("0126",),
        title="Samordnare",
    ),
    DemoUser("admin@lansstyrelsen.example", "Maja", "Ek", "", superuser=True),
]


def seed(*, out, scale: str = "county") -> None:
    counties = {c.code: c for c in County.objects.all()}
    created = 0
    for spec in DEMO_USERS:
        user = User.objects.filter(email=spec.email).first()
        if user is None:
            if spec.superuser:
                user = User.objects.create_superuser(spec.email, DEMO_PASSWORD)
            else:
                user = User.objects.create_user(spec.email, DEMO_PASSWORD)
            created += 1
        user.first_name = spec.first_name
        user.last_name = spec.last_name
        user.title = spec.title
        user.role = spec.role
        user.county = counties.get(spec.county) if spec.county else None
        user.save()
        user.municipalities.set(Municipality.objects.filter(code__in=spec.municipalities))
        if _needs_app(spec):
            TOTPDevice.objects.update_or_create(
                user=user,
                name="app",
                defaults={
                    "key": demo_totp_key(spec.email),
                    "confirmed": True,
                    "tolerance": 1,
                    "drift": 0,
                    "last_t": -1,
                },
            )
    out.write(f"  users: {created} created, {len(DEMO_USERS) - created} already there")
    if scale == "national":
        from .demo_national import seed_users

        seed_users(out=out, password=DEMO_PASSWORD)


def print_logins(out) -> None:
    out.write("")
    out.write(f"Demo logins (password for all: {DEMO_PASSWORD}):")
    for spec in DEMO_USERS:
        if spec.superuser:
            what = "system administrator (/admin/)"
        elif spec.role == User.Role.STAFF:
            what = f"county staff, county {spec.county}"
        else:
            what = f"municipality reporter, {', '.join(spec.municipalities)}"
        out.write(f"  {spec.email:45} {what}")
    out.write("")
    out.write("Two-step verification: staff and the administrator type a code after the password.")
    out.write("Add the secret to an authenticator app, or print the current code with")
    out.write("`manage.py demo_totp <email>`:")
    for spec in DEMO_USERS:
        if _needs_app(spec):
            out.write(f"  {spec.email:45} {secret_text(demo_totp_key(spec.email))}")
