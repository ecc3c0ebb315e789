"""The token pages: made by the owner, shown once, stored hashed, revoked at once."""

from __future__ import annotations

import hashlib
import re

import pytest

from api.models import ApiToken
from tests.api.helpers import ApiClient, token_for

pytestmark = pytest.mark.django_db


def _once(page) -> str:
    return re.search(rb'name="once" value="([0-9a-f]+)"', page.content).group(1).decode()


def test_a_reporter_creates_a_token_shown_once_and_stored_hashed(reporter_a_client, municipality_a):
    page = reporter_a_client.get("/konto/api-nycklar/")
    assert page.status_code == 200
    response = reporter_a_client.post(
        "/konto/api-nycklar/",
        {
            "name": "Ärendesystem",
            "municipality": municipality_a.pk,
            "scopes": ["report:read", "report:write"],
            "days": "90",
            "once": _once(page),
        },
    )
    assert response.status_code == 200
    secret = re.search(rb'id="api-token-secret" type="text" readonly value="([^"]+)"',
                       response.content).group(1).decode()  # fmt: skip
    token = ApiToken.objects.get()
    assert token.secret_hash == hashlib.sha256(secret.encode()).hexdigest()
    assert secret not in str(list(ApiToken.objects.values()))
    assert token.municipality == municipality_a and token.scopes == ["report:read", "report:write"]
    again = reporter_a_client.get("/konto/api-nycklar/")
    assert secret.encode() not in again.content and "Ärendesystem" in again.content.decode()
    assert ApiClient(secret).get("/api/v1/municipalities/0181/periods").status_code == 200


def test_a_reporter_cannot_make_a_county_token_nor_one_for_another_municipality(
    reporter_a_client, municipality_b, county
):
    page = reporter_a_client.get("/konto/api-nycklar/")
    response = reporter_a_client.post(
        "/konto/api-nycklar/",
        {"name": "X", "municipality": municipality_b.pk, "scopes": ["county:read"], "days": "9",
         "once": _once(page)},
    )  # fmt: skip
    assert response.status_code == 200 and not ApiToken.objects.exists()
    assert "Välj en av dina kommuner." in response.content.decode()


def test_staff_create_a_county_reading_token(staff_client, county):
    page = staff_client.get("/konto/api-nycklar/")
    staff_client.post(
        "/konto/api-nycklar/",
        {"name": "Power BI", "county": county.pk, "scopes": ["county:read"], "days": "30",
         "once": _once(page)},
    )  # fmt: skip
    token = ApiToken.objects.get()
    assert token.county == county and token.scopes == ["county:read"]


def test_revoked_answers_401_at_once(reporter_a_client, reporter_a, municipality_a):
    token, secret = token_for(reporter_a, scopes=["report:read"], municipality=municipality_a)
    assert ApiClient(secret).get("/api/v1/municipalities/0181/periods").status_code == 200
    response = reporter_a_client.post(f"/konto/api-nycklar/{token.pk}/aterkalla/")
    assert response.status_code == 302
    refused = ApiClient(secret).get("/api/v1/municipalities/0181/periods")
    assert refused.status_code == 401 and "återkallad" in refused.json()["detail"]


def test_a_deactivated_owner_or_a_removed_municipality_ends_the_token(reporter_a, municipality_a):
    token, secret = token_for(reporter_a, scopes=["report:read"], municipality=municipality_a)
    reporter_a.municipalities.clear()
    assert ApiClient(secret).get("/api/v1/municipalities/0181/periods").status_code == 401
    reporter_a.municipalities.add(municipality_a)
    reporter_a.is_active = False
    reporter_a.save()
    assert ApiClient(secret).get("/api/v1/municipalities/0181/periods").status_code == 401


def test_the_docs_page_is_the_portals_own_and_lists_every_operation(client):
    page = client.get("/api/v1/dokumentation/")
    assert page.status_code == 200
    text = page.content.decode()
    assert "cdn" not in text.lower() and "swagger" not in text.lower()
    for path in ("/api/v1/municipalities/{code}/reports/{period_id}/submit",
                 "/api/v1/counties/{code}/review-history"):  # fmt: skip
        assert path in text
    schema = client.get("/api/v1/openapi.json").json()
    assert schema["openapi"].startswith("3.1")
    assert schema["components"]["securitySchemes"]
