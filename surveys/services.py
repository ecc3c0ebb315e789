"""Writes of the surveys: seed and copy a survey, open a campaign, save and submit a
response, review it (reception's review flow). Editing a survey's questions is in
``editing.py``."""

from __future__ import annotations

import datetime
from collections.abc import Iterable, Mapping
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max, Q
from django.utils.translation import gettext as _

from core.history import record_change
from core.locking import created_once
from core.models import County, Municipality
from reception import workflow

from . import notify
from .models import (
    Answer,
    Campaign,
    LatePolicy,
    Question,
    QuestionKind,
    Response,
    Section,
    Survey,
    SurveyKind,
)
from .questionsets import SETS

#: What the answer form hands a save: per question id, the answer's fields.
AnswerValues = Mapping[int, Mapping[str, Any]]

ANSWER_FIELDS = ("number", "women", "men", "choice", "choices", "text", "comment")


def default_period(year: int) -> tuple[datetime.date, datetime.date]:
    """The surveys run in October."""
    return datetime.date(year, 10, 1), datetime.date(year, 10, 31)


@transaction.atomic
def survey_seed(*, kind: str, year: int, county: County | None = None) -> Survey:
    """The ready-made question set of ``kind`` for ``year`` (version 1); the existing one
    when it is there already, so seeding twice changes nothing."""
    existing = Survey.objects.filter(kind=kind, year=year, county=county).order_by("version")
    if existing.exists():
        return existing.first()  # type: ignore[return-value]
    title, intro, sections = SETS[kind]
    survey = Survey.objects.create(
        kind=kind, year=year, version=1, title=title, intro=intro, county=county
    )
    by_code: dict[str, Question] = {}
    for s_order, (section_title, questions) in enumerate(sections, start=1):
        section = Section.objects.create(survey=survey, order=s_order, title=section_title)
        for q_order, spec in enumerate(questions, start=1):
            spec = dict(spec)
            condition = spec.pop("if_", None)
            question = Question.objects.create(section=section, order=q_order, **spec)
            if condition:
                question.condition_question = by_code[condition[0]]
                question.condition_value = condition[1]
                question.save(update_fields=["condition_question", "condition_value"])
            by_code[question.code] = question
    return survey


@transaction.atomic
def survey_copy(*, source: Survey, year: int, county: County | None) -> Survey:
    """A copy of ``source`` for ``year`` (a county's survey, or a national one when
    ``county`` is None): its next free version there (the same year gives a new version
    of a survey whose questions can no longer change)."""
    if source.year > year:
        raise ValidationError({"year": [_("Välj samma år eller ett senare år.")]})
    latest = Survey.objects.filter(kind=source.kind, year=year, county=county).aggregate(
        v=Max("version")
    )["v"]
    survey = Survey.objects.create(
        kind=source.kind,
        year=year,
        version=(latest or 0) + 1,
        title=source.title,
        intro=source.intro,
        county=county,
        copied_from=source,
    )
    new_by_old: dict[int, Question] = {}
    conditions: list[tuple[Question, int, str]] = []
    sections = source.sections.prefetch_related("questions")
    for section in sections:
        copy = Section.objects.create(survey=survey, order=section.order, title=section.title)
        for q in section.questions.all():
            new = Question.objects.create(
                section=copy,
                order=q.order,
                code=q.code,
                text=q.text,
                help_text=q.help_text,
                kind=q.kind,
                choices=list(q.choices),
                required=q.required,
                allows_comment=q.allows_comment,
            )
            new_by_old[q.pk] = new
            if q.condition_question_id:
                conditions.append((new, q.condition_question_id, q.condition_value))
    for new, old_id, value in conditions:
        new.condition_question = new_by_old[old_id]
        new.condition_value = value
        new.save(update_fields=["condition_question", "condition_value"])
    return survey


