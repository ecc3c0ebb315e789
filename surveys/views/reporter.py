"""The reporter's side: the survey's parts, save and continue, what is still unanswered,
the confirmation step and the receipt."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from core import clock
from core.access import signed_in_role_required
from core.forms import apply_service_errors
from core.locking import StaleVersion

from .. import services
from ..forms import SectionForm, SubmitForm
from ..models import QuestionKind, Response, SurveyKind
from .common import readable_response, reporter_campaign, reporter_response


def _sections(survey_id: int, answers: dict) -> list[dict]:
    """Per section: its questions, how many apply and are answered, what is missing."""
    questions = services.survey_questions(survey_id)
    missing = {q.pk for q in services.missing_questions(questions, answers)}
    sections: dict[int, dict] = {}
    for q in questions:
        entry = sections.setdefault(
            q.section_id, {"section": q.section, "questions": [], "missing": [], "answered": 0}
        )
        shown = services.is_shown(q, answers)
        answer = answers.get(q.pk)
        entry["questions"].append({"question": q, "answer": answer, "shown": shown})
        if q.pk in missing:
            entry["missing"].append(q)
        if answer is not None and not answer.is_empty and shown:
            entry["answered"] += 1
    result = list(sections.values())
    for number, entry in enumerate(result, start=1):
        entry["number"] = number
        entry["applicable"] = sum(1 for e in entry["questions"] if e["shown"])
    return result


def _section_url(campaign, municipality, number: int, anchor: str = "") -> str:
    url = reverse(
        "surveys:response_section",
        kwargs={"pk": campaign.pk, "code": municipality.code, "number": number},
    )
    return f"{url}#{anchor}" if anchor else url


@signed_in_role_required
def response_overview(request, pk: int, code: str):
    campaign, municipality = reporter_campaign(request, pk, code)
    response = (
        Response.objects.filter(campaign=campaign, municipality=municipality)
        .select_related("covered_by__municipality")
        .first()
    )
    answers = services.response_answers(response)
    sections = _sections(campaign.survey_id, answers)
    for entry in sections:
        entry["url"] = _section_url(campaign, municipality, entry["number"])
        entry["missing_links"] = [
            (q, _section_url(campaign, municipality, entry["number"], f"fraga-{q.pk}"))
            for q in entry["missing"]
        ]
    today = clock.today()
    return render(
        request,
        "surveys/response_overview.html",
        {
            "campaign": campaign,
            "survey": campaign.survey,
            "municipality": municipality,
            "response": response,
            "sections": sections,
            "missing_count": sum(len(e["missing"]) for e in sections),
            "overdue": campaign.is_overdue(today),
            "editable": response is None or response.is_editable,
        },
    )


@signed_in_role_required
def response_section(request, pk: int, code: str, number: int):
    campaign, municipality = reporter_campaign(request, pk, code)
    sections = list(campaign.survey.sections.order_by("order"))
    if not 1 <= number <= len(sections):
        raise Http404
    section = sections[number - 1]
    response = Response.objects.filter(campaign=campaign, municipality=municipality).first()
    overview = reverse("surveys:response_overview", kwargs={"pk": campaign.pk, "code": code})
    if response is not None and not response.is_editable:
        messages.info(request, _("Svaret är inskickat och kan inte ändras medan det granskas."))
        return redirect(overview)
    questions = list(section.questions.select_related("condition_question").order_by("order"))
    answers = services.response_answers(response)
    posted = request.method == "POST"
    form = SectionForm(
        request.POST if posted else None,
        initial=None
        if posted
        else {
            "version": response.version if response else 0,
            **SectionForm.initial_for(questions, answers),
        },
        questions=questions,
    )
    if posted and form.is_valid():
        try:
            response = services.response_save(
                campaign=campaign,
                municipality=municipality,
                user=request.user,
                values=form.values(),
                version=form.cleaned_data["version"],
                today=clock.today(),
            )
        except StaleVersion as error:
            form.add_error(None, error.messages[0])
        except ValidationError as error:
            apply_service_errors(form, error)
        else:
            messages.success(request, _("Svaren är sparade. Enkäten är inte inskickad än."))
            if request.POST.get("action") == "next" and number < len(sections):
                return redirect(_section_url(campaign, municipality, number + 1))
            if request.POST.get("action") == "next":
                return redirect(overview)
            return redirect(_section_url(campaign, municipality, number))
    rows = []
    for q in questions:
        name = f"q{q.pk}"
        rows.append(
            {
                "question": q,
                "field": form[name],
                "women": form[f"{name}_women"] if f"{name}_women" in form.fields else None,
                "men": form[f"{name}_men"] if f"{name}_men" in form.fields else None,
                "comment": form[f"{name}_comment"] if f"{name}_comment" in form.fields else None,
                "choice": q.kind
                in (QuestionKind.SINGLE, QuestionKind.RATING, QuestionKind.MULTIPLE),
                "condition": _("Besvaras bara om du svarat ”%(v)s” på frågan ”%(q)s”.")
                % {"v": q.condition_value, "q": q.condition_question.text}
                if q.condition_question
                else "",
            }
        )
    return render(
        request,
        "surveys/response_section.html",
        {
            "campaign": campaign,
            "survey": campaign.survey,
            "municipality": municipality,
            "response": response,
            "section": section,
            "number": number,
            "count": len(sections),
            "form": form,
            "rows": rows,
            "overview_url": overview,
        },
    )


def _covers_choices(response: Response):
    """Civic orientation only: the other municipalities of the county."""
    if response.campaign.survey.kind != SurveyKind.SO:
        return None
    return (
        response.campaign.municipalities()
        .filter(county_id=response.municipality.county_id)
        .exclude(pk=response.municipality_id)
        .order_by("name")
    )


@signed_in_role_required
def response_submit_view(request, pk: int):
    response = reporter_response(request, pk)
    overview = reverse(
        "surveys:response_overview",
        kwargs={"pk": response.campaign_id, "code": response.municipality.code},
    )
    if not response.is_editable:
        messages.info(request, _("Svaret är redan inskickat."))
        return redirect(overview)
    covers = _covers_choices(response)
    form = SubmitForm(
        request.POST if request.method == "POST" else None,
        initial={"version": response.version},
        covers=list(covers) if covers is not None else None,
    )
    missing_links: list[tuple] = []
    answers = services.response_answers(response)
    sections = _sections(response.campaign.survey_id, answers)
    if request.method == "POST" and form.is_valid():
        chosen = form.cleaned_data.get("covers") or []
        try:
            services.response_submit(
                response=response,
                user=request.user,
                version=form.cleaned_data["version"],
                today=clock.today(),
                covers=[m for m in covers if m.code in chosen] if covers is not None else [],
            )
        except StaleVersion as error:
            form.add_error(None, error.messages[0])
        except ValidationError as error:
            if getattr(error, "code", None) == "missing" or (
                hasattr(error, "error_dict") and all(k.startswith("q") for k in error.error_dict)
            ):
                form.add_error(None, _("Besvara de obligatoriska frågorna innan du skickar in."))
            else:
                apply_service_errors(form, error)
        else:
            return redirect("surveys:response_receipt", pk=response.pk)
    for entry in sections:
        for q in entry["missing"]:
            missing_links.append(
                (
                    q,
                    _section_url(
                        response.campaign, response.municipality, entry["number"], f"fraga-{q.pk}"
                    ),
                )
            )
    return render(
        request,
        "surveys/response_submit.html",
        {
            "response": response,
            "campaign": response.campaign,
            "survey": response.campaign.survey,
            "municipality": response.municipality,
            "form": form,
            "sections": sections,
            "missing_links": missing_links,
            "overview_url": overview,
            "overdue": response.campaign.is_overdue(clock.today()),
        },
    )


@signed_in_role_required
def response_receipt(request, pk: int):
    response = readable_response(request, pk)
    answers = services.response_answers(response)
    return render(
        request,
        "surveys/response_receipt.html",
        {
            "response": response,
            "campaign": response.campaign,
            "survey": response.campaign.survey,
            "municipality": response.municipality,
            "sections": _sections(response.campaign.survey_id, answers),
        },
    )
