from __future__ import annotations

from collections.abc import Iterable

from django.contrib.auth.tokens import default_token_generator
from django.core.mail import send_mail
from django.db import transaction
from django.http import HttpRequest
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode

from core.models import Municipality

from .models import User


def invite_link(request: HttpRequest, user: User) -> str:
    uid = urlsafe_base64_encode(force_bytes(user.pk))
    token = default_token_generator.make_token(user)
    return request.build_absolute_uri(
        reverse("accounts:invite_accept", kwargs={"uidb64": uid, "token": token})
    )


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

    The link is Django's password-reset token: it stops working as soon as
    the invitee has set a password (the token covers the password hash).
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
    context = {
        "user": user,
        "invited_by": invited_by,
        "link": invite_link(request, user),
        "municipalities": list(user.municipalities.all()),
    }
    subject = render_to_string("accounts/email/invite_subject.txt", context).strip()
    body = render_to_string("accounts/email/invite_body.txt", context)
    # Sent inside the transaction: if the mail server refuses, no account is left behind.
    send_mail(subject, body, None, [user.email])
    return user
