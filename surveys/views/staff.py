"""County staff (and the administrator, for national surveys): the surveys, opening a
year's survey, copying it to a new year, the response tracking."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Q
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from core import clock
from core.access import staff_required
from core.counties import staff_county
from core.forms import apply_service_errors

from .. import editing, services
from ..forms import (
    CampaignForm,
    CopyForm,
    MoveForm,
    QuestionForm,
    QuestionRemoveForm,
    SectionRemoveForm,
    SectionTitleForm,
)
from ..models import Campaign, Question, Section, Survey
from ..tracking import tracking_for
from .common import readable_surveys, staff_campaign, staff_survey


@staff_required
def survey_list(request):
    county = staff_county(request)
    today = clock.today()
    surveys = list(
        readable_surveys(request.user)
        .filter(Q(county__isnull=True) | Q(county=county), year__gte=today.year - 2)
        .select_related("county")
        .order_by("-year", "kind", "-version")
    )
    campaigns = list(
        Campaign.objects.filter(Q(county=county) | Q(county__isnull=True))
        .filter(survey__in=surveys)
        .select_related("survey")
    )
    by_survey = {c.survey_id: c for c in campaigns}
    opened = {(c.survey.kind, c.survey.year) for c in campaigns}
    rows = [
        {
            "survey": survey,
            "campaign": by_survey.get(survey.pk),
            "can_open": (survey.kind, survey.year) not in opened,
        }
        for survey in surveys
    ]
    return render(
        request, "surveys/survey_list.html", {"rows": rows, "county": county, "today": today}
    )


@staff_required
def survey_detail(request, pk: int):
    survey = staff_survey(request, pk)
    # Every section, also one that has no questions yet.
    sections = survey.sections.prefetch_related("questions")
    return render(
        request,
        "surveys/survey_detail.html",
        {
            "survey": survey,
            "sections": sections,
            "locked": survey.has_answers(),
            "editable": not survey.is_national or request.user.is_superuser,
        },
    )


@staff_required
def campaign_open_view(request, pk: int):
    survey = staff_survey(request, pk)
    county = staff_county(request)
    national = request.GET.get("omfattning") == "land"
    if national and not request.user.is_superuser:
        raise PermissionDenied
    opens, deadline = services.default_period(survey.year)
    form = CampaignForm(
        request.POST if request.method == "POST" else None,
        initial={"opens": opens, "deadline": deadline},
    )
    if request.method == "POST" and form.is_valid():
        try:
            campaign = services.campaign_open(
                survey=survey,
                county=None if national else county,
                opens=form.cleaned_data["opens"],
                deadline=form.cleaned_data["deadline"],
                late_policy=form.cleaned_data["late_policy"],
                user=request.user,
            )
        except ValidationError as error:
            apply_service_errors(form, error)
        else:
            messages.success(
                request,
                _("%(s)s %(y)s är öppnad för kommunerna med sista dag %(d)s.")
                % {
                    "s": survey.title,
                    "y": survey.year,
                    "d": campaign.deadline.isoformat(),
                },
            )
            return redirect("surveys:campaign_tracking", pk=campaign.pk)
    return render(
        request,
        "surveys/campaign_open.html",
        {"survey": survey, "form": form, "county": county, "national": national},
    )


@staff_required
def survey_copy_view(request, pk: int):
    source = staff_survey(request, pk)
    form = CopyForm(request.POST if request.method == "POST" else None, survey=source)
    if request.method == "POST" and form.is_valid():
        try:
            survey = services.survey_copy(
                source=source,
                year=form.cleaned_data["year"],
                county=None
                if source.is_national and request.user.is_superuser
                else staff_county(request),
            )
        except ValidationError as error:
            apply_service_errors(form, error)
        else:
            messages.success(
                request,
                _("%(s)s %(y)s version %(v)s är skapad.")
                % {"s": survey.title, "y": survey.year, "v": survey.version},
            )
            return redirect("surveys:survey_detail", pk=survey.pk)
    return render(request, "surveys/survey_copy.html", {"survey": source, "form": form})


@staff_required
def campaign_tracking(request, pk: int):
    campaign = staff_campaign(request, pk)
    county = None
    if campaign.county_id is None and not (
        request.user.is_superuser and request.GET.get("lan", "") == ""
    ):
        county = staff_county(request)
    today = clock.today()
    tracking = tracking_for(campaign, today, county=county)
    return render(
        request,
        "surveys/campaign_tracking.html",
        {
            "campaign": campaign,
            "survey": campaign.survey,
            "tracking": tracking,
            "county": county or campaign.county,
            "today": today,
            "results_url": reverse("surveys:campaign_results", kwargs={"pk": campaign.pk}),
        },
    )


def _editable_survey(request, survey_id: int) -> Survey:
    """A survey the user may change: 404 out of scope, 403 for a national survey unless
    the user is the administrator (county staff edit their county's copy)."""
    survey = staff_survey(request, survey_id)
    if survey.is_national and not request.user.is_superuser:
        raise PermissionDenied
    return survey


def _saved_or_form(request, form, survey: Survey, save, message: str):
    """Run ``save`` on a valid POST; back to the survey with ``message``, or None (the
    service's errors are then on the form)."""
    if request.method != "POST" or not form.is_valid():
        return None
    try:
        save()
    except ValidationError as error:
        apply_service_errors(form, error)
        return None
    messages.success(request, message)
    return redirect("surveys:survey_detail", pk=survey.pk)


@staff_required
def question_edit(request, pk: int):
    question = get_object_or_404(Question.objects.select_related("section__survey"), pk=pk)
    survey = _editable_survey(request, question.section.survey_id)
    form = QuestionForm(
        request.POST if request.method == "POST" else None,
        questions=services.survey_questions(survey.pk),
        question=question,
        sections=list(survey.sections.order_by("order")),
        initial={
            "version": survey.revision,
            "section": question.section_id,
            "text": question.text,
            "help_text": question.help_text,
            "required": question.required,
            "options": "\n".join(question.choices),
            "condition_question": question.condition_question_id,
            "condition_value": question.condition_value,
        },
    )
    done = _saved_or_form(
        request,
        form,
        survey,
        lambda: editing.question_update(question=question, **form.service_kwargs()),
        _("Frågan är sparad."),
    )
    return done or render(
        request,
        "surveys/question_edit.html",
        {"survey": survey, "question": question, "form": form, "locked": survey.has_answers()},
    )


@staff_required
def question_add_view(request, pk: int):
    section = get_object_or_404(Section.objects.select_related("survey"), pk=pk)
    survey = _editable_survey(request, section.survey_id)
    form = QuestionForm(
        request.POST if request.method == "POST" else None,
        questions=services.survey_questions(survey.pk),
        initial={"version": survey.revision, "required": True},
    )
    done = _saved_or_form(
        request,
        form,
        survey,
        lambda: editing.question_add(section=section, **form.service_kwargs()),
        _("Frågan är tillagd sist i avsnittet."),
    )
    return done or render(
        request,
        "surveys/question_add.html",
        {"survey": survey, "section": section, "form": form, "locked": survey.has_answers()},
    )


@staff_required
def question_remove_view(request, pk: int):
    question = get_object_or_404(Question.objects.select_related("section__survey"), pk=pk)
    survey = _editable_survey(request, question.section.survey_id)
    form = QuestionRemoveForm(
        request.POST if request.method == "POST" else None,
        initial={"version": survey.revision},
    )
    done = _saved_or_form(
        request,
        form,
        survey,
        lambda: editing.question_remove(question=question, revision=form.cleaned_data["version"]),
        _("Frågan är borttagen."),
    )
    return done or render(
        request,
        "surveys/question_remove.html",
        {"survey": survey, "question": question, "form": form, "locked": survey.has_answers()},
    )


@staff_required
def section_add_view(request, pk: int):
    survey = _editable_survey(request, pk)
    form = SectionTitleForm(
        request.POST if request.method == "POST" else None,
        initial={"version": survey.revision},
    )
    done = _saved_or_form(
        request,
        form,
        survey,
        lambda: editing.section_add(
            survey=survey,
            title=form.cleaned_data["title"],
            revision=form.cleaned_data["version"],
        ),
        _("Avsnittet är tillagt sist i enkäten."),
    )
    return done or render(
        request,
        "surveys/section_form.html",
        {"survey": survey, "section": None, "form": form, "locked": survey.has_answers()},
    )


@staff_required
def section_edit(request, pk: int):
    section = get_object_or_404(Section.objects.select_related("survey"), pk=pk)
    survey = _editable_survey(request, section.survey_id)
    form = SectionTitleForm(
        request.POST if request.method == "POST" else None,
        initial={"version": survey.revision, "title": section.title},
    )
    done = _saved_or_form(
        request,
        form,
        survey,
        lambda: editing.section_rename(
            section=section,
            title=form.cleaned_data["title"],
            revision=form.cleaned_data["version"],
        ),
        _("Avsnittet är sparat."),
    )
    return done or render(
        request,
        "surveys/section_form.html",
        {"survey": survey, "section": section, "form": form, "locked": survey.has_answers()},
    )


def _moved(request, survey: Survey, move, fragment: str, done: dict[str, str]):
    """A "Flytta upp"/"Flytta ned" button: move, then back to the survey at the moved
    item (its fragment), with what happened or why nothing did."""
    form = MoveForm(request.POST)
    if form.is_valid():
        direction = form.cleaned_data["direction"]
        try:
            move(direction=direction, revision=form.cleaned_data["version"])
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, done[direction])
    else:
        messages.error(request, " ".join(e for errors in form.errors.values() for e in errors))
    return redirect(reverse("surveys:survey_detail", kwargs={"pk": survey.pk}) + f"#{fragment}")


