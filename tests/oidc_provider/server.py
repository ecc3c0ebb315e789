"""A small OpenID provider for the tests: a real process on 127.0.0.1, speaking HTTP.

    python tests/oidc_provider/server.py --client-id portal --client-secret s3cret

prints ``listening <port>`` when it accepts connections. It serves discovery, its keys
(JWKS), the authorization endpoint (approving at once, as a provider would after the
person signed in there), the token endpoint (the code once, the client's secret, and the
PKCE verifier checked against the challenge, S256), and end-session. It signs ID tokens
with RS256 under its own key, unless told to misbehave:

    POST /control {"claims": {...}, "tamper": "signature" | "audience" | "issuer" |
                   "expired" | "old_iat" | "no_nonce" | "wrong_nonce" | "" , "reset": true}

``GET /log`` returns what it saw (authorization requests with their code_challenge,
token requests and whether the verifier matched, end-session calls).
"""

from __future__ import annotations

import argparse
import base64
import hashlib
import json
import secrets
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlencode, urlsplit

import jwt
from cryptography.hazmat.primitives.asymmetric import rsa

DEFAULT_CLAIMS = {
    "sub": "staff-1",
    "email": "staff@lansstyrelsen.example",
    "email_verified": True,
    "name": "Stina Handläggare",
    "acr": "http://id.elegnamnden.se/loa/1.0/loa3",
    "amr": ["pwd", "otp"],
}


class Provider:
    def __init__(self, client_id: str, client_secret: str) -> None:
        self.client_id, self.client_secret = client_id, client_secret
        self.key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
        self.other_key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
        self.lock = threading.Lock()
        self.issuer = ""
        self.reset()

    def reset(self) -> None:
        self.claims = dict(DEFAULT_CLAIMS)
        self.tamper = ""
        self.codes: dict[str, dict] = {}
        self.log: list[dict] = []

    def jwks(self) -> dict:
        jwk = json.loads(jwt.algorithms.RSAAlgorithm.to_jwk(self.key.public_key()))
        jwk.update({"kid": "test-1", "alg": "RS256", "use": "sig"})
        return {"keys": [jwk]}

    def id_token(self, nonce: str | None) -> str:
        now = int(time.time())
        claims = dict(self.claims)
        claims.update({"iss": self.issuer, "aud": self.client_id, "iat": now, "exp": now + 300})
        if nonce is not None:
            claims["nonce"] = nonce
        key = self.key
        match self.tamper:
            case "signature":
                key = self.other_key
            case "audience":
                claims["aud"] = "another-client"
            case "issuer":
                claims["iss"] = "http://127.0.0.1:1/other"
            case "expired":
                claims["iat"], claims["exp"] = now - 400, now - 100
            case "old_iat":
                claims["iat"] = now - 3600
            case "no_nonce":
                claims.pop("nonce", None)
            case "wrong_nonce":
                claims["nonce"] = "not-the-one-you-sent"
        return jwt.encode(claims, key, algorithm="RS256", headers={"kid": "test-1"})


class Handler(BaseHTTPRequestHandler):
    provider: Provider

    def log_message(self, *args) -> None:  # quiet
        pass

    def _send(self, status: int, body: dict | str, *, headers: dict | None = None) -> None:
        data = body if isinstance(body, str) else json.dumps(body)
        raw = data.encode()
        self.send_response(status)
        self.send_header(
            "Content-Type", "application/json" if not isinstance(body, str) else "text/html"
        )
        self.send_header("Content-Length", str(len(raw)))
        for name, value in (headers or {}).items():
            self.send_header(name, value)
        self.end_headers()
        self.wfile.write(raw)

    def _redirect(self, location: str) -> None:
        self.send_response(302)
        self.send_header("Location", location)
        self.send_header("Content-Length", "0")
        self.end_headers()

    def do_GET(self) -> None:
        p = self.provider
        url = urlsplit(self.path)
        query = {k: v[0] for k, v in parse_qs(url.query).items()}
        if url.path == "/.well-known/openid-configuration":
            base = p.issuer
            return self._send(
                200,
                {
                    "issuer": base,
                    "authorization_endpoint": base + "/authorize",
                    "token_endpoint": base + "/token",
                    "jwks_uri": base + "/jwks",
                    "end_session_endpoint": base + "/end_session",
                    "response_types_supported": ["code"],
                    "subject_types_supported": ["public"],
                    "id_token_signing_alg_values_supported": ["RS256"],
                    "code_challenge_methods_supported": ["S256"],
                },
            )
        if url.path == "/jwks":
            return self._send(200, p.jwks())
        if url.path == "/authorize":
            with p.lock:
                p.log.append({"event": "authorize", **query})
                if query.get("client_id") != p.client_id or query.get("response_type") != "code":
                    return self._send(400, {"error": "invalid_request"})
                code = secrets.token_urlsafe(16)
                p.codes[code] = query
            target = query["redirect_uri"]
            glue = "&" if "?" in target else "?"
            return self._redirect(
                f"{target}{glue}{urlencode({'code': code, 'state': query.get('state', '')})}"
            )
        if url.path == "/end_session":
            with p.lock:
                p.log.append({"event": "end_session", **query})
            back = query.get("post_logout_redirect_uri")
            return self._redirect(back) if back else self._send(200, "<p>Utloggad</p>")
        if url.path == "/log":
            with p.lock:
                return self._send(200, {"log": p.log})
        return self._send(404, {"error": "not_found"})

    def do_POST(self) -> None:
        p = self.provider
        length = int(self.headers.get("Content-Length") or 0)
        raw = self.rfile.read(length).decode()
        url = urlsplit(self.path)
        if url.path == "/control":
            orders = json.loads(raw or "{}")
            with p.lock:
                if orders.get("reset"):
                    p.reset()
                if "claims" in orders:
                    p.claims.update(orders["claims"])
                if "tamper" in orders:
                    p.tamper = orders["tamper"]
            return self._send(200, {"ok": True})
        if url.path == "/token":
            form = {k: v[0] for k, v in parse_qs(raw).items()}
            with p.lock:
                started = p.codes.pop(form.get("code", ""), None)
                verifier = form.get("code_verifier", "")
                challenge = (
                    base64.urlsafe_b64encode(hashlib.sha256(verifier.encode()).digest())
                    .decode()
                    .rstrip("=")
                )
                verified = bool(started) and challenge == started.get("code_challenge")
                p.log.append({"event": "token", "verifier_ok": verified})
                if (
                    started is None
                    or form.get("client_id") != p.client_id
                    or form.get("client_secret") != p.client_secret
                    or form.get("redirect_uri") != started.get("redirect_uri")
                ):
                    return self._send(400, {"error": "invalid_grant"})
                if started.get("code_challenge_method") != "S256" or not verified:
                    return self._send(400, {"error": "invalid_grant", "why": "pkce"})
                token = p.id_token(started.get("nonce"))
            return self._send(
                200,
                {
                    "access_token": secrets.token_urlsafe(16),
                    "token_type": "Bearer",
                    "expires_in": 300,
                    "id_token": token,
                },
            )
        return self._send(404, {"error": "not_found"})


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--port", type=int, default=0)
    parser.add_argument("--client-id", default="portal")
    parser.add_argument("--client-secret", default="s3cret")
    args = parser.parse_args()
    provider = Provider(args.client_id, args.client_secret)
    Handler.provider = provider
    server = ThreadingHTTPServer(("127.0.0.1", args.port), Handler)
    provider.issuer = f"http://127.0.0.1:{server.server_address[1]}"
    print(f"listening {server.server_address[1]}", flush=True)
    server.serve_forever()


if __name__ == "__main__":
    main()
