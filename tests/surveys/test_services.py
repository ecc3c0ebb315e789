"""The survey services: question sets, copies, campaigns, saving, submitting, review."""

from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import ValidationError

from core import clock
from core.locking import StaleVersion
from core.models import OutboxEmail
from reception.models import ReportStatus
from surveys import editing, services
from surveys.models import (
    RATING_STEPS,
    Answer,
    Campaign,
    LatePolicy,
    Question,
    Response,
    Survey,
    SurveyKind,
)
from tests.surveys.helpers import answer, complete_values, open_campaign, question

pytestmark = pytest.mark.django_db


def test_civic_orientation_survey_asks_what_the_ordinance_asks(so):
    codes = {q.code: q for q in Question.objects.filter(section__survey=so)}
    assert codes["so_started"].kind == "number_split"
    assert codes["so_delivery"].choices == [
        "På modersmål",
        "På lätt svenska",
        "På svenska med tolk",
        "På annat sätt",
    ]
    assert codes["so_form"].choices == ["Ordinarie", "Intensiv", "Annan form"]
    beyond = codes["so_beyond_groups"]
    assert (beyond.condition_question.code, beyond.condition_value) == ("so_beyond", "Ja")
    assert "Personer med tillfälligt skydd" in beyond.choices
    assert not codes["so_comment"].required


def test_lagesbild_rates_statements_on_five_steps_and_dont_know(lb):
    statements = Question.objects.filter(section__survey=lb, kind="rating")
    assert statements.count() == 8
    assert all(q.allows_comment for q in statements)
    assert statements.first().options == RATING_STEPS
    assert RATING_STEPS[0] == "Instämmer helt" and RATING_STEPS[-1] == "Vet ej"
    titles = list(lb.sections.values_list("title", flat=True))
    assert titles[0] == "Beredskap och kapacitet" and titles[-1] == "Styrkor och svagheter"


def test_seeding_twice_changes_nothing(so):
    again = services.survey_seed(kind=SurveyKind.SO, year=so.year)
    assert again == so
    assert Survey.objects.filter(kind=SurveyKind.SO).count() == 1


def test_copy_to_next_year_keeps_questions_and_conditions(so, county):
    copy = services.survey_copy(source=so, year=so.year + 1, county=county)
    assert (copy.year, copy.version, copy.county) == (so.year + 1, 1, county)
    assert copy.copied_from == so
    old = list(Question.objects.filter(section__survey=so).values_list("code", "kind"))
    new = list(Question.objects.filter(section__survey=copy).values_list("code", "kind"))
    assert new == old
    beyond = question(copy, "so_beyond_groups")
    assert beyond.condition_question.section.survey == copy


def test_copy_to_same_year_is_a_new_version(so):
    copy = services.survey_copy(source=so, year=so.year, county=None)
    assert copy.version == 2


def test_answered_survey_refuses_changed_questions(so_campaign, municipality_a, reporter_a):
    answer(so_campaign, municipality_a, reporter_a, values={})
    q = question(so_campaign.survey, "so_started")
    answer_row = Answer(response=Response.objects.get(), question=q, number=1)
    answer_row.save()
    with pytest.raises(ValidationError) as error:
        editing.question_update(question=q, text="Ny text", help_text="", required=True, revision=1)
    assert "ny version" in str(error.value)
    q.refresh_from_db()
    assert q.text.startswith("Hur många påbörjade")


def test_a_survey_opens_once_per_county(so, county):
    open_campaign(so, county)
    with pytest.raises(ValidationError):
        open_campaign(so, county)
    assert Campaign.objects.count() == 1


def test_deadline_before_opening_is_refused(so, county):
    with pytest.raises(ValidationError) as error:
        services.campaign_open(
            survey=so,
            county=county,
            opens=datetime.date(2026, 10, 10),
            deadline=datetime.date(2026, 10, 1),
            late_policy=LatePolicy.ALLOW,
            user=None,
        )
    assert "deadline" in error.value.message_dict


def test_women_and_men_above_total_saves_nothing(so_campaign, municipality_a, reporter_a):
    started = question(so_campaign.survey, "so_started")
    committee = question(so_campaign.survey, "so_committee")
    with pytest.raises(ValidationError) as error:
        answer(
            so_campaign,
            municipality_a,
            reporter_a,
            values={
                committee.pk: {"text": "Socialnämnden"},
                started.pk: {"number": 10, "women": 6, "men": 5},
            },
        )
    assert "fler än totalt" in error.value.message_dict[f"q{started.pk}"][0]
    assert not Response.objects.exists() and not Answer.objects.exists()


