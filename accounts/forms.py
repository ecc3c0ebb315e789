from __future__ import annotations

from django import forms
from django.contrib.auth.forms import (
    AuthenticationForm,
    PasswordChangeForm,
    PasswordResetForm,
    SetPasswordForm,
)
from django.template import loader
from django.urls import reverse_lazy
from django.utils.translation import gettext_lazy as _

from core import outbox
from core.forms import BaseForm, PortalFormMixin, VersionField, submit_button
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

    def send_mail(
        self,
        subject_template_name,
        email_template_name,
        context,
        from_email,
        to_email,
        html_email_template_name=None,
    ) -> None:
        """Through the outbox (``core/outbox.py``): a mail server that is down or silent
        never holds up the reset page; the worker retries."""
        subject = loader.render_to_string(subject_template_name, context)
        body = loader.render_to_string(email_template_name, context)
        outbox.enqueue(subject=subject, body=body, to=[to_email], from_email=from_email)


class PortalSetPasswordForm(PortalFormMixin, SetPasswordForm):
    submit_label = _("Spara lösenord")


def email_taken_message() -> str:
    return str(_("Det finns redan ett konto med den e-postadressen."))


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
            raise forms.ValidationError(email_taken_message())
        return email


class AccountVersionForm(BaseForm):
    """A staff action on an invitation (send again, revoke): only the version it saw."""

    submit_label = None
    version = VersionField()


