"""Demo users: invented people, never real staff."""

from __future__ import annotations

from dataclasses import dataclass

from core.models import County, Municipality

from .models import User

DEMO_PASSWORD = "Demo-losenord-ekorre"


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
