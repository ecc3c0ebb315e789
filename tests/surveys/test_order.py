"""Reordering a survey nobody has answered yet (questions in their section, sections in
the survey) and removing a section with its questions: services and pages."""

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


def _codes(section: Section) -> list[str]:
    return list(section.questions.order_by("order").values_list("code", flat=True))


def _titles(survey: Survey) -> list[str]:
    return list(survey.sections.order_by("order").values_list("title", flat=True))


def _genomforande(copy) -> Section:
    return copy.sections.get(title="Genomförande")


def _depend_on_mode(copy) -> Question:
    """The comment question (Deltagare) shown only for classroom civic orientation
    (so_mode, in Genomförande)."""
    comment = question(copy, "so_comment")
    return editing.question_update(
        question=comment,
        text=comment.text,
        help_text="",
        required=False,
        condition_question=question(copy, "so_mode"),
        condition_value="I klassrum",
        revision=_rev(copy),
    )


# --- services: moving ---------------------------------------------------------------


def test_a_question_moves_up_and_down_within_its_section(copy):
    section = _genomforande(copy)
    editing.question_move(question=question(copy, "so_form"), direction="upp", revision=1)
    assert _codes(section) == ["so_form", "so_delivery", "so_mode"]
    assert _rev(copy) == 2
    editing.question_move(question=question(copy, "so_form"), direction="ned", revision=2)
    editing.question_move(question=question(copy, "so_form"), direction="ned", revision=3)
    assert _codes(section) == ["so_delivery", "so_mode", "so_form"]
    assert _rev(copy) == 4


@pytest.mark.parametrize(
    ("code", "direction", "message"),
    [
        ("so_delivery", "upp", "redan först i avsnittet"),
        ("so_mode", "ned", "redan sist i avsnittet"),
        ("so_form", "sidled", "Välj att flytta upp eller ned."),
    ],
)
def test_a_question_cannot_move_past_the_ends_of_its_section(copy, code, direction, message):
    with pytest.raises(ValidationError) as error:
        editing.question_move(question=question(copy, code), direction=direction, revision=1)
    assert message in str(error.value)
    assert _codes(_genomforande(copy)) == ["so_delivery", "so_form", "so_mode"]
    assert _rev(copy) == 1


@pytest.mark.parametrize(("code", "direction"), [("so_beyond_groups", "upp"), ("so_beyond", "ned")])
def test_a_question_cannot_move_before_the_question_its_condition_depends_on(copy, code, direction):
    deltagare = copy.sections.get(title="Deltagare")
    before = _codes(deltagare)
    with pytest.raises(ValidationError) as error:
        editing.question_move(question=question(copy, code), direction=direction, revision=1)
    groups = question(copy, "so_beyond_groups")
    assert f"frågan ”{groups.text}” visas bara beroende på svaret" in str(error.value)
    assert _codes(deltagare) == before
    assert _rev(copy) == 1


def test_a_section_moves_up_and_down_with_its_questions(copy):
    deltagare = copy.sections.get(title="Deltagare")
    editing.section_move(section=deltagare, direction="upp", revision=1)
    assert _titles(copy) == ["Organisation", "Deltagare", "Genomförande"]
    assert _codes(deltagare)[0] == "so_started"
    organisation = copy.sections.get(title="Organisation")
    editing.section_move(section=organisation, direction="ned", revision=2)
    assert _titles(copy) == ["Deltagare", "Organisation", "Genomförande"]
    assert _rev(copy) == 3
    with pytest.raises(ValidationError) as error:
        editing.section_move(section=deltagare, direction="upp", revision=3)
    assert "redan först i enkäten" in str(error.value)
    with pytest.raises(ValidationError) as error:
        editing.section_move(section=_genomforande(copy), direction="ned", revision=3)
    assert "redan sist i enkäten" in str(error.value)
    assert _rev(copy) == 3


def test_a_section_cannot_move_before_a_section_its_conditions_depend_on(copy):
    comment = _depend_on_mode(copy)
    revision = _rev(copy)
    with pytest.raises(ValidationError) as error:
        editing.section_move(
            section=copy.sections.get(title="Deltagare"), direction="upp", revision=revision
        )
    assert f"frågan ”{comment.text}”" in str(error.value)
    assert _titles(copy) == ["Organisation", "Genomförande", "Deltagare"]
    assert _rev(copy) == revision


