"""Swedish-only text is marked lang="sv" on pages in another language, and only there."""

from __future__ import annotations

from django import forms
from django.utils import translation

from core.forms import SwedishOptionsSelect
from core.lang import swedish


def test_swedish_text_is_wrapped_and_escaped_on_an_english_page_only():
    with translation.override("en"):
        assert swedish("Barn & unga <3") == '<span lang="sv">Barn &amp; unga &lt;3</span>'
        assert swedish("") == ""
    with translation.override("sv"):
        assert swedish("Barn & unga") == "Barn & unga"  # the template escapes it as usual


class CategoryForm(forms.Form):
    kategori = forms.ChoiceField(
        choices=[("", "All"), ("anvisade", "Anvisade nyanlända")], widget=SwedishOptionsSelect
    )


def test_option_texts_that_are_swedish_data_are_marked_but_the_empty_choice_is_not():
    with translation.override("en"):
        html = str(CategoryForm()["kategori"])
    assert '<option value="" selected>All</option>' in html
    assert '<option value="anvisade" lang="sv">Anvisade nyanlända</option>' in html
    with translation.override("sv"):
        assert 'lang="sv"' not in str(CategoryForm()["kategori"])
