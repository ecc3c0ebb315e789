"""The API's URLs in the portal's route table (tests/harness): the session personas.

The API takes no session: every operation answers 401 to a signed-in browser session
as to an anonymous one (a page can never call it for the person signed in). What each
*token* may do is the API's own table, ``tests/api/test_access_table.py``.
"""

from reception.periods import periods_ensure
from tests.api.helpers import token_for
from tests.harness.routes import LOGIN, Route, custom, public, signed_in


def build_world(world: dict) -> None:
    from core.models import County, Municipality

    municipality = Municipality.objects.get(code="0181")
    county = County.objects.get(code="01")
    world["api_period"] = periods_ensure(county=county, year=2025)[0]
    world["api_token"], _secret = token_for(
        world["reporter_a"], scopes=["report:read"], municipality=municipality, name="Harness"
    )


NO_SESSION = public(401)
MUNICIPALITY = {"code": "0181"}


def _report(w) -> dict:
    return {"code": "0181", "period_id": w["api_period"].pk}


ROUTES = [
    Route("api:tokens", expect=signed_in(), note="a person's own API tokens"),
    Route(
        "api:token_revoke",
        method="POST",
        kwargs=lambda w: {"pk": w["api_token"].pk},
        expect=custom(
            anonymous=LOGIN,
            staff=404,
            other_county_staff=404,
            reporter_a=302,
            reporter_b=404,
            admin=404,
        ),
        note="only the owner sees their tokens",
    ),
    Route("api:docs", expect=public(), note="the API's description as a page"),
    Route("api_v1:openapi-json", expect=public(), note="OpenAPI 3.1 (JSON)"),
    Route("api_v1:api-root", expect=public(404), note="no page at /api/v1/ itself"),
    Route("api_v1:municipality_periods", kwargs=lambda w: MUNICIPALITY, expect=NO_SESSION),
    Route("api_v1:municipality_targets", kwargs=lambda w: MUNICIPALITY, expect=NO_SESSION),
    Route("api_v1:municipality_report", kwargs=_report, expect=NO_SESSION),
    Route(
        "api_v1:municipality_report_save",
        kwargs=_report,
        expect=NO_SESSION,
        note="PUT in the API; the walker's GET reaches the same path",
    ),
    Route("api_v1:municipality_report_submit", method="POST", kwargs=_report, expect=NO_SESSION),
    Route("api_v1:county_targets", kwargs=lambda w: {"code": "01"}, expect=NO_SESSION),
    Route("api_v1:county_reports", kwargs=lambda w: {"code": "01"}, expect=NO_SESSION),
    Route("api_v1:county_review_history", kwargs=lambda w: {"code": "01"}, expect=NO_SESSION),
    Route("api_v1:county_activity_reports", kwargs=lambda w: {"code": "01"}, expect=NO_SESSION),
]