def test_a_stale_move_is_refused_and_changes_nothing(copy):
    editing.question_move(question=question(copy, "so_form"), direction="upp", revision=1)
    with pytest.raises(StaleVersion) as error:
        editing.question_move(question=question(copy, "so_form"), direction="ned", revision=1)
    assert "Någon annan har sparat" in str(error.value)
    with pytest.raises(StaleVersion):
        editing.section_move(section=_genomforande(copy), direction="upp", revision=1)
    with pytest.raises(StaleVersion):
        editing.section_remove(section=_genomforande(copy), revision=1)
    assert _codes(_genomforande(copy)) == ["so_form", "so_delivery", "so_mode"]
    assert _titles(copy) == ["Organisation", "Genomförande", "Deltagare"]
    assert _rev(copy) == 2


# --- services: removing a section ---------------------------------------------------


def test_removing_a_section_removes_its_questions_and_nothing_else(copy):
    deltagare = copy.sections.get(title="Deltagare")
    codes = _codes(deltagare)
    # so_beyond_groups depends on so_beyond, in the same section: both go.
    assert editing.section_remove(section=deltagare, revision=1) == 4
    assert not Section.objects.filter(pk=deltagare.pk).exists()
    assert not Question.objects.filter(section__survey=copy, code__in=codes).exists()
    assert _titles(copy) == ["Organisation", "Genomförande"]
    assert Question.objects.filter(section__survey=copy).count() == 5
    assert _rev(copy) == 2
    # The last section's buttons still work after the gap in the order.
    editing.section_move(section=_genomforande(copy), direction="upp", revision=2)
    assert _titles(copy) == ["Genomförande", "Organisation"]


def test_a_section_cannot_go_while_another_sections_question_depends_on_it(copy):
    comment = _depend_on_mode(copy)
    revision = _rev(copy)
    genomforande = _genomforande(copy)
    with pytest.raises(ValidationError) as error:
        editing.section_remove(section=genomforande, revision=revision)
    message = str(error.value)
    assert "Avsnittet kan inte tas bort" in message
    assert f"frågan ”{comment.text}”" in message
    assert _codes(genomforande) == ["so_delivery", "so_form", "so_mode"]
    assert _rev(copy) == revision


def test_a_survey_with_answers_refuses_moves_and_removing_a_section(
    copy, county, municipality_a, reporter_a
):
    campaign = open_campaign(copy, county)
    answer(campaign, municipality_a, reporter_a, values={})
    Answer.objects.create(
        response=Response.objects.get(), question=question(copy, "so_started"), number=1
    )
    form = question(copy, "so_form")
    calls = [
        lambda: editing.question_move(question=form, direction="upp", revision=1),
        lambda: editing.section_move(section=_genomforande(copy), direction="upp", revision=1),
        lambda: editing.section_remove(section=_genomforande(copy), revision=1),
    ]
    for call in calls:
        with pytest.raises(ValidationError) as error:
            call()
        assert "Skapa en ny version" in str(error.value)
    assert _codes(_genomforande(copy)) == ["so_delivery", "so_form", "so_mode"]
    assert _titles(copy) == ["Organisation", "Genomförande", "Deltagare"]
    assert _rev(copy) == 1


# --- pages --------------------------------------------------------------------------


def _detail(copy) -> str:
    return reverse("surveys:survey_detail", kwargs={"pk": copy.pk})


def test_the_move_buttons_are_small_forms_named_after_their_question(staff_client, copy):
    body = staff_client.get(_detail(copy)).content.decode()
    form = question(copy, "so_form")
    assert f'action="{reverse("surveys:question_move", kwargs={"pk": form.pk})}"' in body
    assert 'Flytta upp<span class="visually-hidden"> fråga 2 – Genomförande</span>' in body
    assert 'Flytta ned<span class="visually-hidden"> fråga 2 – Genomförande</span>' in body
    # Nothing to move above the first question, or below the last.
    assert 'Flytta upp<span class="visually-hidden"> fråga 1 – Genomförande' not in body
    assert 'Flytta ned<span class="visually-hidden"> fråga 3 – Genomförande' not in body
    assert 'Flytta upp<span class="visually-hidden"> avsnittet Deltagare</span>' in body
    assert 'Flytta upp<span class="visually-hidden"> avsnittet Organisation' not in body
    assert f'id="fraga-{form.pk}"' in body
    assert body.count("btn btn-sm btn-outline-danger") == 9 + 3  # each question, each section


