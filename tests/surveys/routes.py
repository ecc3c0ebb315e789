"""Every survey URL with its expectation per persona.

build_world seeds this year's and last year's surveys (national question sets) and, in
county 01: this year's SO campaign with a draft of municipality A (0181), this year's
Lägesbild with A's submitted response (review, approve, return, receipt) and last
year's SO with A's approved response (reopen).
"""

from __future__ import annotations

from tests.harness.routes import (
    LOGIN,
    Route,
    county_object_read,
    county_object_staff_read,
    county_object_write,
    custom,
    reporter_object_write,
    staff_page,
)


def build_world(world: dict) -> None:
    from tests.surveys.helpers import survey_world

    world.update(survey_world(world["staff"], world["reporter_a"]))


#: A campaign of county 01: its staff and the administrator; 404 for another county's
#: staff, 403 for reporters (not their role).
CAMPAIGN_STAFF = custom(
    anonymous=LOGIN, staff=200, other_county_staff=404, reporter_a=403, reporter_b=403, admin=200
)

ROUTES = [
    Route("surveys:survey_list", expect=staff_page()),
    Route(
        "surveys:survey_detail",
        kwargs=lambda w: {"pk": w["so_survey"].pk},
        expect=staff_page(),
        note="a national survey: every county's staff read it",
    ),
    Route(
        "surveys:campaign_open",
        kwargs=lambda w: {"pk": w["lb_next"].pk},
        expect=staff_page(),
        note="next year's Lägesbild, not opened anywhere yet",
    ),
    Route("surveys:survey_copy", kwargs=lambda w: {"pk": w["so_survey"].pk}, expect=staff_page()),
    Route(
        "surveys:campaign_tracking",
        kwargs=lambda w: {"pk": w["so_campaign"].pk},
        expect=CAMPAIGN_STAFF,
    ),
    Route(
        "surveys:campaign_results",
        kwargs=lambda w: {"pk": w["lb_campaign"].pk},
        expect=CAMPAIGN_STAFF,
    ),
    Route(
        "surveys:campaign_export",
        kwargs=lambda w: {"pk": w["lb_campaign"].pk, "what": "svar", "fmt": "csv"},
        expect=CAMPAIGN_STAFF,
    ),
    Route(
        "surveys:response_overview",
        kwargs=lambda w: {"pk": w["so_campaign"].pk, "code": "0181"},
        expect=reporter_object_write(200),
    ),
    Route(
        "surveys:response_section",
        kwargs=lambda w: {"pk": w["so_campaign"].pk, "code": "0181", "number": 1},
        expect=reporter_object_write(200),
    ),
    Route(
        "surveys:response_submit",
        kwargs=lambda w: {"pk": w["so_draft"].pk},
        expect=reporter_object_write(200),
        note="the confirmation step",
    ),
    Route(
        "surveys:response_receipt",
        kwargs=lambda w: {"pk": w["lb_submitted"].pk},
        expect=county_object_read(),
    ),
    Route(
        "surveys:response_review",
        kwargs=lambda w: {"pk": w["lb_submitted"].pk},
        expect=county_object_staff_read(),
    ),
    Route(
        "surveys:response_approve",
        method="POST",
        kwargs=lambda w: {"pk": w["lb_submitted"].pk},
        data=lambda w: {"version": w["lb_submitted"].version},
        expect=county_object_write(),
    ),
    Route(
        "surveys:response_return",
        method="POST",
        kwargs=lambda w: {"pk": w["lb_submitted"].pk},
        data=lambda w: {"version": w["lb_submitted"].version, "message": "Kommentera bostäder."},
        expect=county_object_write(),
    ),
    Route(
        "surveys:response_reopen",
        method="POST",
        kwargs=lambda w: {"pk": w["so_approved"].pk},
        data=lambda w: {"version": w["so_approved"].version, "reason": "Fel antal."},
        expect=county_object_write(),
    ),
]

#: A page of county 01's own copy of next year's Lägesbild (nobody has answered it):
#: its staff and the administrator edit it; 404 for another county, 403 for reporters.
COPY_EDIT = custom(
    anonymous=LOGIN, staff=200, other_county_staff=404, reporter_a=403, reporter_b=403, admin=200
)


def _question_pk(w: dict) -> dict:
    return {"pk": w["county_question"].pk}


def _section_pk(w: dict) -> dict:
    return {"pk": w["county_question"].section_id}


def _survey_pk(w: dict) -> dict:
    return {"pk": w["county_question"].section.survey_id}


