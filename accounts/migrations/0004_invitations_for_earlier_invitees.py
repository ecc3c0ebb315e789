"""Reporters invited before invitations had their own rows (no password chosen, never
signed in) get one, already expired (their old link, a password-reset token, no longer
opens the invitation page), so staff can see them and send a new link."""

import datetime
import secrets

from django.db import migrations
from django.utils import timezone

#: The lifetime their link had (PASSWORD_RESET_TIMEOUT's default).
EARLIER_LIFETIME = datetime.timedelta(days=3)


def add(apps, schema_editor):
    User = apps.get_model("accounts", "User")
    Invitation = apps.get_model("accounts", "Invitation")
    waiting = User.objects.filter(
        role="reporter", last_login__isnull=True, password__startswith="!", invitation=None
    )
    now = timezone.now()
    Invitation.objects.bulk_create(
        Invitation(
            user=user,
            nonce=secrets.token_hex(16),
            sent_at=user.date_joined,
            expires_at=min(user.date_joined + EARLIER_LIFETIME, now),
        )
        for user in waiting
    )


class Migration(migrations.Migration):
    dependencies = [("accounts", "0003_user_admin")]

    operations = [migrations.RunPython(add, migrations.RunPython.noop)]
