"""Organisation numbers (Luhn), civic-orientation hours, SFI course codes, model constraints."""

from __future__ import annotations

import datetime

import pytest
from django.db import IntegrityError, transaction

from activities.models import Activity, ActivityCourseFigure
from activities.rules import (
    COURSE_CODES,
    civic_hours_error,
    luhn_ok,
    normalise_org_number,
    org_number_error,
    with_check_digit,
)
from tests.factories.activities import report


@pytest.mark.parametrize("number", ["212000-0142", "2120000142", "556016-0680"])
def test_known_valid_organisation_numbers(number):
    assert org_number_error(number) is None


def test_wrong_check_digit_is_refused_with_a_reason():
    assert "kontrollsiffran" in org_number_error("212000-0143")


@pytest.mark.parametrize("number", ["21200-0142", "212000-01420", "abcdef-ghij", "212000_0142"])
def test_organisation_number_of_wrong_shape_is_refused(number):
    assert "tio siffror" in org_number_error(number)


def test_organisation_number_is_normalised_with_hyphen():
    assert normalise_org_number(" 2120000142 ") == "212000-0142"


def test_luhn_matches_hand_computed_example():
    # 212000014 → check digit 2 (sum of the Luhn-weighted digits 18 + 2 = 20).
    assert luhn_ok("2120000142")
    assert not luhn_ok("2120000141")
    assert with_check_digit("212000014") == "212000-0142"


def test_civic_orientation_under_100_hours_gives_the_law():
    message = civic_hours_error(99)
    assert "100 timmar" in message and "SFS 2010:1138" in message
    assert civic_hours_error(100) is None
    assert civic_hours_error(None) is not None


def test_there_are_exactly_nine_sfi_course_codes():
    assert COURSE_CODES == ("1A", "1B", "1C", "1D", "2B", "2C", "2D", "3C", "3D")


@pytest.mark.django_db
def test_database_refuses_activity_ending_before_it_starts(sfi):
    with pytest.raises(IntegrityError), transaction.atomic():
        Activity.objects.filter(pk=sfi.pk).update(start=datetime.date(2031, 1, 1))


@pytest.mark.django_db
def test_database_refuses_civic_orientation_under_100_hours(sfi):
    with pytest.raises(IntegrityError), transaction.atomic():
        Activity.objects.filter(pk=sfi.pk).update(kind="civic", hours=60)


@pytest.mark.django_db
def test_database_refuses_unknown_course_code(sfi, municipality_a, periods, reporter_a):
    saved = report(sfi, municipality_a, periods[0], reporter_a)
    with pytest.raises(IntegrityError), transaction.atomic():
        ActivityCourseFigure.objects.create(report=saved, course="4A")


@pytest.mark.django_db
def test_model_clean_gives_field_errors(sfi):
    from django.core.exceptions import ValidationError

    sfi.kind = "civic"
    sfi.hours = 40
    sfi.end = datetime.date(2020, 1, 1)
    with pytest.raises(ValidationError) as error:
        sfi.clean()
    assert set(error.value.message_dict) == {"hours", "end"}
