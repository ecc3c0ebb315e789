"""Demo surveys for Stockholm county (idempotent): both surveys' question sets for last
year and this year; last year's civic-orientation survey answered by most municipalities
(so the results show last year beside this year), and this year's Lägesbild open with a
few answers. This year's civic-orientation survey is left for staff to open (the journey
``tests/journeys/test_surveys.py`` does)."""

from __future__ import annotations

import datetime
import random

from django.test import override_settings

from accounts.models import User
from core import clock
from core.models import County, Municipality
from reception.models import ReportStatus

from . import services
from .models import Campaign, LatePolicy, QuestionKind, Response, SurveyKind

COUNTY = "01"
STAFF_EMAIL = "elin.berggren@lansstyrelsen.example"
#: The demo reporters' municipalities answer nothing, so their journeys start from empty.
LEFT_EMPTY = {"0181", "0126"}


def _values(rng: random.Random, questions) -> dict[int, dict]:
    values: dict[int, dict] = {}
    chosen: dict[str, str] = {}
    for q in questions:
        if q.condition_question_id and chosen.get(q.condition_question.code) != q.condition_value:
            continue
        if q.kind == QuestionKind.NUMBER_SPLIT:
            women, men = rng.randint(5, 60), rng.randint(5, 60)
            values[q.pk] = {"number": women + men + rng.randint(0, 3), "women": women, "men": men}
        elif q.kind == QuestionKind.NUMBER:
            values[q.pk] = {"number": rng.randint(0, 50)}
        elif q.kind in (QuestionKind.SINGLE, QuestionKind.RATING):
            choice = rng.choice(q.options[:5] if q.kind == QuestionKind.RATING else q.options)
            chosen[q.code] = choice
            values[q.pk] = {"choice": choice}
            if q.allows_comment and rng.random() < 0.3:
                values[q.pk]["comment"] = "Läget har förbättrats under året."
        elif q.kind == QuestionKind.MULTIPLE:
            values[q.pk] = {"choices": rng.sample(list(q.options), k=rng.randint(1, 2))}
        elif q.required:
            values[q.pk] = {"text": rng.choice(["Arbetsmarknadsnämnden", "Socialnämnden"])}
    return values


def _answer(campaign, municipality, user, staff, rng, state, day):
    questions = services.survey_questions(campaign.survey_id)
    response = services.response_save(
        campaign=campaign,
        municipality=municipality,
        user=user,
        values=_values(rng, questions),
        version=0,
        today=day,
    )
    if state == ReportStatus.DRAFT:
        return
    response = services.response_submit(
        response=response, user=user, version=response.version, today=day
    )
    if state == ReportStatus.APPROVED and staff is not None:
        services.response_review(
            report=response, action="approve", user=staff, version=response.version
        )


def _open(survey, county, opens, deadline, staff) -> Campaign:
    found = Campaign.objects.filter(survey=survey, county=county).first()
    return found or services.campaign_open(
        survey=survey,
        county=county,
        opens=opens,
        deadline=deadline,
        late_policy=LatePolicy.ALLOW,
        user=staff,
    )


def seed(*, out, scale: str = "county") -> None:
    today = clock.today()
    county = County.objects.get(code=COUNTY)
    staff = User.objects.filter(email=STAFF_EMAIL).first()
    for year in (today.year - 1, today.year):
        for kind in SurveyKind.values:
            services.survey_seed(kind=kind, year=year)
    so_last = services.survey_seed(kind=SurveyKind.SO, year=today.year - 1)
    lb_now = services.survey_seed(kind=SurveyKind.LAGESBILD, year=today.year)
    last_opens, last_deadline = services.default_period(today.year - 1)
    so_campaign = _open(so_last, county, last_opens, last_deadline, staff)
    opens = min(services.default_period(today.year)[0], today)
    deadline = max(services.default_period(today.year)[1], today + datetime.timedelta(days=21))
    lb_campaign = _open(lb_now, county, opens, deadline, staff)
    municipalities = list(Municipality.objects.filter(county=county).order_by("code"))
    made = 0
    with override_settings(EMAIL_BACKEND="django.core.mail.backends.locmem.EmailBackend"):
        for index, municipality in enumerate(municipalities):
            if municipality.code in LEFT_EMPTY:
                continue
            rng = random.Random(f"survey-{municipality.code}")
            answered = set(
                Response.objects.filter(municipality=municipality).values_list(
                    "campaign_id", flat=True
                )
            )
            # Last year: all but two answered and approved.
            if so_campaign.pk not in answered and index % 12 != 5:
                _answer(
                    so_campaign,
                    municipality,
                    staff,
                    staff,
                    rng,
                    ReportStatus.APPROVED,
                    last_deadline - datetime.timedelta(days=3),
                )
                made += 1
            # This year's Lägesbild: a few submitted, a few drafts.
            if lb_campaign.pk not in answered and index % 4 == 0:
                state = ReportStatus.SUBMITTED if index % 8 == 0 else ReportStatus.DRAFT
                _answer(lb_campaign, municipality, staff, staff, rng, state, today)
                made += 1
    out.write(f"  surveys: {made} responses made")