def test_a_choice_outside_the_options_is_refused(so_campaign, municipality_a, reporter_a):
    mode = question(so_campaign.survey, "so_mode")
    with pytest.raises(ValidationError):
        answer(so_campaign, municipality_a, reporter_a, values={mode.pk: {"choice": "Per brev"}})
    assert not Answer.objects.exists()


def test_a_stale_form_saves_nothing(so_campaign, municipality_a, reporter_a):
    response = answer(so_campaign, municipality_a, reporter_a, values={})
    committee = question(so_campaign.survey, "so_committee")
    services.response_save(
        campaign=so_campaign,
        municipality=municipality_a,
        user=reporter_a,
        values={committee.pk: {"text": "A"}},
        version=response.version,
        today=clock.today(),
    )
    with pytest.raises(StaleVersion):
        services.response_save(
            campaign=so_campaign,
            municipality=municipality_a,
            user=reporter_a,
            values={committee.pk: {"text": "B"}},
            version=response.version,
            today=clock.today(),
        )
    assert Answer.objects.get(question=committee).text == "A"


def test_submit_lists_every_required_question_unanswered(so_campaign, municipality_a, reporter_a):
    survey = so_campaign.survey
    values = complete_values(survey)
    del values[question(survey, "so_committee").pk]
    del values[question(survey, "so_mode").pk]
    response = answer(so_campaign, municipality_a, reporter_a, values=values)
    with pytest.raises(ValidationError) as error:
        services.response_submit(
            response=response, user=reporter_a, version=response.version, today=clock.today()
        )
    missing = set(error.value.message_dict)
    assert missing == {
        f"q{question(survey, 'so_committee').pk}",
        f"q{question(survey, 'so_mode').pk}",
    }
    response.refresh_from_db()
    assert response.status == ReportStatus.DRAFT


def test_a_condition_makes_a_question_required_only_when_it_holds(
    so_campaign, municipality_a, reporter_a
):
    survey = so_campaign.survey
    beyond, groups = question(survey, "so_beyond"), question(survey, "so_beyond_groups")
    values = complete_values(survey, so_beyond={"choice": "Ja"})
    response = answer(so_campaign, municipality_a, reporter_a, values=values)
    with pytest.raises(ValidationError) as error:
        services.response_submit(
            response=response, user=reporter_a, version=response.version, today=clock.today()
        )
    assert list(error.value.message_dict) == [f"q{groups.pk}"]
    # Answered "Nej" after all, with a stale "groups" answer left: it is cleared at submit.
    response = services.response_save(
        campaign=so_campaign,
        municipality=municipality_a,
        user=reporter_a,
        values={beyond.pk: {"choice": "Nej"}, groups.pk: {"choices": ["Asylsökande"]}},
        version=response.version,
        today=clock.today(),
    )
    response = services.response_submit(
        response=response, user=reporter_a, version=response.version, today=clock.today()
    )
    assert response.status == ReportStatus.SUBMITTED
    assert not Answer.objects.filter(question=groups).exists()


def test_late_answer_is_marked_when_allowed(so, county, municipality_a, reporter_a):
    campaign = open_campaign(so, county, days_left=-1)
    response = answer(campaign, municipality_a, reporter_a, submit=True)
    assert response.late and response.status == ReportStatus.SUBMITTED


def test_late_answer_is_refused_when_the_campaign_says_so(so, county, municipality_a, reporter_a):
    campaign = open_campaign(so, county, days_left=-1, late_policy=LatePolicy.REFUSE)
    with pytest.raises(ValidationError) as error:
        answer(campaign, municipality_a, reporter_a)
    assert "tar inte emot" in error.value.messages[0]
    assert not Response.objects.exists()


def test_a_submitted_response_cannot_be_edited(so_campaign, municipality_a, reporter_a):
    response = answer(so_campaign, municipality_a, reporter_a, submit=True)
    committee = question(so_campaign.survey, "so_committee")
    with pytest.raises(ValidationError) as error:
        services.response_save(
            campaign=so_campaign,
            municipality=municipality_a,
            user=reporter_a,
            values={committee.pk: {"text": "Ändrat"}},
            version=response.version,
            today=clock.today(),
        )
    assert "inskickat" in error.value.messages[0]
    assert Answer.objects.get(question=committee).text == "Arbetsmarknadsnämnden"


