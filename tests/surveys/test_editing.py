"""Editing a survey nobody has answered yet: adding, changing and removing questions,
their options and conditions, adding and renaming sections (services and pages)."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from core.locking import StaleVersion
from surveys import editing, services
from surveys.models import Answer, Question, Response, Section, Survey
from tests.surveys.helpers import answer, open_campaign, question

pytestmark = pytest.mark.django_db


@pytest.fixture
def copy(so, county):
    """County 01's copy of this year's SO survey for next year, not answered."""
    return services.survey_copy(source=so, year=so.year + 1, county=county)


def _rev(survey: Survey) -> int:
    survey.refresh_from_db()
    return survey.revision


def _add(copy, **kwargs) -> Question:
    section = copy.sections.get(order=3)
    values = {
        "text": "Har kommunen en plan för samhällsorienteringen?",
        "help_text": "",
        "kind": "single",
        "required": True,
        "options": ["Ja", "Nej"],
        "condition_question": None,
        "condition_value": "",
        "revision": _rev(copy),
    } | kwargs
    return editing.question_add(section=section, **values)


def _errors(error) -> dict[str, list[str]]:
    return error.value.message_dict


def _count(copy) -> int:
    return Question.objects.filter(section__survey=copy).count()


# --- services -----------------------------------------------------------------------


def test_a_new_question_goes_last_in_its_section_with_a_code_of_its_own(copy):
    new = _add(copy, condition_question=question(copy, "so_beyond"), condition_value="Ja")
    assert new.order == copy.sections.get(order=3).questions.count()
    assert new.code == "har-kommunen-en-plan-for-samhallsorienteringen"
    assert (new.choices, new.condition_value) == (["Ja", "Nej"], "Ja")
    assert _rev(copy) == 2
    again = _add(copy)
    assert again.code == "har-kommunen-en-plan-for-samhallsorienteringen-2"


@pytest.mark.parametrize(
    ("kwargs", "field", "message"),
    [
        ({"text": "  "}, "text", "Skriv frågan."),
        ({"options": ["Ja"]}, "options", "minst två"),
        ({"options": ["Ja", "ja"]}, "options", "flera gånger"),
        ({"kind": "number", "options": ["Ja", "Nej"]}, "options", "Bara frågor med"),
        ({"condition_value": "Ja"}, "condition_question", "Välj frågan"),
    ],
)
def test_a_bad_new_question_is_refused_and_nothing_saved(copy, kwargs, field, message):
    before = _count(copy)
    with pytest.raises(ValidationError) as error:
        _add(copy, **kwargs)
    assert message in " ".join(_errors(error)[field])
    assert _count(copy) == before
    assert _rev(copy) == 1


def test_a_condition_must_point_at_an_earlier_choice_question_and_an_option_it_has(copy):
    committee = question(copy, "so_committee")  # free text
    with pytest.raises(ValidationError) as error:
        _add(copy, condition_question=committee, condition_value="Ja")
    assert "svarsalternativ" in _errors(error)["condition_question"][0]
    with pytest.raises(ValidationError) as error:
        _add(copy, condition_question=question(copy, "so_beyond"), condition_value="Kanske")
    assert "inget svarsalternativ ”Kanske”" in _errors(error)["condition_value"][0]
    organisation = question(copy, "so_organisation")  # section 1, before the later one
    with pytest.raises(ValidationError) as error:
        editing.question_update(
            question=organisation,
            text=organisation.text,
            help_text="",
            required=True,
            options=list(organisation.choices),
            condition_question=question(copy, "so_beyond"),
            condition_value="Ja",
            revision=_rev(copy),
        )
    assert "kommer före" in _errors(error)["condition_question"][0]
    organisation.refresh_from_db()
    assert organisation.condition_question_id is None


def test_options_and_condition_of_a_question_change(copy):
    mode = question(copy, "so_mode")
    editing.question_update(
        question=mode,
        text=mode.text,
        help_text="",
        required=False,
        options=["I klassrum", "På distans"],
        condition_question=question(copy, "so_organisation"),
        condition_value="I egen regi",
        revision=_rev(copy),
    )
    mode.refresh_from_db()
    assert mode.choices == ["I klassrum", "På distans"]
    assert (mode.condition_question.code, mode.condition_value) == (
        "so_organisation",
        "I egen regi",
    )
    assert mode.required is False


def test_an_option_another_question_depends_on_cannot_be_removed(copy):
    beyond = question(copy, "so_beyond")
    with pytest.raises(ValidationError) as error:
        editing.question_update(
            question=beyond,
            text=beyond.text,
            help_text="",
            required=True,
            options=["Yes", "Nej"],
            revision=_rev(copy),
        )
    assert "”Ja” används i villkoret" in _errors(error)["options"][0]
    beyond.refresh_from_db()
    assert beyond.choices == ["Ja", "Nej"]


def test_a_question_others_depend_on_cannot_be_removed(copy):
    beyond = question(copy, "so_beyond")
    with pytest.raises(ValidationError) as error:
        editing.question_remove(question=beyond, revision=_rev(copy))
    assert "kan inte tas bort" in str(error.value)
    assert Question.objects.filter(pk=beyond.pk).exists()
    groups = question(copy, "so_beyond_groups")
    editing.question_remove(question=groups, revision=_rev(copy))
    editing.question_remove(question=beyond, revision=_rev(copy))
    assert not Question.objects.filter(pk__in=[beyond.pk, groups.pk]).exists()


def test_a_stale_form_is_refused_so_a_double_submit_has_one_winner(copy):
    revision = _rev(copy)
    _add(copy, revision=revision)
    before = _count(copy)
    with pytest.raises(StaleVersion) as error:
        _add(copy, revision=revision)
    assert "Någon annan har sparat" in str(error.value)
    assert _count(copy) == before
    committee = question(copy, "so_committee")
    with pytest.raises(StaleVersion):
        editing.question_remove(question=committee, revision=revision)


def test_sections_are_added_last_and_renamed(copy):
    section = editing.section_add(survey=copy, title=" Arbete ", revision=_rev(copy))
    assert (section.order, section.title) == (4, "Arbete")
    editing.section_rename(section=section, title="Arbete och försörjning", revision=_rev(copy))
    section.refresh_from_db()
    assert section.title == "Arbete och försörjning"
    with pytest.raises(ValidationError) as error:
        editing.section_add(survey=copy, title="", revision=_rev(copy))
    assert "rubrik" in _errors(error)["title"][0]
    assert Section.objects.filter(survey=copy).count() == 4


def test_a_survey_with_answers_refuses_every_change(copy, county, municipality_a, reporter_a):
    campaign = open_campaign(copy, county)
    answer(campaign, municipality_a, reporter_a, values={})
    Answer.objects.create(
        response=Response.objects.get(), question=question(copy, "so_started"), number=1
    )
    committee = question(copy, "so_committee")
    calls = [
        lambda: _add(copy),
        lambda: editing.question_remove(question=committee, revision=_rev(copy)),
        lambda: editing.section_add(survey=copy, title="Nytt", revision=_rev(copy)),
        lambda: editing.section_rename(
            section=committee.section, title="Nytt", revision=_rev(copy)
        ),
    ]
    for call in calls:
        with pytest.raises(ValidationError) as error:
            call()
        assert "Skapa en ny version" in str(error.value)
    assert _rev(copy) == 1


# --- pages --------------------------------------------------------------------------


def test_staff_add_a_question_through_the_page(staff_client, copy):
    section = copy.sections.get(order=3)
    url = reverse("surveys:question_add", kwargs={"pk": section.pk})
    page = staff_client.get(url).content.decode()
    for name in ("text", "help_text", "kind", "options", "required", "condition_question"):
        assert f'name="{name}"' in page
    response = staff_client.post(
        url,
        {
            "version": 1,
            "text": "Finns det väntelistor?",
            "kind": "single",
            "options": "Ja\r\n\r\n Nej \r\n",
            "required": "on",
            "condition_question": question(copy, "so_beyond").pk,
            "condition_value": "Ja",
        },
    )
    assert response.status_code == 302
    new = Question.objects.get(text="Finns det väntelistor?")
    assert new.choices == ["Ja", "Nej"]
    assert new.condition_question == question(copy, "so_beyond")


def test_a_bad_question_shows_the_error_summary_and_saves_nothing(staff_client, copy):
    section = copy.sections.get(order=3)
    before = _count(copy)
    body = staff_client.post(
        reverse("surveys:question_add", kwargs={"pk": section.pk}),
        {"version": 1, "text": "Vad?", "kind": "multiple", "options": "Ett"},
    ).content.decode()
    assert 'id="error-summary"' in body
    assert "Skriv minst två svarsalternativ" in body
    assert _count(copy) == before


def test_removing_a_depended_on_question_shows_why(staff_client, copy):
    beyond = question(copy, "so_beyond")
    body = staff_client.post(
        reverse("surveys:question_remove", kwargs={"pk": beyond.pk}), {"version": 1}
    ).content.decode()
    assert "kan inte tas bort" in body
    assert Question.objects.filter(pk=beyond.pk).exists()


def test_the_edit_form_of_a_choice_question_shows_its_options(staff_client, copy):
    mode = question(copy, "so_mode")
    body = staff_client.get(reverse("surveys:question_edit", kwargs={"pk": mode.pk})).content
    assert "I klassrum\nPå distans" in body.decode()
    committee = question(copy, "so_committee")
    body = staff_client.get(reverse("surveys:question_edit", kwargs={"pk": committee.pk})).content
    assert b'name="options"' not in body


def test_county_staff_cannot_edit_a_national_survey(staff_client, so):
    section = so.sections.first()
    for url in (
        reverse("surveys:question_add", kwargs={"pk": section.pk}),
        reverse("surveys:section_add", kwargs={"pk": so.pk}),
        reverse("surveys:section_edit", kwargs={"pk": section.pk}),
        reverse("surveys:question_remove", kwargs={"pk": question(so, "so_comment").pk}),
    ):
        assert staff_client.get(url).status_code == 403


def test_other_county_staff_get_404(client, other_county_staff, copy):
    client.force_login(other_county_staff)
    section = copy.sections.first()
    url = reverse("surveys:question_add", kwargs={"pk": section.pk})
    assert client.get(url).status_code == 404


def test_the_detail_page_links_every_edit_and_shows_an_empty_section(staff_client, copy):
    editing.section_add(survey=copy, title="Arbete", revision=1)
    body = staff_client.get(reverse("surveys:survey_detail", kwargs={"pk": copy.pk})).content
    body = body.decode()
    assert "Arbete" in body
    assert "Lägg till ett avsnitt" in body
    assert body.count("Lägg till en fråga") == 4
    assert "Ta bort fråga 1" in body
