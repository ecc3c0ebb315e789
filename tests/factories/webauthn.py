"""Passkeys for tests: a software authenticator that answers the portal's WebAuthn options
the way a real one does, so the library's verification runs for real (nothing mocked).

An EC P-256 key (``cryptography``); the registration's attestation object ("none"
format, CBOR) and the assertion's authenticator data and ECDSA signature over it and the
hash of clientDataJSON are built here byte by byte, as in the WebAuthn Level 3
specification (6.1 authenticator data, 6.5 attestation, 6.3.3 assertion).
"""

from __future__ import annotations

import base64
import hashlib
import json
import os
import struct
from dataclasses import dataclass, field

import cbor2
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import ec
from django.test import Client
from django.urls import reverse
from django_otp_webauthn.models import WebAuthnCredential

from accounts.models import User

RP_ID = "localhost"
ORIGIN = "http://localhost:8000"

_UP, _UV, _AT = 0x01, 0x04, 0x40


def b64url(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def from_b64url(text: str) -> bytes:
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


@dataclass
class SoftAuthenticator:
    """One passkey on one authenticator. ``sign_count``: the counter it reports next
    (0 forever, as many platform authenticators do, if ``counts`` is False)."""

    rp_id: str = RP_ID
    origin: str = ORIGIN
    counts: bool = True
    sign_count: int = 0
    key: ec.EllipticCurvePrivateKey = field(
        default_factory=lambda: ec.generate_private_key(ec.SECP256R1())
    )
    credential_id: bytes = field(default_factory=lambda: os.urandom(32))

    def cose_public_key(self) -> bytes:
        numbers = self.key.public_key().public_numbers()
        return cbor2.dumps(
            {
                1: 2,  # kty: EC2
                3: -7,  # alg: ES256
                -1: 1,  # crv: P-256
                -2: numbers.x.to_bytes(32, "big"),
                -3: numbers.y.to_bytes(32, "big"),
            }
        )

    def _client_data(self, kind: str, challenge: str, origin: str | None) -> bytes:
        return json.dumps(
            {
                "type": kind,
                "challenge": challenge,
                "origin": origin or self.origin,
                "crossOrigin": False,
            }
        ).encode()

    def _next_count(self) -> int:
        if self.counts:
            self.sign_count += 1
        return self.sign_count

    def attestation(self, options: dict, *, origin: str | None = None) -> str:
        """The browser's answer to ``navigator.credentials.create(options)``, as JSON."""
        client_data = self._client_data("webauthn.create", options["challenge"], origin)
        auth_data = (
            hashlib.sha256(self.rp_id.encode()).digest()
            + bytes([_UP | _UV | _AT])
            + struct.pack(">I", self._next_count())
            + bytes(16)  # AAGUID: none
            + struct.pack(">H", len(self.credential_id))
            + self.credential_id
            + self.cose_public_key()
        )
        attestation_object = cbor2.dumps({"fmt": "none", "attStmt": {}, "authData": auth_data})
        return json.dumps(
            {
                "id": b64url(self.credential_id),
                "rawId": b64url(self.credential_id),
                "type": "public-key",
                "authenticatorAttachment": "platform",
                "response": {
                    "clientDataJSON": b64url(client_data),
                    "attestationObject": b64url(attestation_object),
                    "transports": ["internal"],
                },
                "clientExtensionResults": {"credProps": {"rk": True}},
            }
        )

    def assertion(
        self,
        options: dict,
        *,
        origin: str | None = None,
        sign_count: int | None = None,
        user_handle: bytes | None = None,
    ) -> str:
        """The browser's answer to ``navigator.credentials.get(options)``, as JSON."""
        client_data = self._client_data("webauthn.get", options["challenge"], origin)
        count = self._next_count() if sign_count is None else sign_count
        auth_data = (
            hashlib.sha256(self.rp_id.encode()).digest()
            + bytes([_UP | _UV])
            + struct.pack(">I", count)
        )
        signature = self.key.sign(
            auth_data + hashlib.sha256(client_data).digest(), ec.ECDSA(hashes.SHA256())
        )
        return json.dumps(
            {
                "id": b64url(self.credential_id),
                "rawId": b64url(self.credential_id),
                "type": "public-key",
                "authenticatorAttachment": "platform",
                "response": {
                    "clientDataJSON": b64url(client_data),
                    "authenticatorData": b64url(auth_data),
                    "signature": b64url(signature),
                    "userHandle": b64url(user_handle) if user_handle else None,
                },
                "clientExtensionResults": {},
            }
        )


def give_passkey(
    user: User, authenticator: SoftAuthenticator | None = None, *, name: str = "Jobbdatorn"
) -> tuple[WebAuthnCredential, SoftAuthenticator]:
    """A registered passkey of ``user`` (as the registration stores it) and its
    authenticator, without going through the pages."""
    authenticator = authenticator or SoftAuthenticator()
    credential = WebAuthnCredential.objects.create(
        user=user,
        name=name,
        confirmed=True,
        credential_id=authenticator.credential_id,
        public_key=authenticator.cose_public_key(),
        sign_count=authenticator.sign_count,
        aaguid="00000000-0000-0000-0000-000000000000",
        transports=["internal"],
        discoverable=True,
    )
    return credential, authenticator


def register_passkey(client: Client, authenticator: SoftAuthenticator, *, name: str = "Jobbdatorn"):
    """Through the pages, signed in: the options, the authenticator's answer, the form."""
    options = client.post(reverse("accounts:webauthn_register_options")).json()
    return client.post(
        reverse("accounts:webauthn_register"),
        {"name": name, "credential": authenticator.attestation(options)},
    )


def sign_in_options(client: Client) -> dict:
    return client.post(reverse("accounts:webauthn_sign_in_options")).json()


def sign_in_with_passkey(client: Client, authenticator: SoftAuthenticator, **assertion_kwargs):
    """At the sign-in step (after the password): the options, the answer, the form."""
    options = sign_in_options(client)
    return client.post(
        reverse("accounts:webauthn_sign_in"),
        {"assertion": authenticator.assertion(options, **assertion_kwargs)},
    )
