"""Journeys: county staff sign in through the agency's identity provider (issue 17).

The provider is a real process on 127.0.0.1 (tests/oidc_provider/server.py) that approves
at once, as an agency's provider does for someone already signed in to their workstation.
The person clicks "Logga in med Länsstyrelsen" on the sign-in page, comes back signed in
without a code (the provider is the second factor), and "Logga ut" ends the provider's
session too. An identity the portal does not know gets a page, and no account.
"""

from __future__ import annotations

from accounts.models import ExternalIdentity, User

from . import steps


def to_sign_in_page(page) -> None:
    steps.start(page)
    page.get_by_role("banner").get_by_role("link", name="Logga in").click()
    page.wait_for_load_state()


def test_staff_sign_in_through_the_provider_and_sign_out_there_too(
    page, oidc_provider, live_server
):
    staff = User.objects.get(email=steps.STAFF.email)
    oidc_provider.control(claims={"sub": "elin-4711", "email": staff.email, "name": "Elin"})

    to_sign_in_page(page)
    steps.screenshots(page, "issue-17/sign-in-oidc")
    page.get_by_role("link", name="Logga in med Länsstyrelsen").click()
    page.wait_for_load_state()

    # Back from the provider, signed in, no code asked for.
    assert page.get_by_role("button", name="Logga ut").is_visible()
    assert "/konto/logga-in/" not in page.url
    identity = ExternalIdentity.objects.get(issuer=oidc_provider.issuer, subject="elin-4711")
    assert identity.user == staff
    assert identity.last_used_at is not None
    authorize = [e for e in oidc_provider.log() if e["event"] == "authorize"][-1]
    assert authorize["code_challenge_method"] == "S256" and authorize["nonce"]
    assert [e for e in oidc_provider.log() if e["event"] == "token"][-1]["verifier_ok"]

    # Staff pages open as after any sign-in.
    page.get_by_role("navigation", name="Huvudmeny").get_by_role("link", name="Översikt").click()
    page.wait_for_load_state()
    assert staff.county.name in steps.heading(page)
    assert page.get_by_role("button", name="Logga ut").is_visible()

    page.get_by_role("button", name="Logga ut").click()
    page.wait_for_load_state()
    ended = [e for e in oidc_provider.log() if e["event"] == "end_session"]
    assert len(ended) == 1 and ended[0]["id_token_hint"]
    # Back on the portal, signed out.
    assert page.url.startswith(live_server.url)
    assert page.get_by_role("banner").get_by_role("link", name="Logga in").is_visible()
    page.goto("/konto/")
    assert "/konto/logga-in/" in page.url


def test_an_identity_nobody_linked_gets_a_page_and_no_account(page, oidc_provider):
    oidc_provider.control(
        claims={"sub": "stranger-1", "email": "okand@lansstyrelsen.example", "name": "Okänd"}
    )
    users_before = User.objects.count()

    to_sign_in_page(page)
    page.get_by_role("link", name="Logga in med Länsstyrelsen").click()
    page.wait_for_load_state()

    assert steps.heading(page) == "Inloggningen gick inte att slutföra"
    assert "Inget konto har skapats" in page.get_by_role("main").inner_text()
    steps.screenshots(page, "issue-17/oidc-refused")
    assert User.objects.count() == users_before
    assert not ExternalIdentity.objects.filter(subject="stranger-1").exists()

    page.get_by_role("link", name="Till inloggningen").click()
    page.wait_for_load_state()
    assert steps.heading(page) == "Logga in"
