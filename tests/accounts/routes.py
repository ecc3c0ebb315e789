from tests.harness.routes import Route, custom, public, signed_in, staff_page


def build_world(world: dict) -> None:
    pass


def _invitee_stored(world: dict, data: dict) -> bool:
    from accounts.models import User

    user = User.objects.get(email=data["email"].lower())
    return (
        (user.first_name, user.last_name, user.title)
        == (data["first_name"], data["last_name"], data["title"])
        and list(user.municipalities.values_list("pk", flat=True)) == data["municipalities"]
        and user.role == User.Role.REPORTER
    )


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
    Route(
        "accounts:invite",
        expect=staff_page(),
        extra={
            # Form fuzzing (tests/harness/test_form_fuzz.py): valid data round-trips.
            "valid_post": lambda w: {
                "email": "Ny.Rapportor@Kommun.example",
                "first_name": "Åsa",
                "last_name": "Öberg-Ängström",
                "title": "Integrationssamordnare",
                "municipalities": [w["reporter_a"].municipalities.get().pk],
            },
            "stored": _invitee_stored,
        },
    ),
    Route(
        "accounts:invite_accept",
        kwargs=lambda w: {"uidb64": "MQ", "token": "bad-token"},
        expect=public(),
        note="an invalid link shows the 'invitation no longer works' page",
    ),
]
