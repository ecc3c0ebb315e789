"""Forms of the overview app: choosing Kolada key figures."""

from __future__ import annotations

from django import forms
from django.core.validators import RegexValidator
from django.utils.translation import gettext_lazy as _

from core.forms import BaseForm

kpi_id_validator = RegexValidator(
    r"^[A-Z]\d{5}$", _("Ett nyckeltals-id i Kolada är en bokstav och fem siffror, t.ex. N01951.")
)


class KoladaSearchForm(BaseForm):
    form_method = "get"
    submit_label = _("Sök i Kolada")

    q = forms.CharField(
        label=_("Sök nyckeltal på namn"),
        min_length=2,
        max_length=100,
        help_text=_("Till exempel sfi, förvärvsarbetande eller invånare."),
    )

    def clean_q(self) -> str:
        return " ".join(self.cleaned_data["q"].split())


class KoladaChooseForm(forms.Form):
    """Drawn by hand per search result (hidden fields and a button)."""

    kpi_id = forms.CharField(max_length=6, validators=[kpi_id_validator])
    title = forms.CharField(max_length=300)
