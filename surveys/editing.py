"""Editing a survey nobody has answered yet: its questions (texts, options, conditions)
and its sections. Every write locks the survey, refuses a survey with answers (a new
version instead) and a stale form (``Survey.revision``), and bumps the revision."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils.text import slugify
from django.utils.translation import gettext as _

from core.locking import StaleVersion

from .models import Question, QuestionKind, Section, Survey

#: The kinds whose options staff write (a rated statement has the fixed scale).
CHOICE_KINDS = (QuestionKind.SINGLE, QuestionKind.MULTIPLE)
#: The kinds a condition may point at: their answer is one of known options.
CONDITION_KINDS = (QuestionKind.SINGLE, QuestionKind.MULTIPLE, QuestionKind.RATING)


def _survey_for_edit(survey_id: int, revision: int | None) -> Survey:
    """The survey locked for the edit: refused if it has answers (a new version instead)
    or if someone changed it after the form was drawn (``revision``)."""
    survey = Survey.objects.select_for_update().get(pk=survey_id)
    if survey.has_answers():
        raise ValidationError(
            _(
                "Enkäten har redan svar, så frågorna kan inte ändras. Skapa en ny version "
                "och ändra i den."
            ),
            code="locked",
        )
    if revision is None or survey.revision != revision:
        raise StaleVersion(survey)
    return survey


def _changed(survey: Survey) -> None:
    survey.revision += 1
    survey.save(update_fields=["revision"])


def _position(question: Question) -> tuple[int, int]:
    return (question.section.order, question.order)


def _check_question(
    *,
    survey: Survey,
    question: Question,
    text: str,
    options: list[str],
    condition_question: Question | None,
    condition_value: str,
) -> dict[str, list[str]]:
    """What is wrong with a question as staff wrote it (``question`` carries its kind and
    place; for a new one, the place it gets)."""
    errors: dict[str, list[str]] = {}
    if not text.strip():
        errors["text"] = [_("Skriv frågan.")]
    if question.kind in CHOICE_KINDS:
        if len(options) < 2:
            errors["options"] = [_("Skriv minst två svarsalternativ, ett per rad.")]
        elif len({o.casefold() for o in options}) != len(options):
            errors["options"] = [_("Samma svarsalternativ står flera gånger. Skriv varje en gång.")]
        else:
            dependants = question.dependants.all() if question.pk else []
            used = {d.condition_value for d in dependants if d.condition_value not in options}
            if used:
                errors["options"] = [
                    _(
                        "Svarsalternativet ”%(o)s” används i villkoret för en annan fråga. "
                        "Ändra den frågans villkor först."
                    )
                    % {"o": sorted(used)[0]}
                ]
    elif options:
        errors["options"] = [_("Bara frågor med svarsalternativ kan ha svarsalternativ.")]
    if condition_question is None:
        if condition_value.strip():
            errors["condition_question"] = [_("Välj frågan som villkoret gäller.")]
        return errors
    if condition_question.section.survey_id != survey.pk:
        errors["condition_question"] = [_("Frågan hör inte till enkäten.")]
    elif condition_question.pk == question.pk or _position(condition_question) >= _position(
        question
    ):
        errors["condition_question"] = [
            _("Villkoret kan bara gälla en fråga som kommer före den här frågan.")
        ]
    elif condition_question.kind not in CONDITION_KINDS:
        errors["condition_question"] = [_("Villkoret kan bara gälla en fråga med svarsalternativ.")]
    elif condition_value not in condition_question.options:
        errors["condition_value"] = [
            _("Frågan som villkoret gäller har inget svarsalternativ ”%(v)s”. Välj ett av: %(o)s.")
            % {"v": condition_value, "o": ", ".join(condition_question.options)}
        ]
    return errors


def _unique_code(survey: Survey, text: str) -> str:
    base = (slugify(text)[:50] or "fraga").strip("-") or "fraga"
    taken = set(Question.objects.filter(section__survey=survey).values_list("code", flat=True))
    code, n = base, 1
    while code in taken:
        n += 1
        code = f"{base}-{n}"
    return code


@transaction.atomic
def question_update(
    *,
    question: Question,
    text: str,
    help_text: str,
    required: bool,
    revision: int | None,
    options: list[str] | None = None,
    condition_question: Question | None = None,
    condition_value: str = "",
    section: Section | None = None,
) -> Question:
    """Edit a question of a survey nobody has answered yet: its texts, whether it is
    required, its options (a choice question), its condition and its section (moved to
    another, it goes last there)."""
    survey = _survey_for_edit(question.section.survey_id, revision)
    question = Question.objects.select_related("section").get(pk=question.pk)
    moved = False
    if section is not None and section.pk != question.section_id:
        moved = True
        if section.survey_id != survey.pk:
            raise ValidationError({"section": [_("Avsnittet hör inte till enkäten.")]})
        question.section = section
        question.order = (section.questions.aggregate(m=Max("order"))["m"] or 0) + 1
    if options is None:
        options = list(question.choices) if question.kind in CHOICE_KINDS else []
    errors = _check_question(
        survey=survey,
        question=question,
        text=text,
        options=options,
        condition_question=condition_question,
        condition_value=condition_value,
    )
    if errors:
        raise ValidationError(errors)
    question.text, question.help_text, question.required = text.strip(), help_text, required
    question.choices = options
    question.condition_question = condition_question
    question.condition_value = condition_value if condition_question else ""
    question.save()
    if moved:
        try:
            _check_conditions_in_order(survey)
        except ValidationError as error:  # a question depending on this one comes before
            raise ValidationError({"section": error.messages}) from None
    _changed(survey)
    return question


@transaction.atomic
def question_add(
    *,
    section: Section,
    text: str,
    help_text: str,
    kind: str,
    required: bool,
    revision: int | None,
    options: list[str] | None = None,
    condition_question: Question | None = None,
    condition_value: str = "",
) -> Question:
    """A new question last in ``section``."""
    survey = _survey_for_edit(section.survey_id, revision)
    order = (section.questions.aggregate(m=Max("order"))["m"] or 0) + 1
    question = Question(section=section, order=order, kind=kind, required=required)
    options = options or []
    errors = _check_question(
        survey=survey,
        question=question,
        text=text,
        options=options,
        condition_question=condition_question,
        condition_value=condition_value,
    )
    if errors:
        raise ValidationError(errors)
    question.text, question.help_text = text.strip(), help_text
    question.code = _unique_code(survey, text)
    question.choices = options
    question.condition_question = condition_question
    question.condition_value = condition_value if condition_question else ""
    question.allows_comment = kind == QuestionKind.RATING
    question.save()
    _changed(survey)
    return question


@transaction.atomic
def question_remove(*, question: Question, revision: int | None) -> None:
    """Remove a question no other question's condition depends on."""
    survey = _survey_for_edit(question.section.survey_id, revision)
    dependants = list(Question.objects.filter(condition_question_id=question.pk))
    if dependants:
        raise ValidationError(
            _(
                "Frågan kan inte tas bort: frågan ”%(q)s” visas bara beroende på svaret. "
                "Ändra eller ta bort den frågans villkor först."
            )
            % {"q": dependants[0].text},
            code="depended",
        )
    Question.objects.filter(pk=question.pk).delete()
    _changed(survey)


