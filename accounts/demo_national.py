"""National demo users: two county staff per county and one reporter per municipality.

Invented people with made-up addresses on ``.example`` domains. One password
hash is computed and shared by every account (hashing 300 passwords one by one
would take minutes). Existing accounts are left as they are.
"""

from __future__ import annotations

from django.contrib.auth.hashers import make_password

from core.models import County, Municipality

from .models import User

STAFF_TITLES = ("Integrationsutvecklare", "Handläggare")


def staff_email(county_code: str, n: int) -> str:
    return f"handlaggare{n}.lan{county_code}@lansstyrelsen.example"


def reporter_email(municipality_code: str) -> str:
    return f"rapportor.{municipality_code}@kommun{municipality_code}.example"


def seed_users(*, out, password: str, counties=None) -> None:
    """Bulk-create the national staff and reporters (``counties``: a subset, for tests)."""
    counties = list(counties if counties is not None else County.objects.all())
    municipalities = list(Municipality.objects.filter(county__in=counties).order_by("code"))
    existing = set(User.objects.values_list("email", flat=True))
    hashed = make_password(password)
    users = [
        User(
            email=staff_email(county.code, n),
            password=hashed,
            first_name=f"Handläggare {n}",
            last_name=county.name,
            role=User.Role.STAFF,
            county=county,
            title=STAFF_TITLES[n - 1],
        )
        for county in counties
        for n in (1, 2)
        if staff_email(county.code, n) not in existing
    ]
    reporters = {
        m.pk: User(
            email=reporter_email(m.code),
            password=hashed,
            first_name="Rapportör",
            last_name=m.name,
            role=User.Role.REPORTER,
            title="Kommunrapportör",
        )
        for m in municipalities
        if reporter_email(m.code) not in existing
    }
    User.objects.bulk_create([*users, *reporters.values()], batch_size=1000)
    through = User.municipalities.through
    through.objects.bulk_create(
        [through(user_id=u.pk, municipality_id=pk) for pk, u in reporters.items()],
        batch_size=1000,
    )
    out.write(
        f"  users (national): {len(users)} staff and {len(reporters)} reporters created, "
        f"{User.objects.count()} users in total"
    )
