import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from accounts.models import User

pytestmark = pytest.mark.django_db


def test_seed_demo_is_idempotent_and_prints_the_logins(capsys):
    call_command("seed_demo", force=True)
    first = User.objects.count()
    call_command("seed_demo", force=True)
    assert User.objects.count() == first
    out = capsys.readouterr().out
    assert "Demo logins" in out
    assert "elin.berggren@lansstyrelsen.example" in out
    staff = User.objects.get(email="elin.berggren@lansstyrelsen.example")
    assert staff.is_county_staff and staff.county.code == "01"
    reporters = User.objects.filter(role=User.Role.REPORTER)
    codes = {m.code for r in reporters for m in r.municipalities.all()}
    assert {"0181", "0126"} <= codes


def test_seed_demo_refuses_without_debug_or_force(settings):
    settings.DEBUG = False
    with pytest.raises(CommandError, match="DEBUG"):
        call_command("seed_demo")
