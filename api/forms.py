from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from core.access import is_county_staff, reporting_municipalities, staff_counties
from core.forms import BaseForm, OnceTokenField

from .models import Scope
from .services import DEFAULT_DAYS, MAX_DAYS


class TokenForm(BaseForm):
    """A new token: a reporter's for a municipality, a staff member's for the county."""

    submit_label = _("Skapa API-nyckel")

    name = forms.CharField(
        label=_("Namn"),
        max_length=100,
        help_text=_("Vad nyckeln används till, t.ex. ärendesystemets namn. Syns i historiken."),
        error_messages={"required": _("Ge nyckeln ett namn, till exempel ärendesystemets namn.")},
    )
    scopes = forms.MultipleChoiceField(
        label=_("Behörigheter"),
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": _("Välj minst en behörighet.")},
    )
    days = forms.IntegerField(
        label=_("Giltig i antal dagar"),
        min_value=1,
        max_value=MAX_DAYS,
        initial=DEFAULT_DAYS,
        help_text=_("Högst %(n)s dagar. Skapa en ny nyckel innan den här går ut.")
        % {"n": MAX_DAYS},
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off"}),
        error_messages={
            "invalid": _("Skriv ett heltal, till exempel 90."),
            "required": _("Ange hur många dagar nyckeln ska gälla."),
        },
    )
    once = OnceTokenField()

    def __init__(self, *args, user, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.staff = is_county_staff(user)
        if self.staff:
            self.fields["county"] = forms.ModelChoiceField(
                label=_("Län"),
                queryset=staff_counties(user).order_by("code"),
                empty_label=None,
                error_messages={"invalid_choice": _("Välj ett av dina län.")},
            )
            self.fields["scopes"].choices = [(Scope.COUNTY_READ, Scope.COUNTY_READ.label)]
            self.fields["scopes"].initial = [Scope.COUNTY_READ]
        else:
            self.fields["municipality"] = forms.ModelChoiceField(
                label=_("Kommun"),
                queryset=reporting_municipalities(user).order_by("name"),
                empty_label=None,
                error_messages={"invalid_choice": _("Välj en av dina kommuner.")},
            )
            self.fields["scopes"].choices = [
                (Scope.REPORT_READ, Scope.REPORT_READ.label),
                (Scope.REPORT_WRITE, Scope.REPORT_WRITE.label),
            ]
            self.fields["scopes"].initial = [Scope.REPORT_READ, Scope.REPORT_WRITE]
        # The scope belongs after the place it applies to.
        order = ["name", "county", "municipality", "scopes", "days", "once"]
        self.order_fields([f for f in order if f in self.fields])
