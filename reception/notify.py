"""E-mails of the follow-up workflow. Called by services, inside their transaction:
if the mail server refuses, the transition is rolled back and the user sees an error."""

from __future__ import annotations

from django.conf import settings
from django.core.mail import send_mail
from django.template.loader import render_to_string
from django.utils import translation

from accounts.models import User

from .models import FollowUpReport


def absolute(path: str) -> str:
    """A link for e-mails sent outside a request (e.g. by cron): ``PORTAL_BASE_URL`` + path."""
    return settings.PORTAL_BASE_URL + path


def reporters_of(municipality_id: int) -> list[str]:
    return list(
        User.objects.filter(role=User.Role.REPORTER, is_active=True, municipalities=municipality_id)
        .order_by("email")
        .values_list("email", flat=True)
    )


def _send(template: str, context: dict, recipients: list[str]) -> None:
    if not recipients:
        return
    # E-mails go out in Swedish whatever language the sender's page was in.
    with translation.override(settings.LANGUAGE_CODE):
        subject = render_to_string(f"reception/email/{template}_subject.txt", context)
        subject = " ".join(subject.split())
        body = render_to_string(f"reception/email/{template}_body.txt", context)
    send_mail(subject, body, None, recipients)


def receipt(*, report: FollowUpReport, user: User, link: str) -> None:
    figures = list(report.figures.select_related("category"))
    _send(
        "receipt", {"report": report, "user": user, "figures": figures, "link": link}, [user.email]
    )


def activity_receipt(*, report, user: User, link: str) -> None:
    """The receipt of an activity report (``activities.models.ActivityReport``)."""
    courses = list(report.courses.all())
    _send(
        "activity_receipt",
        {"report": report, "user": user, "courses": courses, "link": link},
        [user.email],
    )


def reviewed(*, report, kind: str, message: str, link: str) -> None:
    """A follow-up or activity report was approved, returned or reopened (``kind``)."""
    _send(
        kind,
        {"report": report, "message": message, "link": link},
        reporters_of(report.municipality_id),
    )


def reminder(*, report_period, municipality, kind: str, link: str, recipients: list[str]) -> None:
    _send(
        f"reminder_{kind}",
        {"period": report_period, "municipality": municipality, "link": link},
        recipients,
    )