@transaction.atomic
def campaign_open(
    *,
    survey: Survey,
    county: County | None,
    opens: datetime.date,
    deadline: datetime.date,
    late_policy: str,
    user,
) -> Campaign:
    """Open ``survey`` to every municipality of ``county`` (``None``: of the country)."""
    errors: dict[str, list[str]] = {}
    if deadline < opens:
        errors["deadline"] = [_("Sista dag kan inte vara före den dag enkäten öppnar.")]
    if survey.county_id is not None and county is not None and survey.county_id != county.pk:
        errors["survey"] = [_("Enkäten hör till ett annat län.")]
    if county is None and survey.county_id is not None:
        errors["survey"] = [_("En länsenkät kan inte öppnas för hela landet.")]
    if errors:
        raise ValidationError(errors)
    # One campaign of a kind and year per municipality: not the county's beside a national one.
    same_kind = Campaign.objects.filter(survey__kind=survey.kind, survey__year=survey.year)
    if county is not None:
        same_kind = same_kind.filter(Q(county=county) | Q(county__isnull=True))
    if same_kind.exists():
        raise ValidationError(
            _("%(s)s %(y)s är redan öppnad för området.")
            % {"s": SurveyKind(survey.kind).label, "y": survey.year},
            code="duplicate",
        )
    with created_once(_("Enkäten är redan öppnad för området.")):
        campaign = Campaign.objects.create(
            survey=survey,
            county=county,
            opens=opens,
            deadline=deadline,
            late_policy=late_policy,
            created_by=user,
        )
    return campaign


# --- answers ----------------------------------------------------------------------


def is_shown(question: Question, answers: Mapping[int, Answer]) -> bool:
    """Whether a question applies, given the answers (its condition, if any)."""
    if not question.condition_question_id:
        return True
    given = answers.get(question.condition_question_id)
    if given is None:
        return False
    return question.condition_value == given.choice or question.condition_value in given.choices


def missing_questions(questions: Iterable[Question], answers: Mapping[int, Answer]) -> list:
    """Required questions that apply and have no answer yet, in the survey's order."""
    return [
        q
        for q in questions
        if q.required and is_shown(q, answers) and (q.pk not in answers or answers[q.pk].is_empty)
    ]


def _check_values(question: Question, values: Mapping[str, Any]) -> list[str]:
    errors = []
    if question.kind == QuestionKind.NUMBER_SPLIT:
        total, women, men = values.get("number"), values.get("women"), values.get("men")
        if total is not None and (women or 0) + (men or 0) > total:
            errors.append(_("Kvinnor och män kan tillsammans inte vara fler än totalt."))
        if total is None and (women is not None or men is not None):
            errors.append(_("Ange också totalt antal."))
    options = question.options
    if values.get("choice") and values["choice"] not in options:
        errors.append(_("Välj ett av svarsalternativen."))
    if any(c not in options for c in values.get("choices") or []):
        errors.append(_("Välj bland svarsalternativen."))
    return errors


def _editable(response: Response) -> None:
    if response.covered_by_id is not None:
        raise ValidationError(
            _("Enkäten besvaras av en annan kommun som ni samverkar med."), code="covered"
        )
    if not response.is_editable:
        raise ValidationError(
            _("Svaret är inskickat och kan inte ändras medan det granskas."), code="status"
        )


def _check_deadline(campaign: Campaign, today: datetime.date) -> None:
    if today < campaign.opens:
        raise ValidationError(
            _("Enkäten öppnar %(d)s.") % {"d": campaign.opens.isoformat()}, code="not_open"
        )
    if campaign.is_overdue(today) and campaign.late_policy == LatePolicy.REFUSE:
        raise ValidationError(
            _("Sista dag att svara var %(d)s. Länsstyrelsen tar inte emot fler svar.")
            % {"d": campaign.deadline.isoformat()},
            code="late",
        )


