"""Print the current two-step verification code of a demo account (DEBUG only)."""

from __future__ import annotations

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django_otp.plugins.otp_totp.models import TOTPDevice

from accounts.demo import DEMO_USERS, demo_totp_key
from accounts.mfa import current_code


class Command(BaseCommand):
    help = "Print the current authenticator code of a demo account (as its app would show)."

    def add_arguments(self, parser) -> None:
        parser.add_argument("email")

    def handle(self, *args, email: str, **options) -> None:
        email = email.strip().lower()
        if not settings.DEBUG:
            raise CommandError("demo_totp runs only with DEBUG=true (a developer's machine).")
        if email not in {spec.email for spec in DEMO_USERS}:
            raise CommandError(f"{email} is not a demo account.")
        # Only the demo key: a real person's app is never read out by a command.
        device = TOTPDevice.objects.filter(
            user__email=email, confirmed=True, key=demo_totp_key(email)
        ).first()
        if device is None:
            raise CommandError(f"{email} has no demo app; run `manage.py seed_demo` first.")
        self.stdout.write(current_code(device))