def test_staff_move_a_question_and_come_back_to_it(staff_client, copy):
    form = question(copy, "so_form")
    response = staff_client.post(
        reverse("surveys:question_move", kwargs={"pk": form.pk}),
        {"version": 1, "direction": "upp"},
    )
    assert response.status_code == 302
    assert response.url == f"{_detail(copy)}#fraga-{form.pk}"
    assert _codes(_genomforande(copy)) == ["so_form", "so_delivery", "so_mode"]
    assert "Frågan är flyttad upp." in staff_client.get(response.url).content.decode()


def test_staff_move_a_section_and_come_back_to_it(staff_client, copy):
    deltagare = copy.sections.get(title="Deltagare")
    response = staff_client.post(
        reverse("surveys:section_move", kwargs={"pk": deltagare.pk}),
        {"version": 1, "direction": "upp"},
    )
    assert response.url == f"{_detail(copy)}#avsnitt-{deltagare.pk}"
    assert _titles(copy) == ["Organisation", "Deltagare", "Genomförande"]


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"direction": "upp"}, "Formuläret saknar uppgift om vilken version"),
        ({"version": "tre", "direction": "upp"}, "Formuläret saknar uppgift om vilken version"),
        ({"version": "99999999999", "direction": "upp"}, "mindre än eller lika med"),
        ({"version": 1, "direction": "åt sidan"}, "Välj att flytta upp eller ned."),
        ({"version": 1}, "Välj att flytta upp eller ned."),
        ({"version": 7, "direction": "upp"}, "Någon annan har sparat"),
    ],
)
def test_a_bad_move_says_why_and_moves_nothing(staff_client, copy, data, message):
    form = question(copy, "so_form")
    response = staff_client.post(
        reverse("surveys:question_move", kwargs={"pk": form.pk}), data, follow=True
    )
    assert message in response.content.decode()
    assert _codes(_genomforande(copy)) == ["so_delivery", "so_form", "so_mode"]
    assert _rev(copy) == 1


def test_moving_is_post_only_and_refused_on_a_national_survey(staff_client, so):
    first = so.sections.get(order=1)
    url = reverse("surveys:section_move", kwargs={"pk": first.pk})
    assert staff_client.get(url).status_code == 405
    assert staff_client.post(url, {"version": 1, "direction": "ned"}).status_code == 403
    url = reverse("surveys:section_remove", kwargs={"pk": first.pk})
    assert staff_client.get(url).status_code == 403
    assert Section.objects.filter(pk=first.pk).exists()


def test_other_county_staff_cannot_move_or_remove(client, other_county_staff, copy):
    client.force_login(other_county_staff)
    form = question(copy, "so_form")
    url = reverse("surveys:question_move", kwargs={"pk": form.pk})
    assert client.post(url, {"version": 1, "direction": "upp"}).status_code == 404
    url = reverse("surveys:section_remove", kwargs={"pk": form.section_id})
    assert client.post(url, {"version": 1}).status_code == 404
    assert _codes(_genomforande(copy)) == ["so_delivery", "so_form", "so_mode"]


def test_the_confirmation_page_says_what_goes(staff_client, copy):
    deltagare = copy.sections.get(title="Deltagare")
    url = reverse("surveys:section_remove", kwargs={"pk": deltagare.pk})
    body = staff_client.get(url).content.decode()
    assert "Avsnittet ”Deltagare” och dess 4 frågor tas bort ur enkäten" in body
    assert question(copy, "so_beyond_groups").text in body
    assert 'class="btn btn-danger"' in body
    response = staff_client.post(url, {"version": 1})
    assert response.status_code == 302
    assert not Section.objects.filter(pk=deltagare.pk).exists()
    body = staff_client.get(response.url).content.decode()
    assert "Avsnittet ”Deltagare” och dess frågor är borttagna." in body


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({}, "Formuläret saknar uppgift om vilken version"),
        ({"version": "x"}, "Formuläret saknar uppgift om vilken version"),
        ({"version": 5}, "Någon annan har sparat"),
    ],
)
def test_a_bad_section_removal_shows_the_error_summary_and_removes_nothing(
    staff_client, copy, data, message
):
    genomforande = _genomforande(copy)
    body = staff_client.post(
        reverse("surveys:section_remove", kwargs={"pk": genomforande.pk}), data
    ).content.decode()
    assert 'id="error-summary"' in body
    assert message in body
    assert _codes(genomforande) == ["so_delivery", "so_form", "so_mode"]