@transaction.atomic
def response_save(
    *,
    campaign: Campaign,
    municipality: Municipality,
    user,
    values: AnswerValues,
    version: int,
    today: datetime.date,
) -> Response:
    """Save the answers of one part of the survey as a draft; all or nothing.

    ``values`` maps a question id to its fields; only questions of the campaign's survey
    are accepted. ``version`` is the response's version the form was shown with (0 when
    there was no response yet)."""
    _check_deadline(campaign, today)
    questions = {
        q.pk: q
        for q in Question.objects.filter(section__survey_id=campaign.survey_id, pk__in=values)
    }
    errors: dict[str, list[str]] = {}
    for qid, vals in values.items():
        if qid not in questions:
            raise ValidationError(_("Frågan hör inte till enkäten."), code="foreign")
        problems = _check_values(questions[qid], vals)
        if problems:
            errors[f"q{qid}"] = problems
    if errors:
        raise ValidationError(errors)
    existing = Response.objects.filter(campaign=campaign, municipality=municipality).first()
    if existing is None:
        if version != 0:
            raise workflow.stale()
        with created_once(str(workflow.STALE_REPORT)):
            response = Response.objects.create(
                campaign=campaign, municipality=municipality, version=0
            )
    else:
        response = workflow.lock(Response.objects.all(), existing.pk, version)
    _editable(response)
    stored = {
        a.question_id: a for a in Answer.objects.filter(response=response, question__in=questions)
    }
    for qid, vals in values.items():
        clean = {f: vals.get(f) for f in ANSWER_FIELDS}
        clean["choice"] = clean["choice"] or ""
        clean["choices"] = list(clean["choices"] or [])
        clean["text"] = (clean["text"] or "").strip()
        clean["comment"] = (clean["comment"] or "").strip()
        answer = stored.get(qid)
        if answer is None:
            answer = Answer(response=response, question=questions[qid])
            for f, value in clean.items():
                setattr(answer, f, value)
            if answer.is_empty and not answer.comment:
                continue  # a question left blank is no answer (and locks no survey)
        changed = answer.pk is None or any(getattr(answer, f) != clean[f] for f in ANSWER_FIELDS)
        if changed:
            for f, value in clean.items():
                setattr(answer, f, value)
            record_change(answer, _("Utkast sparat"), user)
            answer.save()
    response.version += 1
    record_change(response, _("Utkast sparat"), user)
    response.save()
    return response


def response_answers(response: Response | None) -> dict[int, Answer]:
    if response is None or response.pk is None:
        return {}
    return {a.question_id: a for a in response.answers.all()}


def survey_questions(survey_id: int) -> list[Question]:
    return list(
        Question.objects.filter(section__survey_id=survey_id)
        .select_related("section")
        .order_by("section__order", "order")
    )


@transaction.atomic
def response_submit(
    *,
    response: Response,
    user,
    version: int,
    today: datetime.date,
    covers: Iterable[Municipality] = (),
) -> Response:
    """Hand in a response: every required question that applies must be answered (the
    error names each, keyed ``q<id>`` for the summary's links). Late answers are marked,
    or refused, as the campaign says. Answers to questions whose condition does not hold
    are cleared, so the results only count what applies."""
    response = workflow.lock(
        Response.objects.select_related("campaign__survey", "municipality"), response.pk, version
    )
    _editable(response)
    campaign = response.campaign
    _check_deadline(campaign, today)
    questions = survey_questions(campaign.survey_id)
    answers = response_answers(response)
    missing = missing_questions(questions, answers)
    if missing:
        raise ValidationError(
            {f"q{q.pk}": [_("Frågan är inte besvarad.")] for q in missing}, code="missing"
        )
    for q in questions:
        if q.pk in answers and not is_shown(q, answers):
            answers[q.pk].delete()
    covered = [m for m in covers if m.pk != response.municipality_id]
    if covered and campaign.survey.kind != SurveyKind.SO:
        raise ValidationError(_("Bara samhällsorienteringen kan besvaras för andra kommuner."))
    allowed = set(campaign.municipalities().values_list("pk", flat=True))
    for municipality in covered:
        if municipality.pk not in allowed:
            raise ValidationError(_("Kommunen ingår inte i enkätomgången."), code="scope")
        other, _created = Response.objects.get_or_create(
            campaign=campaign, municipality=municipality
        )
        if other.is_handed_in:
            raise ValidationError(
                _("%(m)s har redan svarat själv.") % {"m": municipality.name}, code="answered"
            )
        other.covered_by = response
        other.version += 1
        record_change(other, _("Besvaras av %(m)s") % {"m": response.municipality.name}, user)
        other.save()
    response.late = campaign.is_overdue(today)
    workflow.transition(response, action="submit", user=user)
    response.save()
    notify.receipt(response=response, user=user)
    notify.arrived(response=response)
    return response


#: Approve, return with a message, reopen: reception's flow; the municipality's reporters
#: get ``reception/email/survey_<move>_*.txt`` after commit.
response_review = workflow.reviewer(
    Response.objects.select_related("municipality__county", "campaign__survey"),
    mail_prefix="survey_",
)
