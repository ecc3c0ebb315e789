"""The base form: bounded ids, Swedish number input."""

import pytest
from django import forms

from core.forms import BaseForm, SwedishDecimalField, SwedishIntegerField
from core.models import Municipality

pytestmark = pytest.mark.django_db


class PickForm(BaseForm):
    one = forms.ModelChoiceField(queryset=Municipality.objects.all())
    many = forms.ModelMultipleChoiceField(queryset=Municipality.objects.all())


def test_huge_ids_are_invalid_choices_not_database_errors():
    form = PickForm({"one": "9" * 30, "many": ["9" * 30]})
    assert not form.is_valid()
    assert "one" in form.errors
    assert "many" in form.errors


@pytest.mark.parametrize("typed", ["²", "-³", "¹²³", "x²"])
def test_superscript_digits_are_invalid_choices_not_crashes(typed):
    """Found by the form fuzzer: "²".isdigit() is true, but int("²") raises."""
    form = PickForm({"one": typed, "many": [typed]})
    assert not form.is_valid()
    assert "one" in form.errors
    assert "many" in form.errors


def test_ordinary_ids_still_work():
    municipality = Municipality.objects.get(code="0181")
    form = PickForm({"one": str(municipality.pk), "many": [str(municipality.pk)]})
    assert form.is_valid(), form.errors
    assert form.cleaned_data["one"] == municipality


class NumberForm(BaseForm):
    whole = SwedishIntegerField()
    decimal = SwedishDecimalField(decimal_places=2, max_digits=10)


def test_swedish_number_input_is_understood():
    form = NumberForm({"whole": "1 234", "decimal": "1\u00a0234,5"})
    assert form.is_valid(), form.errors
    assert form.cleaned_data["whole"] == 1234
    assert str(form.cleaned_data["decimal"]) == "1234.5"


def test_a_decimal_field_is_a_text_input_showing_the_languages_decimal_mark():
    """A browser's number input refuses "2,5" as typed in Swedish (the help text's example)."""
    from decimal import Decimal

    from django.utils import translation

    form = NumberForm(initial={"decimal": Decimal("2.5")})
    with translation.override("sv"):
        html = str(form["decimal"])
    assert 'type="text"' in html and 'inputmode="decimal"' in html
    assert 'value="2,5"' in html
    with translation.override("en"):
        assert 'value="2.5"' in str(form["decimal"])
    bound = NumberForm({"whole": "1", "decimal": "2,5"})
    assert bound.is_valid() and bound.cleaned_data["decimal"] == Decimal("2.5")
    assert 'value="2,5"' in str(bound["decimal"])
