from tests.harness.routes import Route, custom, public, signed_in, staff_page


def build_world(world: dict) -> None:
    pass


ROUTES = [
    Route("accounts:home", expect=signed_in()),
    Route(
        "accounts:login",
        expect=custom(
            anonymous=200,
            staff=302,
            other_county_staff=302,
            reporter_a=302,
            reporter_b=302,
            admin=302,
        ),
        note="signed-in users are sent on to Mina sidor",
    ),
    Route("accounts:logout", method="POST", expect=public(302)),
    Route("accounts:password_change", expect=signed_in()),
    Route("accounts:password_change_done", expect=signed_in()),
    Route("accounts:password_reset", expect=public()),
    Route("accounts:password_reset_done", expect=public()),
    Route(
        "accounts:password_reset_confirm",
        kwargs=lambda w: {"uidb64": "MQ", "token": "bad-token"},
        expect=public(),
        note="an invalid link shows the 'link no longer works' page",
    ),
    Route("accounts:password_reset_complete", expect=public()),
    Route("accounts:invite", expect=staff_page()),
    Route(
        "accounts:invite_accept",
        kwargs=lambda w: {"uidb64": "MQ", "token": "bad-token"},
        expect=public(),
        note="an invalid link shows the 'invitation no longer works' page",
    ),
]