@transaction.atomic
def section_add(*, survey: Survey, title: str, revision: int | None) -> Section:
    """A new section last in the survey."""
    survey = _survey_for_edit(survey.pk, revision)
    if not title.strip():
        raise ValidationError({"title": [_("Skriv avsnittets rubrik.")]})
    order = (survey.sections.aggregate(m=Max("order"))["m"] or 0) + 1
    section = Section.objects.create(survey=survey, order=order, title=title.strip())
    _changed(survey)
    return section


@transaction.atomic
def section_rename(*, section: Section, title: str, revision: int | None) -> Section:
    survey = _survey_for_edit(section.survey_id, revision)
    if not title.strip():
        raise ValidationError({"title": [_("Skriv avsnittets rubrik.")]})
    section.title = title.strip()
    section.save(update_fields=["title"])
    _changed(survey)
    return section


# --- order and removing a section ----------------------------------------------------

#: The two ways to move a question or a section (the value the button posts).
UP, DOWN = "upp", "ned"


def _swap(first, second) -> None:
    """Swap the places of two questions (or two sections); ``order`` is unique, so one
    waits at 0 (no real place is 0) while the other moves."""
    first_order, second_order = first.order, second.order
    first.order = 0
    first.save(update_fields=["order"])
    second.order = first_order
    second.save(update_fields=["order"])
    first.order = second_order
    first.save(update_fields=["order"])


