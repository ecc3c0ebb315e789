"""Sign-in through the agency's identity provider (OpenID Connect, issue 17), against a
real provider process (tests/oidc_provider/server.py): discovery, the code flow with
PKCE, every bad token refused, identities linked only to staff, the provider down,
sign-out at the provider."""

from __future__ import annotations

import logging
from urllib.parse import parse_qs, urlsplit

import pytest
import requests
from django.urls import reverse

from accounts import mfa
from accounts.models import ExternalIdentity, User
from tests.factories.accounts import PASSWORD

START = "/konto/logga-in/organisation/"
CALLBACK = "/konto/logga-in/organisation/klar/"
LOGIN = "/konto/logga-in/"


def to_provider(client) -> str:
    """The portal's redirect to the provider's authorization endpoint."""
    response = client.get(START)
    assert response.status_code == 302, response.content[:300]
    return response["Location"]


def back_from_provider(authorize_url: str) -> str:
    """The provider approves at once: the callback path with code and state."""
    answer = requests.get(authorize_url, allow_redirects=False, timeout=5)
    assert answer.status_code == 302, answer.text
    location = urlsplit(answer.headers["Location"])
    return f"{location.path}?{location.query}"


def sign_in(client):
    return client.get(back_from_provider(to_provider(client)))


def signed_in(client) -> User | None:
    user_id = client.session.get("_auth_user_id")
    return User.objects.get(pk=user_id) if user_id else None


def link(user, provider, subject="staff-1") -> ExternalIdentity:
    return ExternalIdentity.objects.create(issuer=provider.issuer, subject=subject, user=user)


# --- Off unless configured ----------------------------------------------------------------


def test_without_an_issuer_there_is_no_button_and_no_route(client, settings, staff):
    settings.OIDC_ISSUER = ""
    assert "Logga in med" not in client.get(LOGIN).content.decode()
    assert client.get(START).status_code == 404
    assert client.get(CALLBACK + "?code=x&state=y").status_code == 404


def test_the_sign_in_page_offers_the_provider(client, oidc_provider):
    page = client.get(LOGIN).content.decode()
    assert "Logga in med Länsstyrelsen" in page
    assert f'href="{START}"' in page


# --- The code flow --------------------------------------------------------------------------


def test_discovery_then_the_code_flow_with_pkce_signs_in_a_linked_staff_member(
    client, oidc_provider, staff, caplog
):
    caplog.set_level(logging.INFO, logger="integration_portal.security")
    link(staff, oidc_provider)
    authorize = to_provider(client)
    assert authorize.startswith(oidc_provider.issuer + "/authorize?")  # from the discovery
    query = parse_qs(urlsplit(authorize).query)
    assert query["code_challenge_method"] == ["S256"]
    assert query["nonce"][0] and query["state"][0]
    assert query["scope"] == ["openid email profile"]
    response = client.get(back_from_provider(authorize))
    assert response.status_code == 302
    assert response["Location"] == reverse("overview:dashboard")
    assert signed_in(client) == staff
    # The provider did the second factor: no code prompt, the session says how.
    assert client.session[mfa.FACTOR] == "oidc"
    assert client.get(reverse("overview:dashboard")).status_code == 200
    tokens = [e for e in oidc_provider.log() if e["event"] == "token"]
    assert tokens == [{"event": "token", "verifier_ok": True}]
    assert ExternalIdentity.objects.get().last_used_at is not None
    assert "event=oidc_login user=staff@lansstyrelsen.example" in caplog.text
    assert "acr=http://id.elegnamnden.se/loa/1.0/loa3 amr=pwd,otp" in caplog.text


def test_next_is_kept_through_the_provider(client, oidc_provider, staff):
    link(staff, oidc_provider)
    response = client.get(START + "?next=/konto/")
    response = client.get(back_from_provider(response["Location"]))
    assert response["Location"] == "/konto/"


def test_next_to_another_site_is_dropped(client, oidc_provider, staff):
    link(staff, oidc_provider)
    response = client.get(START + "?next=https://evil.example/")
    response = client.get(back_from_provider(response["Location"]))
    assert response["Location"] == reverse("overview:dashboard")


