"""County staff review a response: approve, return with a message, reopen (reception's
review flow and forms)."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from core.access import signed_in_role_required
from core.audit import history_entries, newest_first
from core.forms import apply_service_errors
from reception import notify, workflow
from reception.views.common import absolute
from reception.views.reviewing import DONE, NO_REPORTER, review_form, review_forms

from .. import services
from ..models import Response
from .common import staff_response
from .reporter import _sections

URL_NAMES = {
    "approve": "surveys:response_approve",
    "return": "surveys:response_return",
    "reopen": "surveys:response_reopen",
}
AUDIT_FIELDS = {"status": "Status", "review_message": "Meddelande från Länsstyrelsen"}


def _audit(response: Response):
    records = response.history.select_related("history_user").order_by("history_date", "history_id")
    return newest_first(history_entries(records, Response, AUDIT_FIELDS))


def _page(request, response: Response, *, forms: dict | None = None):
    answers = services.response_answers(response)
    return render(
        request,
        "surveys/response_review.html",
        {
            "response": response,
            "report": response,
            "campaign": response.campaign,
            "survey": response.campaign.survey,
            "municipality": response.municipality,
            "sections": _sections(response.campaign.survey_id, answers),
            "url_names": URL_NAMES,
            "audit": _audit(response),
            **review_forms(response, forms),
        },
    )


@signed_in_role_required
def response_review(request, pk: int):
    return _page(request, staff_response(request, pk))


def _link(request, response: Response, action: str) -> str:
    if action == "approve":
        return absolute(request, "surveys:response_receipt", pk=response.pk)
    return absolute(
        request,
        "surveys:response_overview",
        pk=response.campaign_id,
        code=response.municipality.code,
    )


def _move(request, pk: int, action: str):
    response = staff_response(request, pk)
    form = review_form(action, request.POST)
    if form.is_valid():
        try:
            services.response_review(
                report=response,
                action=action,
                user=request.user,
                version=form.cleaned_data["version"],
                message=form.cleaned_data.get(workflow.MOVES[action].message_field, ""),
                link=_link(request, response, action),
            )
        except ValidationError as error:
            apply_service_errors(form, error)
        else:
            name = response.municipality.name
            messages.success(request, DONE[action] % {"m": name})
            if not notify.reporters_of(response.municipality_id):
                messages.warning(request, NO_REPORTER % {"m": name})
            return redirect("surveys:campaign_tracking", pk=response.campaign_id)
    return _page(request, response, forms={action: form})


@require_POST
@signed_in_role_required
def response_approve(request, pk: int):
    return _move(request, pk, "approve")


@require_POST
@signed_in_role_required
def response_return(request, pk: int):
    return _move(request, pk, "return")


@require_POST
@signed_in_role_required
def response_reopen(request, pk: int):
    return _move(request, pk, "reopen")
