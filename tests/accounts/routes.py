from tests.harness.routes import LOGIN, Route, custom, public, signed_in, staff_page


def build_world(world: dict) -> None:
    import datetime

    from django.utils import timezone

    from accounts.models import Invitation, User

    invitee = User.objects.create_user(
        "inbjuden@kommun-a.example",
        first_name="Ida",
        last_name="Inbjuden",
        role=User.Role.REPORTER,
    )
    invitee.municipalities.set(world["reporter_a"].municipalities.all())
    now = timezone.now()
    from tests.factories.webauthn import give_passkey

    # The administrator's (reporter A is the target of accounts:user_mfa_reset, which
    # expects an account without a second factor).
    world["passkey"], _authenticator = give_passkey(world["admin"])
    world["invitation"] = Invitation.objects.create(
        user=invitee,
        invited_by=world["staff"],
        nonce="route-table",
        sent_at=now,
        expires_at=now + datetime.timedelta(days=7),
    )


def _county_account(status: int) -> dict:
    """Staff of the account's county (and the administrator) act; staff of another county
    do not find it (404); reporters may not (403)."""
    return custom(
        anonymous=LOGIN,
        staff=status,
        other_county_staff=404,
        reporter_a=403,
        reporter_b=403,
        admin=status,
    )


def _reason(world: dict) -> dict:
    return {"reason": "Har slutat på kommunen", "version": world["reporter_a"].version}


def _invitation_version(world: dict) -> dict:
    return {"version": world["invitation"].version}


def _invitee_stored(world: dict, data: dict) -> bool:
    from accounts.models import User

    user = User.objects.get(email=data["email"].lower())
    return (
        (user.first_name, user.last_name, user.title)
        == (data["first_name"], data["last_name"], data["title"])
        and list(user.municipalities.values_list("pk", flat=True)) == data["municipalities"]
        and user.role == User.Role.REPORTER
    )


def _staff_opted_out(world: dict, data: dict) -> bool:
    from accounts.models import User

    return User.objects.get(pk=world["staff"].pk).notify_on_report is False


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
    Route(
        "accounts:mfa_sign_in_code",
        expect=custom(
            anonymous=LOGIN,
            staff=302,
            other_county_staff=302,
            reporter_a=302,
            reporter_b=302,
            admin=302,
        ),
        note="a step of signing in: without a pending sign-in, back to the sign-in page; "
        "signed-in users are sent on to Mina sidor (tests/accounts/test_mfa*.py)",
    ),
    Route(
        "accounts:mfa_sign_in_enrol",
        expect=custom(
            anonymous=LOGIN,
            staff=302,
            other_county_staff=302,
            reporter_a=302,
            reporter_b=302,
            admin=302,
        ),
        note="a step of signing in, as accounts:mfa_sign_in_code",
    ),
    Route("accounts:mfa", expect=signed_in(), note="one's own two-step verification"),
    Route(
        "accounts:mfa_enrol",
        expect=signed_in(),
        note="the secret offered waits in the session: the GET stores nothing",
    ),
    Route(
        "accounts:mfa_recovery_codes",
        method="POST",
        data=lambda w: {"codes-code": "123456"},
        expect=signed_in(200),
        note="the personas have no app: refused on the page (form error, 200)",
    ),
    Route(
        "accounts:mfa_disable",
        method="POST",
        data=lambda w: {"off-password": "wrong", "off-code": "123456"},
        expect=signed_in(200),
        note="required for staff and the admin, no app for reporters: a form error, 200",
    ),
    Route(
        "accounts:webauthn_sign_in",
        method="POST",
        expect=custom(
            anonymous=LOGIN,
            staff=302,
            other_county_staff=302,
            reporter_a=302,
            reporter_b=302,
            admin=302,
        ),
        note="a step of signing in, as accounts:mfa_sign_in_code (tests/accounts/test_webauthn.py)",
    ),
    Route(
        "accounts:webauthn_sign_in_options",
        method="POST",
        expect=public(400),
        note="JSON for passkey.js, only with a pending sign-in: none here, signed in or not",
    ),
    Route("accounts:webauthn_register", expect=signed_in(), note="adding a passkey"),
    Route(
        "accounts:webauthn_register_options",
        method="POST",
        expect=signed_in(200),
        note="JSON for passkey.js: the challenge waits in the session",
    ),
    Route(
        "accounts:webauthn_remove",
        kwargs=lambda w: {"pk": w["passkey"].pk},
        expect=custom(
            anonymous=LOGIN,
            staff=404,
            other_county_staff=404,
            reporter_a=404,
            reporter_b=404,
            admin=200,
        ),
        note="one's own passkey only: the administrator's, everyone else's is not found",
    ),
    Route(
        "accounts:webauthn_confirm_options",
        method="POST",
        expect=custom(
            anonymous=LOGIN,
            staff=404,
            other_county_staff=404,
            reporter_a=404,
            reporter_b=404,
            admin=200,
        ),
        note="JSON for passkey.js: only for an account with a passkey (the administrator's)",
    ),
    Route("accounts:logout", method="POST", expect=public(302)),
    Route(
        "accounts:oidc_start",
        expect=public(404),
        note="no identity provider configured in the route tables (tests/accounts/test_oidc.py)",
    ),
    Route(
        "accounts:oidc_callback",
        expect=public(404),
        note="no identity provider configured in the route tables (tests/accounts/test_oidc.py)",
    ),
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
    Route(
        "accounts:notification_settings",
        expect=staff_page(),
        note="each staff member's own e-mail preference",
        extra={
            # Unticking is what a form can lose silently: the round trip posts it off.
            "valid_post": lambda w: {},
            "stored": _staff_opted_out,
        },
    ),
    Route("accounts:users", expect=staff_page()),
    Route(
        "accounts:reporter_mfa_setting",
        method="POST",
        data=lambda w: {"required": "on"},
        expect=staff_page(302),
        note="the staff member's own county (the administrator: ?lan=)",
    ),
    Route(
        "accounts:user_detail",
        kwargs=lambda w: {"pk": w["reporter_a"].pk},
        expect=_county_account(200),
    ),
    Route(
        "accounts:user_deactivate",
        method="POST",
        kwargs=lambda w: {"pk": w["reporter_a"].pk},
        data=_reason,
        expect=_county_account(302),
    ),
    Route(
        "accounts:user_reactivate",
        method="POST",
        kwargs=lambda w: {"pk": w["reporter_a"].pk},
        data=_reason,
        expect=_county_account(200),
        note="reactivating an active account is refused on the page (form error, 200)",
    ),
    Route(
        "accounts:user_mfa_reset",
        method="POST",
        kwargs=lambda w: {"pk": w["reporter_a"].pk},
        data=lambda w: {"mfa-reason": "Ny telefon"},
        expect=_county_account(200),
        note="reporter_a has no app: refused on the page (form error, 200)",
    ),
    Route(
        "accounts:invitation_resend",
        method="POST",
        kwargs=lambda w: {"pk": w["invitation"].pk},
        data=_invitation_version,
        expect=_county_account(302),
    ),
    Route(
        "accounts:invitation_revoke",
        method="POST",
        kwargs=lambda w: {"pk": w["invitation"].pk},
        data=_invitation_version,
        expect=_county_account(302),
    ),
]