@require_POST
@staff_required
def question_move_view(request, pk: int):
    question = get_object_or_404(Question.objects.select_related("section__survey"), pk=pk)
    survey = _editable_survey(request, question.section.survey_id)
    return _moved(
        request,
        survey,
        lambda **kwargs: editing.question_move(question=question, **kwargs),
        f"fraga-{question.pk}",
        {editing.UP: _("Frågan är flyttad upp."), editing.DOWN: _("Frågan är flyttad ned.")},
    )


@require_POST
@staff_required
def section_move_view(request, pk: int):
    section = get_object_or_404(Section.objects.select_related("survey"), pk=pk)
    survey = _editable_survey(request, section.survey_id)
    return _moved(
        request,
        survey,
        lambda **kwargs: editing.section_move(section=section, **kwargs),
        f"avsnitt-{section.pk}",
        {editing.UP: _("Avsnittet är flyttat upp."), editing.DOWN: _("Avsnittet är flyttat ned.")},
    )


@staff_required
def section_remove_view(request, pk: int):
    section = get_object_or_404(Section.objects.select_related("survey"), pk=pk)
    survey = _editable_survey(request, section.survey_id)
    form = SectionRemoveForm(
        request.POST if request.method == "POST" else None,
        initial={"version": survey.revision},
    )
    done = _saved_or_form(
        request,
        form,
        survey,
        lambda: editing.section_remove(section=section, revision=form.cleaned_data["version"]),
        _("Avsnittet ”%(s)s” och dess frågor är borttagna.") % {"s": section.title},
    )
    return done or render(
        request,
        "surveys/section_remove.html",
        {
            "survey": survey,
            "section": section,
            "questions": list(section.questions.order_by("order")),
            "form": form,
            "locked": survey.has_answers(),
        },
    )
