import pytest
from django.core.exceptions import ValidationError
from hypothesis import given
from hypothesis import strategies as st

from contacts.phone import format_phone, normalise_phone


@pytest.mark.parametrize(
    ("typed", "stored", "shown"),
    [
        ("010-2236209", "+46102236209", "010-223 62 09"),
        ("010-223 62 09", "+46102236209", "010-223 62 09"),
        ("+46 10 223 62 09", "+46102236209", "010-223 62 09"),
        ("+46 (0)10-223 62 09", "+46102236209", "010-223 62 09"),
        ("0046102236209", "+46102236209", "010-223 62 09"),
        ("070-1234567", "+46701234567", "070-123 45 67"),
        ("+46701234567", "+46701234567", "070-123 45 67"),
        ("08-46500410", "+46846500410", "08-465 004 10"),
        ("08-123 45 67", "+4681234567", "08-123 45 67"),
        ("0120-12345", "+4612012345", "0120-123 45"),
        ("0980-123456", "+46980123456", "0980-12 34 56"),
        ("031-390 06 00", "+46313900600", "031-390 06 00"),
    ],
)
def test_typed_numbers_are_stored_in_one_form_and_shown_the_swedish_way(typed, stored, shown):
    assert normalise_phone(typed) == stored
    assert format_phone(stored) == shown


@pytest.mark.parametrize(
    "typed",
    [
        "",
        "   ",
        "abc",
        "010-22A6209",
        "+47 22 12 34 56",
        "12345678",
        "010-12",
        "010-2236209999",
        "0047 22 12 34 56",
    ],
)
def test_bad_numbers_are_refused_with_a_message(typed):
    with pytest.raises(ValidationError) as error:
        normalise_phone(typed)
    assert error.value.messages[0]


def test_a_number_that_is_not_a_stored_swedish_number_is_shown_unchanged():
    assert format_phone("") == ""
    assert format_phone("+4722123456") == "+4722123456"


@given(st.from_regex(r"\A0[1-9][0-9]{6,8}\Z"))
def test_formatting_then_parsing_again_gives_the_same_number(national):
    stored = normalise_phone(national)
    assert normalise_phone(format_phone(stored)) == stored
    assert format_phone(stored).replace("-", "").replace(" ", "") == national
