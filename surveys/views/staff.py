"""County staff (and the administrator, for national surveys): the surveys, opening a
year's survey, copying it to a new year, the response tracking."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Q
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from core import clock
from core.access import staff_required
from core.counties import staff_county
from core.forms import apply_service_errors

from .. import services
from ..forms import CampaignForm, CopyForm, QuestionForm
from ..models import Campaign, Question
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
    questions = services.survey_questions(survey.pk)
    return render(
        request,
        "surveys/survey_detail.html",
        {
            "survey": survey,
            "questions": questions,
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


@staff_required
def question_edit(request, pk: int):
    question = get_object_or_404(Question.objects.select_related("section__survey"), pk=pk)
    survey = staff_survey(request, question.section.survey_id)
    if survey.is_national and not request.user.is_superuser:
        raise PermissionDenied  # county staff edit their county's copy
    form = QuestionForm(
        request.POST if request.method == "POST" else None,
        initial={
            "text": question.text,
            "help_text": question.help_text,
            "required": question.required,
        },
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.question_update(question=question, **form.cleaned_data)
        except ValidationError as error:
            apply_service_errors(form, error)
        else:
            messages.success(request, _("Frågan är sparad."))
            return redirect("surveys:survey_detail", pk=survey.pk)
    return render(
        request,
        "surveys/question_edit.html",
        {"survey": survey, "question": question, "form": form, "locked": survey.has_answers()},
    )
