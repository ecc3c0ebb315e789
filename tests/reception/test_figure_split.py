"""Women, men and children on the follow-up report: counted the way the form says.

Women and men divide everyone received by sex, children included, so women + men =
received; "of which children" counts the same people by age, so children <= received.
"""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from reception.models import FollowUpReport, ReportFigure
from reception.periods import periods_ensure
from tests.factories.reporting import draft

pytestmark = pytest.mark.django_db


@pytest.fixture
def jan(county):
    return periods_ensure(county=county, year=2025)[0]


def _messages(exc: pytest.ExceptionInfo) -> dict[str, list[str]]:
    return exc.value.message_dict


def test_women_and_men_making_the_total_with_children_within_is_saved(
    municipality_a, jan, reporter_a
):
    report = draft(
        municipality_a,
        jan,
        reporter_a,
        anvisade=5,
        women_anvisade=3,
        men_anvisade=2,
        children_anvisade=4,
    )
    figure = report.figures.get(category__code="anvisade")
    assert (figure.received, figure.women, figure.men, figure.children) == (5, 3, 2, 4)


def test_women_and_men_short_of_the_total_is_refused(municipality_a, jan, reporter_a):
    with pytest.raises(ValidationError) as exc:
        draft(
            municipality_a, jan, reporter_a, anvisade=4, women_anvisade=2, men_anvisade=1,
            children_anvisade=1,
        )  # fmt: skip
    assert _messages(exc)["women_anvisade"] == [
        "Kvinnor och män ska tillsammans bli lika många som de mottagna (4), men blir 3. "
        "Barnen räknas in bland kvinnor och män."
    ]
    assert not FollowUpReport.objects.exists() and not ReportFigure.objects.exists()


def test_women_and_men_above_the_total_is_refused(municipality_a, jan, reporter_a):
    with pytest.raises(ValidationError) as exc:
        draft(municipality_a, jan, reporter_a, anvisade=3, women_anvisade=2, men_anvisade=2)
    assert "men blir 4" in _messages(exc)["women_anvisade"][0]


@pytest.mark.parametrize(("given", "missing"), [("women", "men"), ("men", "women")])
def test_only_one_of_women_and_men_is_refused(municipality_a, jan, reporter_a, given, missing):
    with pytest.raises(ValidationError) as exc:
        draft(municipality_a, jan, reporter_a, anvisade=3, **{f"{given}_anvisade": 3})
    assert _messages(exc)[f"{missing}_anvisade"] == [
        "Fyll i både kvinnor och män, eller lämna båda tomma. Tillsammans ska de bli de "
        "mottagna (3)."
    ]


def test_children_more_than_the_total_is_refused(municipality_a, jan, reporter_a):
    with pytest.raises(ValidationError) as exc:
        draft(municipality_a, jan, reporter_a, anvisade=2, children_anvisade=3)
    assert _messages(exc) == {
        "children_anvisade": ["Barnen kan inte vara fler än de mottagna (2): de är en del av dem."]
    }


def test_children_as_many_as_the_total_is_saved(municipality_a, jan, reporter_a):
    report = draft(
        municipality_a, jan, reporter_a, anvisade=2, women_anvisade=1, men_anvisade=1,
        children_anvisade=2,
    )  # fmt: skip
    assert report.figures.get(category__code="anvisade").children == 2


def test_split_left_out_is_saved(municipality_a, jan, reporter_a):
    report = draft(municipality_a, jan, reporter_a, anvisade=7)
    figure = report.figures.get(category__code="anvisade")
    assert (figure.women, figure.men, figure.children) == (None, None, None)


def test_the_form_explains_the_rule_beside_the_fields(reporter_a_client, jan):
    url = reverse("reception:report_edit", kwargs={"code": "0181", "period_pk": jan.pk})
    body = reporter_a_client.get(url).content.decode()
    assert "Kvinnor och män delar upp alla mottagna efter kön, barnen inräknade" in body
    assert 'id="id_women_anvisade-hjalp">Flickor räknas med. Kvinnor + män = mottagna.' in body
    assert 'id="id_men_anvisade-hjalp">Pojkar räknas med.' in body
    assert 'id="id_children_anvisade-hjalp">Under 18 år.' in body


def test_the_form_shows_the_split_error_beside_the_field_and_saves_nothing(reporter_a_client, jan):
    url = reverse("reception:report_edit", kwargs={"code": "0181", "period_pk": jan.pk})
    data = {
        "version": 0,
        "received_anvisade": "4",
        "women_anvisade": "2",
        "men_anvisade": "1",
        "received_kvotflyktingar": "0",
        "received_ensamkommande": "0",
        "received_massflykt": "0",
        "action": "draft",
    }
    body = reporter_a_client.post(url, data).content.decode()
    assert 'href="#id_women_anvisade"' in body
    assert 'id="id_women_anvisade-fel"' in body and "men blir 3" in body
    assert not FollowUpReport.objects.exists()
