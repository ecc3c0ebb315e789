from tests.harness.routes import LOGIN, Route, custom, public


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
    Route(
        "admin_login",
        expect=custom(
            anonymous=LOGIN,
            staff=403,
            other_county_staff=403,
            reporter_a=403,
            reporter_b=403,
            admin=302,
        ),
        note="the admin's sign-in is the portal's (second factor included); signed in "
        "without admin access: 403, not a second sign-in page",
    ),
]
