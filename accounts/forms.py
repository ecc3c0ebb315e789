from __future__ import annotations

from django import forms
from django.contrib.auth.forms import (
    AuthenticationForm,
    PasswordChangeForm,
    PasswordResetForm,
    SetPasswordForm,
)
from django.utils.translation import gettext_lazy as _

from core.forms import BaseForm, PortalFormMixin
from core.models import Municipality

from .models import User


class SignInForm(PortalFormMixin, AuthenticationForm):
    submit_label = _("Logga in")
    username = forms.EmailField(
        label=_("E-postadress"),
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
    )
    error_messages = {
        # Generic on purpose: it must not reveal whether the account exists.
        "invalid_login": _("Fel e-postadress eller lösenord."),
        "inactive": _("Fel e-postadress eller lösenord."),
    }

    def clean_username(self) -> str:
        return self.cleaned_data["username"].strip().lower()


class PortalPasswordChangeForm(PortalFormMixin, PasswordChangeForm):
    submit_label = _("Byt lösenord")


class PortalPasswordResetForm(PortalFormMixin, PasswordResetForm):
    submit_label = _("Skicka länk")


class PortalSetPasswordForm(PortalFormMixin, SetPasswordForm):
    submit_label = _("Spara lösenord")


class InviteReporterForm(BaseForm):
    submit_label = _("Skicka inbjudan")

    email = forms.EmailField(label=_("E-postadress"), max_length=254)
    first_name = forms.CharField(label=_("Förnamn"), max_length=150)
    last_name = forms.CharField(label=_("Efternamn"), max_length=150)
    title = forms.CharField(label=_("Titel"), max_length=100, required=False)
    municipalities = forms.ModelMultipleChoiceField(
        label=_("Kommuner"),
        queryset=Municipality.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        help_text=_("De kommuner personen ska rapportera för."),
    )

    def __init__(self, *args, municipalities=None, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        if municipalities is not None:
            self.fields["municipalities"].queryset = municipalities

    def clean_email(self) -> str:
        email = self.cleaned_data["email"].strip().lower()
        if User.objects.filter(email__iexact=email).exists():
            raise forms.ValidationError(_("Det finns redan ett konto med den e-postadressen."))
        return email