# --- Bad tokens: nobody signed in -----------------------------------------------------------


@pytest.mark.parametrize(
    "tamper", ["signature", "audience", "issuer", "expired", "old_iat", "no_nonce", "wrong_nonce"]
)
def test_a_bad_id_token_is_refused(client, oidc_provider, staff, tamper, caplog):
    caplog.set_level(logging.INFO, logger="integration_portal.security")
    link(staff, oidc_provider)
    oidc_provider.control(tamper=tamper)
    response = sign_in(client)
    assert response.status_code == 403
    assert "Inloggningen gick inte att slutföra" in response.content.decode()
    assert signed_in(client) is None
    assert "event=oidc_refused" in caplog.text
    assert ExternalIdentity.objects.get().last_used_at is None


def test_a_replayed_state_is_refused(client, oidc_provider, staff):
    link(staff, oidc_provider)
    authorize = to_provider(client)
    callback = back_from_provider(authorize)
    assert client.get(callback).status_code == 302
    client.post(reverse("accounts:logout"))
    again = client.get(callback)
    assert again.status_code == 403
    assert signed_in(client) is None


def test_a_callback_without_a_started_sign_in_is_refused(client, oidc_provider, staff):
    link(staff, oidc_provider)
    authorize = to_provider(client)
    callback = back_from_provider(authorize)
    other = client.__class__()
    assert other.get(callback).status_code == 403
    assert "_auth_user_id" not in other.session


def test_the_code_is_never_exchanged_without_the_pkce_verifier(oidc_provider, client, staff):
    """The provider refuses a code without its verifier (the portal always sends it)."""
    link(staff, oidc_provider)
    callback = back_from_provider(to_provider(client))
    code = parse_qs(urlsplit(callback).query)["code"][0]
    answer = requests.post(
        oidc_provider.issuer + "/token",
        data={
            "grant_type": "authorization_code",
            "code": code,
            "client_id": "portal",
            "client_secret": "s3cret",
            "redirect_uri": "http://testserver" + CALLBACK,
        },
        timeout=5,
    )
    assert answer.status_code == 400


def test_a_cancelled_sign_in_says_so(client, oidc_provider, db):
    to_provider(client)
    response = client.get(CALLBACK + "?error=access_denied&state=x")
    assert response.status_code == 403
    assert "avbröts" in response.content.decode()


# --- Linking ---------------------------------------------------------------------------------


def test_an_unknown_identity_gets_a_page_and_no_account(client, oidc_provider, staff):
    oidc_provider.control(claims={"sub": "stranger", "email": "stranger@example.org"})
    before = User.objects.count()
    response = sign_in(client)
    assert response.status_code == 403
    assert "inte kopplat till något konto i portalen" in response.content.decode()
    assert User.objects.count() == before
    assert not ExternalIdentity.objects.exists()
    assert signed_in(client) is None


def test_a_verified_email_of_staff_links_once(client, oidc_provider, staff, caplog):
    caplog.set_level(logging.INFO, logger="integration_portal.security")
    response = sign_in(client)
    assert response.status_code == 302
    identity = ExternalIdentity.objects.get()
    assert (identity.issuer, identity.subject, identity.user) == (
        oidc_provider.issuer,
        "staff-1",
        staff,
    )
    assert "event=oidc_linked user=staff@lansstyrelsen.example" in caplog.text
    # Another identity at the same provider claiming the same e-mail is not linked too.
    client.post(reverse("accounts:logout"))
    oidc_provider.control(claims={"sub": "someone-else"})
    assert sign_in(client).status_code == 403
    assert ExternalIdentity.objects.count() == 1


def test_an_unverified_email_does_not_link(client, oidc_provider, staff):
    oidc_provider.control(claims={"email_verified": False})
    assert sign_in(client).status_code == 403
    assert not ExternalIdentity.objects.exists()


def test_a_reporter_is_never_signed_in_through_the_provider(client, oidc_provider, reporter_a):
    oidc_provider.control(claims={"sub": "rep", "email": reporter_a.email})
    assert sign_in(client).status_code == 403
    assert not ExternalIdentity.objects.exists()
    link(reporter_a, oidc_provider, subject="rep")  # even when linked by mistake
    assert sign_in(client).status_code == 403
    assert signed_in(client) is None


