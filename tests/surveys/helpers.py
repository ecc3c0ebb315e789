"""Survey test data made through the services (as the pages make it)."""

from __future__ import annotations

import datetime

from core import clock
from core.models import County, Municipality
from surveys import services
from surveys.models import Campaign, LatePolicy, Question, Response, SurveyKind


def open_campaign(
    survey, county, *, today=None, late_policy=LatePolicy.ALLOW, days_left: int = 20
) -> Campaign:
    today = today or clock.today()
    return services.campaign_open(
        survey=survey,
        county=county,
        opens=today - datetime.timedelta(days=10),
        deadline=today + datetime.timedelta(days=days_left),
        late_policy=late_policy,
        user=None,
    )


def question(survey, code: str) -> Question:
    return Question.objects.get(section__survey=survey, code=code)


def complete_values(survey, **overrides) -> dict[int, dict]:
    """Answers to every required question of a survey (SO or Lägesbild)."""
    values: dict[int, dict] = {}
    for q in services.survey_questions(survey.pk):
        if q.kind == "number_split":
            values[q.pk] = {"number": 10, "women": 6, "men": 4}
        elif q.kind == "number":
            values[q.pk] = {"number": 3}
        elif q.kind == "single":
            values[q.pk] = {"choice": "Nej" if q.code == "so_beyond" else q.options[0]}
        elif q.kind == "rating":
            values[q.pk] = {"choice": q.options[0]}
        elif q.kind == "multiple":
            if q.condition_question_id:
                continue
            values[q.pk] = {"choices": [q.options[0]]}
        else:
            values[q.pk] = {"text": "Arbetsmarknadsnämnden"}
    for code, vals in overrides.items():
        values[question(survey, code).pk] = vals
    return values


def answer(campaign, municipality, user, *, submit=False, values=None, today=None) -> Response:
    today = today or clock.today()
    response = services.response_save(
        campaign=campaign,
        municipality=municipality,
        user=user,
        values=values if values is not None else complete_values(campaign.survey),
        version=0,
        today=today,
    )
    if submit:
        response = services.response_submit(
            response=response, user=user, version=response.version, today=today
        )
    return response


def survey_world(staff, reporter_a) -> dict:
    today = clock.today()
    county = County.objects.get(code="01")
    a = Municipality.objects.get(code="0181")
    so = services.survey_seed(kind=SurveyKind.SO, year=today.year)
    lb = services.survey_seed(kind=SurveyKind.LAGESBILD, year=today.year)
    so_last = services.survey_seed(kind=SurveyKind.SO, year=today.year - 1)
    lb_next = services.survey_seed(kind=SurveyKind.LAGESBILD, year=today.year + 1)
    so_campaign = open_campaign(so, county)
    lb_campaign = open_campaign(lb, county)
    last_campaign = services.campaign_open(
        survey=so_last,
        county=county,
        opens=datetime.date(today.year - 1, 10, 1),
        deadline=datetime.date(today.year - 1, 10, 31),
        late_policy=LatePolicy.ALLOW,
        user=staff,
    )
    so_draft = answer(so_campaign, a, reporter_a, values={})
    lb_submitted = answer(lb_campaign, a, reporter_a, submit=True)
    approved = answer(
        last_campaign, a, reporter_a, submit=True, today=datetime.date(today.year - 1, 10, 20)
    )
    approved = services.response_review(
        report=approved, action="approve", user=staff, version=approved.version
    )
    county_copy = services.survey_copy(source=lb_next, year=lb_next.year, county=county)
    return {
        "county_question": question(county_copy, "lb_housing"),
        "so_survey": so,
        "lb_survey": lb,
        "lb_next": lb_next,
        "so_campaign": so_campaign,
        "lb_campaign": lb_campaign,
        "last_campaign": last_campaign,
        "so_draft": so_draft,
        "lb_submitted": lb_submitted,
        "so_approved": approved,
    }
