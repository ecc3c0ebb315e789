"""Every API operation × every kind of token answers as this table says.

The operations come from the OpenAPI document, not from the table, so a new operation
without a row fails ``test_every_operation_has_expectations``.
"""

from __future__ import annotations

import datetime

import pytest
from django.utils import timezone

from api.models import ApiToken
from api.v1 import api
from tests.api.conftest import full_figures
from tests.api.helpers import ApiClient, token_for
from tests.factories.reporting import draft

TOKENS = (
    "none",
    "reporter_a_write",
    "reporter_a_read",
    "reporter_b_write",
    "staff_county",
    "other_county",
    "revoked",
    "expired",
)


def _row(**statuses: int) -> dict[str, int]:
    assert set(statuses) == set(TOKENS), set(TOKENS) ^ set(statuses)
    return statuses


MUNICIPALITY_READ = _row(
    none=401,
    reporter_a_write=200,
    reporter_a_read=200,
    reporter_b_write=404,
    staff_county=403,
    other_county=403,
    revoked=401,
    expired=401,
)
MUNICIPALITY_WRITE = {**MUNICIPALITY_READ, "reporter_a_read": 403}
COUNTY_READ = _row(
    none=401,
    reporter_a_write=403,
    reporter_a_read=403,
    reporter_b_write=403,
    staff_county=200,
    other_county=404,
    revoked=401,
    expired=401,
)

TABLE = {
    ("GET", "/api/v1/municipalities/{code}/periods"): MUNICIPALITY_READ,
    ("GET", "/api/v1/municipalities/{code}/targets"): MUNICIPALITY_READ,
    ("GET", "/api/v1/municipalities/{code}/reports/{period_id}"): MUNICIPALITY_READ,
    ("PUT", "/api/v1/municipalities/{code}/reports/{period_id}"): MUNICIPALITY_WRITE,
    ("POST", "/api/v1/municipalities/{code}/reports/{period_id}/submit"): MUNICIPALITY_WRITE,
    ("GET", "/api/v1/counties/{code}/targets"): COUNTY_READ,
    ("GET", "/api/v1/counties/{code}/reports"): COUNTY_READ,
    ("GET", "/api/v1/counties/{code}/review-history"): COUNTY_READ,
    ("GET", "/api/v1/counties/{code}/activity-reports"): COUNTY_READ,
}


def _operations() -> set[tuple[str, str]]:
    schema = api.get_openapi_schema()
    return {
        (method.upper(), path)
        for path, item in schema["paths"].items()
        for method in item
        if method in ("get", "put", "post", "patch", "delete")
    }


def test_every_operation_has_expectations():
    missing = _operations() - set(TABLE)
    assert not missing, f"API operations without a row in TABLE: {sorted(missing)}"


def test_no_row_for_an_operation_that_no_longer_exists():
    assert not set(TABLE) - _operations()


@pytest.fixture
def tokens(reporter_a, reporter_b, staff, other_county_staff, municipality_a, municipality_b,
           county, other_county):  # fmt: skip
    made = {
        "reporter_a_write": token_for(
            reporter_a, scopes=["report:read", "report:write"], municipality=municipality_a
        ),
        "reporter_a_read": token_for(
            reporter_a, scopes=["report:read"], municipality=municipality_a, name="Läs"
        ),
        "reporter_b_write": token_for(
            reporter_b, scopes=["report:read", "report:write"], municipality=municipality_b
        ),
        "staff_county": token_for(staff, scopes=["county:read"], county=county),
        "other_county": token_for(other_county_staff, scopes=["county:read"], county=other_county),
        "revoked": token_for(
            reporter_a,
            scopes=["report:read", "report:write"],
            municipality=municipality_a,
            name="Gammal",
        ),  # fmt: skip
        "expired": token_for(
            reporter_a,
            scopes=["report:read", "report:write"],
            municipality=municipality_a,
            name="Utgången",
        ),  # fmt: skip
    }
    ApiToken.objects.filter(pk=made["revoked"][0].pk).update(revoked_at=timezone.now())
    ApiToken.objects.filter(pk=made["expired"][0].pk).update(
        expires_at=timezone.now() - datetime.timedelta(seconds=1)
    )
    return {name: secret for name, (_token, secret) in made.items()}


@pytest.mark.django_db
@pytest.mark.parametrize("token", TOKENS)
@pytest.mark.parametrize(("method", "path"), sorted(TABLE), ids=lambda v: str(v))
def test_operation_answers_as_the_table_says(
    method, path, token, tokens, period, agreement_a, municipality_a, reporter_a
):
    draft(municipality_a, period, reporter_a, anvisade=2)
    code = "01" if path.startswith("/api/v1/counties/") else "0181"
    url = path.replace("{code}", code).replace("{period_id}", str(period.pk))
    client = ApiClient(tokens.get(token))
    if method == "GET":
        response = client.get(url + "?year=2025")
    elif method == "PUT":
        response = client.put(url, {"version": 1, "figures": full_figures()})
    else:
        response = client.post(url, {"version": 1, "confirm_warnings": True})
    expected = TABLE[(method, path)][token]
    assert response.status_code == expected, (
        f"{method} {url} with {token}: expected {expected}, got {response.status_code} "
        f"{response.content[:300]!r}"
    )
    if expected >= 400:
        assert response["Content-Type"] == "application/problem+json"
    if expected == 401:
        assert response["WWW-Authenticate"].startswith("Bearer")
