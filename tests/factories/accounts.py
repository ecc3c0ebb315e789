"""Users and signed-in test clients for the personas (tests/conftest.py)."""

from __future__ import annotations

from django.test import Client

from accounts.models import User

PASSWORD = "Test-losenord-123"


def make_user(email: str, **fields) -> User:
    municipalities = fields.pop("municipalities", [])
    superuser = fields.pop("superuser", False)
    if superuser:
        user = User.objects.create_superuser(email, PASSWORD, **fields)
    else:
        user = User.objects.create_user(email, PASSWORD, **fields)
    if municipalities:
        user.municipalities.set(municipalities)
    return user


def client_for(user: User | None) -> Client:
    client = Client()
    if user is not None:
        client.force_login(user)
    return client
