"""Tokens for the personas, and a client that sends them."""

from __future__ import annotations

import json

from django.test import Client

from api import services


def token_for(user, *, scopes, municipality=None, county=None, name="Ärendesystem", days=30):
    token, secret = services.token_create(
        user=user, name=name, scopes=scopes, days=days, municipality=municipality, county=county
    )
    return token, secret


class ApiClient:
    """Django's test client with ``Authorization: Bearer`` on every call."""

    def __init__(self, secret: str | None = None, language: str = "sv") -> None:
        self.client = Client()
        self.headers = {"Accept-Language": language}
        if secret:
            self.headers["Authorization"] = f"Bearer {secret}"

    def get(self, url: str, **headers):
        return self.client.get(url, headers={**self.headers, **headers})

    def put(self, url: str, body, **headers):
        data = body if isinstance(body, str | bytes) else json.dumps(body)
        return self.client.put(
            url, data, content_type="application/json", headers={**self.headers, **headers}
        )

    def post(self, url: str, body, **headers):
        data = body if isinstance(body, str | bytes) else json.dumps(body)
        return self.client.post(
            url, data, content_type="application/json", headers={**self.headers, **headers}
        )
