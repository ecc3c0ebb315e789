from tests.harness.routes import Route, custom, public


def build_world(world: dict) -> None:
    pass


ROUTES = [
    Route("healthz", expect=public()),
    Route("favicon", expect=public(301), note="a redirect to the static icon"),
    Route("choose_language", kwargs=lambda w: {"code": "en"}, expect=public(302)),
    Route(
        "admin:index",
        expect=custom(
            anonymous=302,
            staff=302,
            other_county_staff=302,
            reporter_a=302,
            reporter_b=302,
            admin=200,
        ),
        note="Django's admin: only the system administrator; others go to the admin sign-in",
    ),
]
