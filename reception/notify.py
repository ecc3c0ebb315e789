"""E-mails of the follow-up workflow. Called by services, inside their transaction: each
e-mail is recorded in the outbox with the change and delivered after commit
(``core/outbox.py``), so a mail server that is down never blocks or undoes the change."""

from __future__ import annotations

from django.conf import settings
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation

from accounts.models import User
from core import outbox

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


def staff_to_notify(county_id: int) -> list[str]:
    """Active staff of the county who want an e-mail when a report comes in (one query)."""
    return list(
        User.objects.filter(
            role=User.Role.STAFF, is_active=True, notify_on_report=True, county=county_id
        )
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
    outbox.enqueue(subject=subject, body=body, to=recipients)


#: For the other kinds of returns on the reporting floor (the surveys): one e-mail from
#: ``reception/email/<template>_subject.txt`` and ``_body.txt``, in Swedish, via the outbox.
send = _send


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


def arrived(*, report) -> None:
    """Tell the county's staff that a follow-up report came in (each their own e-mail, so
    no one sees the others' addresses)."""
    _arrived("arrived", report, reverse("reception:report_review", args=[report.pk]))


def activity_arrived(*, report) -> None:
    """Tell the county's staff that an activity report came in."""
    _arrived(
        "activity_arrived", report, reverse("activities:activity_report_detail", args=[report.pk])
    )


def _arrived(template: str, report, path: str) -> None:
    context = {"report": report, "link": absolute(path)}
    for email in staff_to_notify(report.municipality.county_id):
        _send(template, context, [email])