def _revision(w: dict) -> int:
    from surveys.models import Survey

    return Survey.objects.get(pk=w["county_question"].section.survey_id).revision


def _edit_post(w: dict) -> dict:
    return {
        "version": _revision(w),
        "text": "Kommunen har bostäder till alla nyanlända.",
        "help_text": "Tänk på det senaste året.",
        "required": "on",
        "condition_question": "",
        "condition_value": "",
    }


def _edited(w: dict, data: dict) -> bool:
    q = w["county_question"]
    q.refresh_from_db()
    return (q.text, q.help_text, q.required) == (data["text"], data["help_text"], True)


def _add_post(w: dict) -> dict:
    return {
        "version": _revision(w),
        "text": "Har kommunen en bostadsstrategi?",
        "help_text": "",
        "kind": "single",
        "options": "Ja\nNej\nVet ej",
        "required": "on",
        "condition_question": "",
        "condition_value": "",
    }


def _added(w: dict, data: dict) -> bool:
    from surveys.models import Question

    q = Question.objects.get(section_id=w["county_question"].section_id, text=data["text"])
    return q.kind == "single" and q.choices == ["Ja", "Nej", "Vet ej"] and q.required


def _removed(w: dict, data: dict) -> bool:
    from surveys.models import Question

    return not Question.objects.filter(pk=w["county_question"].pk).exists()


def _section_added(w: dict, data: dict) -> bool:
    from surveys.models import Section

    return Section.objects.filter(
        survey_id=w["county_question"].section.survey_id, title=data["title"]
    ).exists()


def _section_renamed(w: dict, data: dict) -> bool:
    section = w["county_question"].section
    section.refresh_from_db()
    return section.title == data["title"]


ROUTES += [
    Route(
        "surveys:question_edit",
        kwargs=_question_pk,
        expect=COPY_EDIT,
        note="a question of county 01's own copy, not answered yet",
        extra={"valid_post": _edit_post, "stored": _edited},
    ),
    Route(
        "surveys:question_add",
        kwargs=_section_pk,
        expect=COPY_EDIT,
        note="a section of county 01's own copy",
        extra={"valid_post": _add_post, "stored": _added},
    ),
    Route(
        "surveys:question_remove",
        kwargs=_question_pk,
        expect=COPY_EDIT,
        note="the confirmation step; nothing depends on the question",
        extra={"valid_post": lambda w: {"version": _revision(w)}, "stored": _removed},
    ),
    Route(
        "surveys:section_add",
        kwargs=_survey_pk,
        expect=COPY_EDIT,
        extra={
            "valid_post": lambda w: {
                "version": _revision(w),
                "title": "Arbete och egen försörjning",
            },
            "stored": _section_added,
        },
    ),
    Route(
        "surveys:section_edit",
        kwargs=_section_pk,
        expect=COPY_EDIT,
        extra={
            "valid_post": lambda w: {"version": _revision(w), "title": "Bostäder och boende"},
            "stored": _section_renamed,
        },
    ),
]


def _first_question_pk(w: dict) -> dict:
    """The first of two questions in county 01's copy (lb_readiness, then lb_capacity)."""
    from surveys.models import Question

    first = Question.objects.get(
        section__survey_id=w["county_question"].section.survey_id, code="lb_readiness"
    )
    return {"pk": first.pk}


def _section_removed(w: dict, data: dict) -> bool:
    from surveys.models import Question, Section

    section_id = w["county_question"].section_id
    return not (
        Section.objects.filter(pk=section_id).exists()
        or Question.objects.filter(section_id=section_id).exists()
    )


ROUTES += [
    Route(
        "surveys:question_move",
        method="POST",
        kwargs=_first_question_pk,
        data=lambda w: {"version": _revision(w), "direction": "ned"},
        expect=COPY_EDIT | {"staff": 302, "admin": 302},
        note="the “Flytta ned” button of the first question of a section",
    ),
    Route(
        "surveys:section_move",
        method="POST",
        kwargs=_section_pk,
        data=lambda w: {"version": _revision(w), "direction": "upp"},
        expect=COPY_EDIT | {"staff": 302, "admin": 302},
        note="the “Flytta upp” button of the second section",
    ),
    Route(
        "surveys:section_remove",
        kwargs=_section_pk,
        expect=COPY_EDIT,
        note="the confirmation step; no other section depends on its question",
        extra={"valid_post": lambda w: {"version": _revision(w)}, "stored": _section_removed},
    ),
]
