from __future__ import annotations

import datetime
import secrets
from collections.abc import Iterable

from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import HttpRequest
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode
from django.utils.translation import gettext as _

from core import outbox
from core.locking import lock
from core.models import County, Municipality

from .models import AccountEvent, Invitation, User
from .security import log_event
from .tokens import invitation_tokens

#: How long an invitation link works after it was sent (or sent again).
INVITATION_VALID_FOR = datetime.timedelta(days=7)


def invite_link(request: HttpRequest, user: User) -> str:
    uid = urlsafe_base64_encode(force_bytes(user.pk))
    token = invitation_tokens.make_token(user)
    return request.build_absolute_uri(
        reverse("accounts:invite_accept", kwargs={"uidb64": uid, "token": token})
    )


def _new_nonce() -> str:
    return secrets.token_hex(16)


def _invitation_mail(request: HttpRequest, invitation: Invitation) -> tuple[str, str, str]:
    """(subject, body, recipient) of the invitation e-mail, with the link's expiry."""
    user = invitation.user
    context = {
        "user": user,
        "invited_by": invitation.invited_by,
        "link": invite_link(request, user),
        "municipalities": list(user.municipalities.all()),
        "expires_at": timezone.localtime(invitation.expires_at),
    }
    subject = render_to_string("accounts/email/invite_subject.txt", context).strip()
    body = render_to_string("accounts/email/invite_body.txt", context)
    return subject, body, user.email


@transaction.atomic
def reporter_invite(
    *,
    request: HttpRequest,
    invited_by: User,
    email: str,
    first_name: str,
    last_name: str,
    municipalities: Iterable[Municipality],
    title: str = "",
) -> User:
    """Create a reporter account without a password and e-mail a one-time link.

    The link (``accounts.tokens``) works until the invitation expires
    (:data:`INVITATION_VALID_FOR`), is sent again or revoked, or the invitee has set
    a password (the token covers the password hash).
    """
    user = User.objects.create_user(
        email=email,
        password=None,
        first_name=first_name,
        last_name=last_name,
        title=title,
        role=User.Role.REPORTER,
    )
    user.municipalities.set(municipalities)
    now = timezone.now()
    invitation = Invitation.objects.create(
        user=user,
        invited_by=invited_by,
        nonce=_new_nonce(),
        sent_at=now,
        expires_at=now + INVITATION_VALID_FOR,
    )
    AccountEvent.objects.create(
        account=user, actor=invited_by, kind=AccountEvent.Kind.INVITED, at=now
    )
    subject, body, to = _invitation_mail(request, invitation)
    # Recorded with the account and delivered after commit (core/outbox.py): a mail server
    # that is down delays the invitation, it never fails it.
    outbox.enqueue(subject=subject, body=body, to=[to])
    log_event("invite", request, invited_by.email, target=user.email)
    return user


def _locked_invitation(invitation_id: int, version: int) -> Invitation:
    return lock(
        Invitation.objects.select_related("user"),
        invitation_id,
        version,
        message=_(
            "Någon annan har ändrat inbjudan medan du arbetade (den kan redan vara skickad "
            "igen eller återkallad). Inget har ändrats nu; se hur den ser ut nedan."
        ),
    )


@transaction.atomic
def invitation_resend(
    *, request: HttpRequest, invitation_id: int, version: int, by: User
) -> Invitation:
    """A new link with a new expiry; the previous link stops working. An accepted
    invitation cannot be sent again (the person already has a password)."""
    invitation = _locked_invitation(invitation_id, version)
    if invitation.status == Invitation.Status.ACCEPTED:
        raise ValidationError(_("Inbjudan är redan antagen: personen har valt ett lösenord."))
    now = timezone.now()
    invitation.nonce = _new_nonce()
    invitation.status = Invitation.Status.PENDING
    invitation.sent_at = now
    invitation.expires_at = now + INVITATION_VALID_FOR
    invitation.invited_by = by
    invitation.version += 1
    invitation.save()
    user = invitation.user
    if not user.is_active:  # a revoked invitation closed the account; sending again opens it
        user.is_active = True
        user.version += 1
        user.save(update_fields=["is_active", "version"])
    AccountEvent.objects.create(
        account=user, actor=by, kind=AccountEvent.Kind.INVITATION_RESENT, at=now
    )
    subject, body, to = _invitation_mail(request, invitation)
    # Through the outbox: delivered after commit, never while the invitation row is locked.
    outbox.enqueue(subject=subject, body=body, to=[to])
    log_event("invite_resend", request, by.email, target=user.email)
    return invitation