def test_the_same_subject_at_another_issuer_is_someone_else(client, oidc_provider, staff):
    ExternalIdentity.objects.create(issuer="https://other.example", subject="staff-1", user=staff)
    oidc_provider.control(claims={"email_verified": False})
    assert sign_in(client).status_code == 403


def test_a_deactivated_account_is_refused(client, oidc_provider, staff):
    link(staff, oidc_provider)
    User.objects.filter(pk=staff.pk).update(is_active=False)
    assert sign_in(client).status_code == 403
    assert signed_in(client) is None


# --- Required strength ------------------------------------------------------------------------


def test_a_required_acr_refuses_a_weaker_sign_in_and_accepts_the_right_one(
    client, oidc_provider, staff, settings
):
    link(staff, oidc_provider)
    settings.OIDC_REQUIRED_ACR = "http://id.elegnamnden.se/loa/1.0/loa3"
    oidc_provider.control(claims={"acr": "http://id.elegnamnden.se/loa/1.0/loa2"})
    weak = sign_in(client)
    assert weak.status_code == 403
    assert "inte tillräckligt stark" in weak.content.decode()
    assert signed_in(client) is None
    oidc_provider.control(claims={"acr": "http://id.elegnamnden.se/loa/1.0/loa3"})
    assert sign_in(client).status_code == 302
    assert signed_in(client) == staff


# --- The provider down -------------------------------------------------------------------------


def test_a_provider_that_is_down_gets_a_clear_page_and_passwords_still_work(
    client, settings, reporter_a
):
    settings.OIDC_ISSUER = "http://127.0.0.1:9"  # nothing listens on the discard port
    settings.OIDC_CLIENT_ID, settings.OIDC_CLIENT_SECRET = "portal", "s3cret"
    settings.OIDC_TIMEOUT_SECONDS = 2
    response = client.get(START)
    assert response.status_code == 503
    assert "svarar inte just nu" in response.content.decode()
    response = client.post(LOGIN, {"username": reporter_a.email, "password": PASSWORD})
    assert response.status_code == 302
    assert signed_in(client) == reporter_a


# --- Sign-out ---------------------------------------------------------------------------------


def test_sign_out_ends_the_session_here_and_at_the_provider(client, oidc_provider, staff):
    link(staff, oidc_provider)
    sign_in(client)
    page = client.get(reverse("overview:dashboard"))
    # The sign-out form may lead to the provider (CSP form-action allows its origin).
    assert oidc_provider.issuer in page["Content-Security-Policy"]
    response = client.post(reverse("accounts:logout"))
    assert signed_in(client) is None
    location = urlsplit(response["Location"])
    assert f"{location.scheme}://{location.netloc}{location.path}" == (
        oidc_provider.issuer + "/end_session"
    )
    query = parse_qs(location.query)
    assert query["id_token_hint"][0].count(".") == 2
    assert query["post_logout_redirect_uri"] == ["http://testserver" + LOGIN]


def test_a_password_sign_out_stays_in_the_portal(client, oidc_provider, reporter_a):
    client.force_login(reporter_a)
    page = client.get("/konto/")
    assert oidc_provider.issuer not in page["Content-Security-Policy"]
    response = client.post(reverse("accounts:logout"))
    assert not response["Location"].startswith(oidc_provider.issuer)


def test_the_email_claim_is_mapped_from_the_environment(client, oidc_provider, staff, settings):
    # A provider that puts the address in ``upn`` and says nothing of verification.
    settings.OIDC_EMAIL_CLAIM = "upn"
    oidc_provider.control(claims={"email": None, "email_verified": None, "upn": staff.email})
    assert sign_in(client).status_code == 403  # not verified: the default still asks
    assert not ExternalIdentity.objects.exists()
    settings.OIDC_EMAIL_VERIFIED_CLAIM = ""  # the agency's directory sets every address
    client = type(client)()
    assert sign_in(client).status_code == 302
    assert ExternalIdentity.objects.get().user == staff
