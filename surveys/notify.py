"""The surveys' e-mails when a response is handed in: a receipt to the reporter who sent
it, and a note to the county's staff who asked for one (each their own e-mail). Recorded
in the outbox with the change, delivered after commit (``core/outbox.py``)."""

from __future__ import annotations

from django.urls import reverse

from reception import notify


def receipt(*, response, user) -> None:
    link = notify.absolute(reverse("surveys:response_receipt", args=[response.pk]))
    notify.send("survey_receipt", {"response": response, "user": user, "link": link}, [user.email])


def arrived(*, response) -> None:
    link = notify.absolute(reverse("surveys:response_review", args=[response.pk]))
    context = {"response": response, "link": link}
    for email in notify.staff_to_notify(response.municipality.county_id):
        notify.send("survey_arrived", context, [email])