def test_removing_a_section_another_depends_on_names_the_dependent_question(staff_client, copy):
    comment = _depend_on_mode(copy)
    genomforande = _genomforande(copy)
    body = staff_client.post(
        reverse("surveys:section_remove", kwargs={"pk": genomforande.pk}),
        {"version": _rev(copy)},
    ).content.decode()
    assert "Avsnittet kan inte tas bort" in body
    assert comment.text in body
    assert Section.objects.filter(pk=genomforande.pk).exists()


# --- moving a question to another section -------------------------------------------


def _to_section(q: Question, section: Section, copy) -> Question:
    return editing.question_update(
        question=q,
        text=q.text,
        help_text=q.help_text,
        required=q.required,
        condition_question=q.condition_question,
        condition_value=q.condition_value,
        section=section,
        revision=_rev(copy),
    )


def test_a_question_moves_to_another_section_and_goes_last_there(copy):
    organisation = copy.sections.get(title="Organisation")
    _to_section(question(copy, "so_form"), organisation, copy)
    assert _codes(organisation) == ["so_organisation", "so_committee", "so_form"]
    assert _codes(_genomforande(copy)) == ["so_delivery", "so_mode"]
    assert _rev(copy) == 2


def test_a_question_cannot_move_to_a_section_before_its_condition(copy):
    organisation = copy.sections.get(title="Organisation")
    groups = question(copy, "so_beyond_groups")  # shown only after "Ja" to so_beyond
    with pytest.raises(ValidationError) as refused:
        _to_section(groups, organisation, copy)
    assert "före den här frågan" in str(refused.value.message_dict["condition_question"])
    assert "so_beyond_groups" not in _codes(organisation)
    assert _rev(copy) == 1


def test_a_question_others_depend_on_cannot_move_after_them(copy):
    _depend_on_mode(copy)  # so_comment (Deltagare) shown only for classroom (so_mode)
    deltagare = copy.sections.get(title="Deltagare")
    before = _codes(deltagare), _codes(_genomforande(copy)), _rev(copy)
    with pytest.raises(ValidationError) as refused:
        _to_section(question(copy, "so_mode"), deltagare, copy)
    assert "Flytten går inte" in str(refused.value.message_dict["section"])
    assert (_codes(deltagare), _codes(_genomforande(copy)), _rev(copy)) == before


def test_a_section_of_another_survey_is_refused(copy, so):
    other = so.sections.get(title="Organisation")
    with pytest.raises(ValidationError) as refused:
        _to_section(question(copy, "so_form"), other, copy)
    assert "section" in refused.value.message_dict
    assert not other.questions.filter(code="so_form").exists()


def test_staff_choose_another_section_on_the_edit_page(staff_client, copy):
    form = question(copy, "so_form")
    organisation = copy.sections.get(title="Organisation")
    url = reverse("surveys:question_edit", kwargs={"pk": form.pk})
    page = staff_client.get(url).content.decode()
    assert 'name="section"' in page and "1. Organisation" in page
    response = staff_client.post(
        url,
        {
            "version": 1,
            "text": form.text,
            "help_text": form.help_text,
            "required": "on",
            "options": "\n".join(form.choices),
            "section": organisation.pk,
            "condition_question": "",
            "condition_value": "",
        },
    )
    assert response.status_code == 302
    assert _codes(organisation)[-1] == "so_form"


def test_a_bad_section_on_the_edit_page_says_so_and_moves_nothing(staff_client, copy):
    groups = question(copy, "so_beyond_groups")
    organisation = copy.sections.get(title="Organisation")
    response = staff_client.post(
        reverse("surveys:question_edit", kwargs={"pk": groups.pk}),
        {
            "version": 1,
            "text": groups.text,
            "help_text": "",
            "section": organisation.pk,
            "options": "\n".join(groups.choices),
            "condition_question": groups.condition_question_id,
            "condition_value": groups.condition_value,
        },
    )
    assert response.status_code == 200
    assert "före den här frågan" in response.content.decode()
    assert "so_beyond_groups" not in _codes(organisation)
    response = staff_client.post(
        reverse("surveys:question_edit", kwargs={"pk": groups.pk}),
        {"version": 1, "text": groups.text, "section": 999999},
    )
    assert response.status_code == 200
    assert "so_beyond_groups" not in _codes(organisation)