@transaction.atomic
def invitation_revoke(
    *, request: HttpRequest, invitation_id: int, version: int, by: User
) -> Invitation:
    """The link stops working and the account (which has no password) is closed."""
    invitation = _locked_invitation(invitation_id, version)
    if invitation.status != Invitation.Status.PENDING:
        raise ValidationError(_("Bara en inbjudan som inte är antagen kan återkallas."))
    now = timezone.now()
    invitation.status = Invitation.Status.REVOKED
    invitation.nonce = _new_nonce()
    invitation.version += 1
    invitation.save()
    user = invitation.user
    user.is_active = False
    user.version += 1
    user.save(update_fields=["is_active", "version"])
    AccountEvent.objects.create(
        account=user, actor=by, kind=AccountEvent.Kind.INVITATION_REVOKED, at=now
    )
    log_event("invite_revoke", request, by.email, target=user.email)
    return invitation


@transaction.atomic
def invitation_accepted(*, user: User) -> None:
    """The invitee chose a password: the invitation is used up."""
    invitation = Invitation.objects.select_for_update().filter(user=user).first()
    if invitation is None or invitation.status != Invitation.Status.PENDING:
        return
    invitation.status = Invitation.Status.ACCEPTED
    invitation.version += 1
    invitation.save()
    AccountEvent.objects.create(
        account=user, actor=user, kind=AccountEvent.Kind.INVITATION_ACCEPTED, at=timezone.now()
    )


def _set_active(
    *, request: HttpRequest, user_id: int, version: int, by: User, reason: str, active: bool
) -> User:
    reason = reason.strip()
    if not reason:
        raise ValidationError({"reason": _("Skriv varför.")})
    user = lock(
        User.objects.all(),
        user_id,
        version,
        message=_(
            "Någon annan har ändrat kontot medan du arbetade (det kan redan vara "
            "inaktiverat eller aktiverat). Inget har ändrats nu; se hur det ser ut nedan."
        ),
    )
    if user.pk == by.pk:
        raise ValidationError(_("Du kan inte inaktivera ditt eget konto."))
    if user.is_active == active:
        raise ValidationError(
            _("Kontot är redan aktivt.") if active else _("Kontot är redan inaktiverat.")
        )
    user.is_active = active
    user.version += 1
    user.save(update_fields=["is_active", "version"])
    kind = AccountEvent.Kind.REACTIVATED if active else AccountEvent.Kind.DEACTIVATED
    AccountEvent.objects.create(account=user, actor=by, kind=kind, at=timezone.now(), reason=reason)
    log_event(
        "account_reactivate" if active else "account_deactivate",
        request,
        by.email,
        target=user.email,
    )
    return user


@transaction.atomic
def account_deactivate(
    *, request: HttpRequest, user_id: int, version: int, by: User, reason: str
) -> User:
    """The person can no longer sign in (sessions end on their next request)."""
    return _set_active(
        request=request, user_id=user_id, version=version, by=by, reason=reason, active=False
    )


@transaction.atomic
def account_reactivate(
    *, request: HttpRequest, user_id: int, version: int, by: User, reason: str
) -> User:
    return _set_active(
        request=request, user_id=user_id, version=version, by=by, reason=reason, active=True
    )


def notification_settings_save(*, user: User, notify_on_report: bool) -> None:
    """Save a user's own e-mail preference: one column, so a staff change to the account
    (which raises ``version``) is neither overwritten nor refused by it."""
    User.objects.filter(pk=user.pk).update(notify_on_report=notify_on_report)
    user.notify_on_report = notify_on_report


@transaction.atomic
def reporter_mfa_set(*, request: HttpRequest, county: County, required: bool, by: User) -> bool:
    """Require (or stop requiring) a second factor of the county's reporters from their
    next sign-in. False when it already stood so (a double submit, or a colleague first):
    nothing is written then."""
    county = County.objects.select_for_update().get(pk=county.pk)
    if county.reporters_need_mfa == required:
        return False
    county.reporters_need_mfa = required
    county.reporters_need_mfa_changed_at = timezone.now()
    county.reporters_need_mfa_changed_by = by
    county.save(
        update_fields=[
            "reporters_need_mfa",
            "reporters_need_mfa_changed_at",
            "reporters_need_mfa_changed_by",
        ]
    )
    log_event(
        "mfa_reporters_required" if required else "mfa_reporters_optional",
        request,
        by.email,
        county=county.code,
    )
    return True