class AccountStatusForm(BaseForm):
    """Deactivate or reactivate an account: why, and the version the page showed."""

    reason = forms.CharField(
        label=_("Skäl"),
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Sparas i kontots historik. Skriv till exempel att personen har slutat."),
        error_messages={"required": _("Skriv varför.")},
    )
    version = VersionField()

    def __init__(self, *args, action: str = "", active: bool = True, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.helper.form_action = action
        if not active:
            self.fields["reason"].help_text = _("Sparas i kontots historik.")
        self.helper.inputs = []
        self.helper.add_input(
            submit_button(
                "submit",
                _("Inaktivera kontot") if active else _("Aktivera kontot igen"),
                "btn-danger" if active else "btn-primary",
            )
        )


class ReporterMfaForm(BaseForm):
    """Whether the county requires two-step verification of its municipalities' reporters."""

    submit_label = _("Spara")
    required = forms.BooleanField(
        label=_("Kräv tvåstegsverifiering av kommunernas rapportörer"),
        required=False,
        help_text=_(
            "Gäller från nästa inloggning: en rapportör utan app eller nyckel får ställa in "
            "en innan hen kommer in."
        ),
    )

    def __init__(self, *args, action: str = "", **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.helper.form_action = action


class NotificationSettingsForm(BaseForm):
    """A staff member's own e-mail preferences (issue #16, notifications)."""

    submit_label = _("Spara")

    notify_on_report = forms.BooleanField(
        label=_("E-post när en rapport kommer in"),
        required=False,
        help_text=_(
            "Du får ett e-postmeddelande när en kommun i ditt län skickar in en "
            "uppföljningsrapport eller en aktivitetsrapport."
        ),
    )


def _code_field(label, help_text) -> forms.CharField:
    return forms.CharField(
        label=label,
        max_length=32,
        help_text=help_text,
        widget=forms.TextInput(
            attrs={"autocomplete": "one-time-code", "spellcheck": "false", "autocapitalize": "off"}
        ),
        error_messages={"required": _("Skriv koden.")},
    )


class MfaCodeForm(BaseForm):
    """The second step of signing in: a code from the app, or a recovery code."""

    submit_label = _("Fortsätt")

    code = _code_field(
        _("Kod"),
        _("Sex siffror från appen i din telefon. Har du inte telefonen: en av dina reservkoder."),
    )


class MfaEnrolForm(BaseForm):
    """Confirm a new authenticator app with the code it shows."""

    submit_label = _("Bekräfta")

    code = _code_field(_("Kod från appen"), _("De sex siffror som appen visar just nu."))


#: The browser's answer (JSON) of a passkey ceremony: a few kB at most.
_CEREMONY_MAX_LENGTH = 16_000


def _ceremony_field() -> forms.CharField:
    return forms.CharField(
        widget=forms.HiddenInput, required=False, max_length=_CEREMONY_MAX_LENGTH
    )


class PasskeyOrCodeMixin:
    """A change confirmed by a code, or by a passkey (static/js/passkey.js fills the hidden
    ``assertion`` with the browser's answer and sends the form). ``passkey_options``: the
    address of the assertion's options when the account has a passkey; without it (or
    without JavaScript) only the code is offered."""

    passkey_button = _("Använd nyckel i stället för kod")

    def __init__(self, *args, action: str = "", passkey_options: str = "", **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["assertion"] = _ceremony_field()  # type: ignore[attr-defined]
        self.fields["code"].required = False  # type: ignore[attr-defined]
        self.helper.form_action = action  # type: ignore[attr-defined]
        if passkey_options:
            self.helper.attrs.update(  # type: ignore[attr-defined]
                {
                    "data-passkey-get": passkey_options,
                    "data-passkey-button": str(self.passkey_button),
                }
            )

    def clean(self):
        data = super().clean()  # type: ignore[misc]
        if not data.get("code") and not data.get("assertion") and "code" not in self.errors:  # type: ignore[attr-defined]
            self.add_error("code", _("Skriv koden."))  # type: ignore[attr-defined]
        return data


class MfaRecoveryCodesForm(PasskeyOrCodeMixin, BaseForm):
    submit_label = _("Skapa nya reservkoder")

    code = _code_field(_("Kod från appen"), _("För att visa att det är du."))


class MfaDisableForm(PasskeyOrCodeMixin, BaseForm):
    """Turning the second factor off needs the password and a code (or a passkey)."""

    submit_label = _("Stäng av tvåstegsverifiering")
    submit_css_class = "btn-danger"

    password = forms.CharField(
        label=_("Lösenord"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
        error_messages={"required": _("Skriv ditt lösenord.")},
    )
    code = _code_field(_("Kod från appen"), _("Eller en av dina reservkoder."))


class PasskeyAddForm(BaseForm):
    """A new passkey: its name; the browser's answer comes in ``credential``."""

    submit_label = _("Lägg till nyckeln")

    name = forms.CharField(
        label=_("Namn på nyckeln"),
        max_length=64,
        help_text=_(
            "Så att du känner igen den i listan, till exempel ”Jobbdatorn” eller ”Min telefon”."
        ),
        error_messages={"required": _("Skriv ett namn på nyckeln.")},
    )
    credential = _ceremony_field()

    def __init__(self, *args, options_url: str = "", **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.helper.attrs.update({"data-passkey-create": options_url})


class PasskeySignInForm(BaseForm):
    """The sign-in step with a passkey: the browser's answer only (static/js/passkey.js)."""

    submit_label = _("Logga in med nyckel")
    submit_css_class = "btn-outline-primary"

    assertion = _ceremony_field()

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.helper.form_action = reverse_lazy("accounts:webauthn_sign_in")
        self.helper.attrs.update(
            {"data-passkey-get": reverse_lazy("accounts:webauthn_sign_in_options")}
        )


class PasskeyRemoveForm(PasskeyOrCodeMixin, BaseForm):
    """Removing a passkey needs the password and a code, or a passkey (this one or another)."""

    submit_label = _("Ta bort nyckeln")
    submit_css_class = "btn-danger"
    passkey_button = _("Ta bort med en nyckel i stället för kod")

    password = forms.CharField(
        label=_("Lösenord"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
        error_messages={"required": _("Skriv ditt lösenord.")},
    )
    code = _code_field(_("Kod från appen"), _("Eller en av dina reservkoder."))


class MfaResetForm(BaseForm):
    """Staff remove an account's app and recovery codes (a lost phone)."""

    submit_label = _("Återställ tvåstegsverifiering")
    submit_css_class = "btn-danger"

    reason = forms.CharField(
        label=_("Skäl"),
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Sparas i kontots historik. Till exempel: har tappat bort telefonen."),
        error_messages={"required": _("Skriv varför.")},
    )

    def __init__(self, *args, action: str = "", **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.helper.form_action = action