def test_double_submit_has_one_winner(so_campaign, municipality_a, reporter_a):
    response = answer(so_campaign, municipality_a, reporter_a)
    version = response.version
    services.response_submit(
        response=response, user=reporter_a, version=version, today=clock.today()
    )
    with pytest.raises(StaleVersion):
        services.response_submit(
            response=response, user=reporter_a, version=version, today=clock.today()
        )
    assert Response.history.filter(status=ReportStatus.SUBMITTED).count() == 1


def test_return_with_message_then_fix_and_approve(so_campaign, municipality_a, reporter_a, staff):
    response = answer(so_campaign, municipality_a, reporter_a, submit=True)
    with pytest.raises(ValidationError):
        services.response_review(
            report=response, action="return", user=staff, version=response.version, message=" "
        )
    response = services.response_review(
        report=response,
        action="return",
        user=staff,
        version=response.version,
        message="Antalet kvinnor verkar fel.",
    )
    assert response.status == ReportStatus.RETURNED
    mail = OutboxEmail.objects.order_by("pk").last()  # after the receipt and staff's note
    assert "Behöver rättas" in mail.subject and "Antalet kvinnor verkar fel." in mail.body
    assert mail.to == [reporter_a.email]
    started = question(so_campaign.survey, "so_started")
    response = services.response_save(
        campaign=so_campaign,
        municipality=municipality_a,
        user=reporter_a,
        values={started.pk: {"number": 10, "women": 5, "men": 5}},
        version=response.version,
        today=clock.today(),
    )
    response = services.response_submit(
        response=response, user=reporter_a, version=response.version, today=clock.today()
    )
    response = services.response_review(
        report=response, action="approve", user=staff, version=response.version
    )
    assert response.status == ReportStatus.APPROVED
    reasons = list(
        response.history.order_by("history_id").values_list("history_change_reason", flat=True)
    )
    assert "Inskickad igen efter retur" in reasons and reasons[-1] == "Godkänd"


def test_joint_civic_orientation_covers_the_other_municipalities(
    so_campaign, municipality_a, municipality_b, reporter_a
):
    response = answer(so_campaign, municipality_a, reporter_a)
    services.response_submit(
        response=response,
        user=reporter_a,
        version=response.version,
        today=clock.today(),
        covers=[municipality_b],
    )
    covered = Response.objects.get(municipality=municipality_b)
    assert covered.covered_by_id == response.pk and not covered.is_editable


def test_lagesbild_cannot_answer_for_others(
    lb_campaign, municipality_a, municipality_b, reporter_a
):
    response = answer(lb_campaign, municipality_a, reporter_a)
    with pytest.raises(ValidationError):
        services.response_submit(
            response=response,
            user=reporter_a,
            version=response.version,
            today=clock.today(),
            covers=[municipality_b],
        )
    assert not Response.objects.filter(municipality=municipality_b).exists()


def test_a_county_campaign_beside_a_national_one_is_refused(so, county):
    open_campaign(so, None)
    with pytest.raises(ValidationError):
        open_campaign(so, county)
    assert Campaign.objects.count() == 1


def test_handing_in_sends_a_receipt_and_tells_the_countys_staff(
    so_campaign, municipality_a, reporter_a, staff
):
    from django.core import mail

    mail.outbox.clear()
    response = answer(so_campaign, municipality_a, reporter_a, submit=True)
    response.refresh_from_db()
    assert [m.to for m in mail.outbox] == [[reporter_a.email], [staff.email]]
    receipt, arrived = mail.outbox
    survey = so_campaign.survey
    assert receipt.subject == f"Kvitto: {survey.title} {survey.year} för Södertälje"
    assert f"Kvittonummer: {response.receipt_number}" in receipt.body
    assert f"/enkater/svar/{response.pk}/kvitto/" in receipt.body
    assert (
        arrived.subject == f"Nytt enkätsvar att granska: {survey.title} {survey.year}, Södertälje"
    )
    assert f"/enkater/svar/{response.pk}/granska/" in arrived.body


def test_a_refused_submission_sends_nothing(so_campaign, municipality_a, reporter_a):
    from django.core import mail

    mail.outbox.clear()
    response = answer(so_campaign, municipality_a, reporter_a, values={})
    with pytest.raises(ValidationError):
        services.response_submit(
            response=response, user=reporter_a, version=response.version, today=clock.today()
        )
    assert mail.outbox == [] and not OutboxEmail.objects.exists()