def _check_conditions_in_order(survey: Survey) -> None:
    """Every condition must still point at a question that comes before (a move that
    breaks this is refused, and the atomic service rolls it back)."""
    questions = Question.objects.filter(section__survey=survey).select_related(
        "section", "condition_question__section"
    )
    for q in questions:
        cq = q.condition_question
        if cq is not None and _position(cq) >= _position(q):
            raise ValidationError(
                _(
                    "Flytten går inte: frågan ”%(q)s” visas bara beroende på svaret på "
                    "”%(c)s”, som måste komma före. Ändra villkoret först."
                )
                % {"q": q.text, "c": cq.text},
                code="order",
            )


def _neighbour(items, item, direction: str, first: str, last: str):
    """The item just before (``UP``) or after (``DOWN``) ``item`` in ``items``."""
    if direction not in (UP, DOWN):
        raise ValidationError(_("Välj att flytta upp eller ned."), code="direction")
    items = list(items)
    index = next(i for i, other in enumerate(items) if other.pk == item.pk)
    other = index - 1 if direction == UP else index + 1
    if not 0 <= other < len(items):
        raise ValidationError(first if direction == UP else last, code="end")
    return items[other]


@transaction.atomic
def question_move(*, question: Question, direction: str, revision: int | None) -> Question:
    """Move a question one place up or down in its section."""
    survey = _survey_for_edit(question.section.survey_id, revision)
    siblings = Question.objects.filter(section_id=question.section_id).order_by("order")
    question = next(q for q in siblings if q.pk == question.pk)
    other = _neighbour(
        siblings,
        question,
        direction,
        _("Frågan står redan först i avsnittet."),
        _("Frågan står redan sist i avsnittet."),
    )
    _swap(question, other)
    _check_conditions_in_order(survey)
    _changed(survey)
    return question


@transaction.atomic
def section_move(*, section: Section, direction: str, revision: int | None) -> Section:
    """Move a section (with its questions) one place up or down in the survey."""
    survey = _survey_for_edit(section.survey_id, revision)
    sections = Section.objects.filter(survey=survey).order_by("order")
    section = next(s for s in sections if s.pk == section.pk)
    other = _neighbour(
        sections,
        section,
        direction,
        _("Avsnittet står redan först i enkäten."),
        _("Avsnittet står redan sist i enkäten."),
    )
    _swap(section, other)
    _check_conditions_in_order(survey)
    _changed(survey)
    return section


@transaction.atomic
def section_remove(*, section: Section, revision: int | None) -> int:
    """Remove a section and its questions; refused while a question of another section
    is shown depending on one of them. Returns how many questions went."""
    survey = _survey_for_edit(section.survey_id, revision)
    dependant = (
        Question.objects.filter(condition_question__section_id=section.pk)
        .exclude(section_id=section.pk)
        .select_related("condition_question")
        .order_by("section__order", "order")
        .first()
    )
    if dependant is not None and dependant.condition_question is not None:
        raise ValidationError(
            _(
                "Avsnittet kan inte tas bort: frågan ”%(q)s” i ett annat avsnitt visas bara "
                "beroende på svaret på ”%(c)s”. Ändra eller ta bort den frågans villkor först."
            )
            % {"q": dependant.text, "c": dependant.condition_question.text},
            code="depended",
        )
    removed = Question.objects.filter(section_id=section.pk).count()
    Section.objects.filter(pk=section.pk).delete()
    _changed(survey)
    return removed
