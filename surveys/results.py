"""Results per question of a campaign: handed-in responses only (submitted or approved),
for one county or the whole campaign, with last year's beside this year's where the
question (its code) is the same. A fixed number of queries whatever the size."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db.models import Q

from core.models import County
from reception.models import HANDED_IN

from .models import Answer, Campaign, Question, QuestionKind
from .services import survey_questions


@dataclass
class QuestionResult:
    question: Question
    answered: int = 0
    total: int | None = None
    women: int | None = None
    men: int | None = None
    #: option -> count (single and multiple choice, rated statements), in the options' order
    distribution: dict[str, int] = field(default_factory=dict)
    #: (municipality name, text) of free texts and comments
    texts: list[tuple[str, str]] = field(default_factory=list)
    #: (municipality name, value) per municipality for the numbers
    per_municipality: list[tuple[str, str]] = field(default_factory=list)
    previous: QuestionResult | None = None
    #: The whole country's figures beside a county's, for a national campaign.
    national: QuestionResult | None = None
    #: The distribution's SVG chart (set by the results page).
    chart: str = ""

    @property
    def is_number(self) -> bool:
        return self.question.kind in (QuestionKind.NUMBER, QuestionKind.NUMBER_SPLIT)

    @property
    def is_split(self) -> bool:
        return self.question.kind == QuestionKind.NUMBER_SPLIT

    @property
    def has_distribution(self) -> bool:
        return self.question.kind in (
            QuestionKind.SINGLE,
            QuestionKind.MULTIPLE,
            QuestionKind.RATING,
        )

    @property
    def rows(self) -> list[dict]:
        """The distribution as table rows with shares (of those who answered) and last
        year's count beside."""
        before = self.previous.distribution if self.previous else {}
        country = self.national
        return [
            {
                "option": option,
                "count": count,
                "share": _share(count, self.answered),
                "previous": before.get(option) if self.previous else None,
                "national": country.distribution.get(option, 0) if country else None,
                "national_share": (
                    _share(country.distribution.get(option, 0), country.answered)
                    if country
                    else None
                ),
            }
            for option, count in self.distribution.items()
        ]


def _share(count: int, of: int) -> int:
    """Per cent of those who answered, rounded."""
    return round(100 * count / of) if of else 0


def _handed_in(campaign: Campaign, county: County | None):
    answers = Answer.objects.filter(
        response__campaign=campaign, response__status__in=HANDED_IN
    ).select_related("response__municipality")
    if county is not None:
        answers = answers.filter(response__municipality__county=county)
    return answers.order_by("response__municipality__name")


def _compute(questions: list[Question], answers) -> dict[str, QuestionResult]:
    """By question code."""
    results = {q.code: QuestionResult(q) for q in questions}
    by_id = {q.pk: q for q in questions}
    for q in questions:
        if q.kind in (QuestionKind.SINGLE, QuestionKind.MULTIPLE, QuestionKind.RATING):
            results[q.code].distribution = {o: 0 for o in q.options}
        if q.kind in (QuestionKind.NUMBER, QuestionKind.NUMBER_SPLIT):
            results[q.code].total = 0
            if q.kind == QuestionKind.NUMBER_SPLIT:
                results[q.code].women = results[q.code].men = 0
    for answer in answers:
        q = by_id.get(answer.question_id)
        if q is None or answer.is_empty:
            continue
        result = results[q.code]
        result.answered += 1
        name = answer.response.municipality.name
        if result.is_number and answer.number is not None:
            result.total = (result.total or 0) + answer.number
            result.per_municipality.append((name, answer.display))
            if result.is_split:
                result.women = (result.women or 0) + (answer.women or 0)
                result.men = (result.men or 0) + (answer.men or 0)
        for option in answer.choices or ([answer.choice] if answer.choice else []):
            if option in result.distribution:
                result.distribution[option] += 1
        if answer.text:
            result.texts.append((name, answer.text))
        if answer.comment:
            result.texts.append((name, answer.comment))
    return results


def previous_campaign(campaign: Campaign) -> Campaign | None:
    return (
        Campaign.objects.filter(
            survey__kind=campaign.survey.kind, survey__year=campaign.survey.year - 1
        )
        .filter(Q(county_id=campaign.county_id) | Q(county__isnull=True))
        .select_related("survey")
        .order_by("county_id")
        .first()
    )


def campaign_results(
    campaign: Campaign, county: County | None = None, *, with_national: bool = False
) -> list[QuestionResult]:
    """Per question, the county's (or the whole campaign's) figures; with last year's
    beside them, and — for one county of a national campaign, ``with_national`` — the
    whole country's."""
    questions = survey_questions(campaign.survey_id)
    results = _compute(questions, _handed_in(campaign, county))
    if with_national and county is not None and campaign.county_id is None:
        country = _compute(questions, _handed_in(campaign, None))
        for code, result in results.items():
            result.national = country[code]
    before = previous_campaign(campaign)
    if before is not None:
        old = _compute(survey_questions(before.survey_id), _handed_in(before, county))
        for code, result in results.items():
            if code in old and old[code].question.kind == result.question.kind:
                result.previous = old[code]
    return [results[q.code] for q in questions]


def raw_rows(campaign: Campaign, county: County | None = None) -> list[list]:
    """One row per handed-in answer: the export of the raw answers."""
    rows = []
    for answer in _handed_in(campaign, county).select_related("question"):
        m = answer.response.municipality
        rows.append(
            [
                m.code,
                m.name,
                answer.question.code,
                answer.question.text,
                answer.number,
                answer.women,
                answer.men,
                answer.choice or "; ".join(answer.choices),
                answer.text,
                answer.comment,
            ]
        )
    return rows
