"""Staff review moves (approve, return, reopen), one implementation for every kind of report.

A ``ReportKind`` says how to fetch a report of that kind for staff, how to render
its review page, which service makes the move and where the e-mail's link goes;
everything else (forms, messages, errors, where staff land afterwards) is shared.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_POST

from core.access import signed_in_role_required
from core.forms import apply_service_errors

from .. import notify, workflow
from ..forms import ReopenForm, ReturnForm, VersionForm

NO_REPORTER = _("Ingen aktiv rapportör i %(m)s – inget e-postmeddelande skickades.")
FORMS = {"approve": VersionForm, "return": ReturnForm, "reopen": ReopenForm}
DONE = {
    "approve": _("Rapporten från %(m)s är godkänd."),
    "return": _("Rapporten är skickad tillbaka till %(m)s med ditt meddelande."),
    "reopen": _("Rapporten från %(m)s är öppnad igen."),
}


@dataclass(frozen=True)
class ReportKind:
    #: 404 outside the user's scope, 403 for readers who are not its county's staff.
    fetch: Callable[[HttpRequest, int], Any]
    #: The review page with the forms given (the others fresh): (request, report, forms).
    page: Callable[..., HttpResponse]
    #: The service: (report=, action=, user=, version=, message=, link=).
    review: Callable[..., Any]
    #: Where the e-mail sends the municipality: the read view (approved) or the form.
    link: Callable[[HttpRequest, Any, str], str]
    #: The three moves' URL names are this plus approve, return, reopen.
    url_prefix: str

    @property
    def url_names(self) -> dict[str, str]:
        return {action: f"{self.url_prefix}{action}" for action in FORMS}


def review_form(action: str, *args, **kwargs):
    """One of the page's forms; each has ids of its own (``id_return_version``), as the
    three share a page and every one carries the hidden ``version`` field."""
    return FORMS[action](*args, auto_id=f"id_{action}_%s", **kwargs)


def review_forms(report, forms: dict | None = None) -> dict[str, Any]:
    """The page's three forms, fresh for the report's version unless one came back with errors."""
    forms = forms or {}
    initial = {"version": report.version}
    context = {
        f"{action}_form": forms.get(action) or review_form(action, initial=initial)
        for action in FORMS
    }
    context["failed_form"] = next(iter(forms.values()), None)
    return context


def queue_url(report) -> str:
    """The review queue at the report's period, where staff came from."""
    return period_queue_url(report.period)


def period_queue_url(period) -> str:
    """The review queue at one period."""
    return (
        f"{reverse('overview:review_queue')}"
        f"?lan={period.county.code}&ar={period.year}&period={period.pk}"
    )


def review_move(request: HttpRequest, pk: int, *, kind: ReportKind, action: str) -> HttpResponse:
    report = kind.fetch(request, pk)
    form = review_form(action, request.POST)
    if form.is_valid():
        try:
            kind.review(
                report=report,
                action=action,
                user=request.user,
                version=form.cleaned_data["version"],
                message=form.cleaned_data.get(workflow.MOVES[action].message_field, ""),
                link=kind.link(request, report, action),
            )
        except ValidationError as error:
            apply_service_errors(form, error)
        else:
            messages.success(request, DONE[action] % {"m": report.municipality.name})
            if not notify.reporters_of(report.municipality_id):
                # The move e-mails the municipality's reporters: say so when there is none.
                messages.warning(request, NO_REPORTER % {"m": report.municipality.name})
            return redirect(queue_url(report))
    return kind.page(request, report, forms={action: form})


def move_views(kind: ReportKind) -> tuple[Callable, Callable, Callable]:
    """The POST views approve, return and reopen for one kind of report."""

    def view_for(action: str) -> Callable:
        @require_POST
        @signed_in_role_required
        def view(request: HttpRequest, pk: int) -> HttpResponse:
            return review_move(request, pk, kind=kind, action=action)

        view.__name__ = view.__qualname__ = f"{kind.url_prefix.split(':')[-1]}{action}_view"
        return view

    return view_for("approve"), view_for("return"), view_for("reopen")
