"""The base every portal form builds on.

It sets up the crispy ``FormHelper`` (method, submit button, no duplicate
non-field error box: the page's error summary lists every error), so a form
only declares its fields. Templates render forms with
``{% include "partials/form.html" %}``, which puts the linked error summary
above the form.
"""

from __future__ import annotations

import uuid
from decimal import Decimal

from crispy_forms.helper import FormHelper
from crispy_forms.layout import Submit
from django import forms
from django.core.exceptions import ValidationError
from django.utils.formats import number_format
from django.utils.translation import gettext as gettext_now
from django.utils.translation import gettext_lazy as _

from .lang import page_is_swedish

#: The largest primary key any database we run on can compare against.
MAX_PRIMARY_KEY = 2**63 - 1


def _out_of_range(value: object) -> bool:
    text = str(value).strip()
    # isdecimal, not isdigit: "²" is a digit but not a number int() reads.
    return text.lstrip("-").isdecimal() and abs(int(text)) > MAX_PRIMARY_KEY


class _BoundedChoice(forms.ModelChoiceField):
    """A typed id too large for the database is an invalid choice, not a crash.

    Mixed in before the field's own class (``_bound_choice_fields``); it subclasses the
    field it is mixed into only so the type checker knows what ``super()`` offers.
    """

    def to_python(self, value):
        if self.to_field_name is None and _out_of_range(value):
            raise ValidationError(self.error_messages["invalid_choice"], code="invalid_choice")
        return super().to_python(value)


class _BoundedMultipleChoice(forms.ModelMultipleChoiceField):
    def _check_values(self, value):
        if self.to_field_name is None:
            for item in value if isinstance(value, list | tuple) else [value]:
                if _out_of_range(item):
                    raise ValidationError(
                        self.error_messages["invalid_pk_value"],
                        code="invalid_pk_value",
                        params={"pk": str(item)[:20]},
                    )
        # Django's private check; django-stubs does not declare it.
        return super()._check_values(value)  # type: ignore[misc]


def _bound_choice_fields(fields) -> None:
    for field in fields.values():
        if isinstance(field, _BoundedChoice | _BoundedMultipleChoice):
            continue
        mixin: type[forms.ModelChoiceField]
        if isinstance(field, forms.ModelMultipleChoiceField):
            mixin = _BoundedMultipleChoice
        elif isinstance(field, forms.ModelChoiceField):
            mixin = _BoundedChoice
        else:
            continue
        field.__class__ = type(f"Bounded{type(field).__name__}", (mixin, type(field)), {})


def submit_button(name: str, label, css_class: str = "btn-primary") -> Submit:
    """A crispy submit button of exactly ``css_class``. Crispy's Submit is always
    "btn btn-primary" and only appends css_class, so a "btn-danger" button stayed blue
    (the portal's .btn-primary comes later in the stylesheet)."""
    submit = Submit(name, label)
    submit.field_classes = f"btn {css_class}"
    return submit


class PortalFormMixin:
    submit_label = _("Spara")
    submit_name = "submit"
    form_method = "post"
    #: Extra CSS classes for the submit button.
    submit_css_class = "btn-primary"

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        # No autofocus (Django's sign-in and password forms set it): focus starts at
        # the top of the page, so the skip link is the first Tab stop and screen
        # readers start with the heading, not in the middle of the form.
        for field in self.fields.values():  # type: ignore[attr-defined]
            field.widget.attrs.pop("autofocus", None)
        _bound_choice_fields(self.fields)  # type: ignore[attr-defined]
        # FormHelper() without the form: crispy then renders every field the form has
        # when it is drawn, including the ones a subclass adds after this __init__
        # (target categories, report figures). FormHelper(self) would freeze the
        # layout to the fields that exist now and silently drop the others.
        self.helper = FormHelper()
        self.helper.form_method = self.form_method
        self.helper.attrs = {"novalidate": ""}
        if self.submit_label:
            self.helper.add_input(
                submit_button(self.submit_name, self.submit_label, self.submit_css_class)
            )


class BaseForm(PortalFormMixin, forms.Form):
    pass


class BaseModelForm(PortalFormMixin, forms.ModelForm):
    pass


def parse_whole_number(value: object) -> object:
    """Normalise a typed whole number: "1 234" and "1\u00a0234" become "1234".

    Returns the value unchanged when it is not a string, so Django's own
    validation still produces the error message for bad input.
    """
    if isinstance(value, str):
        for space in (" ", "\u00a0", "\u202f", "\u2009"):
            value = value.replace(space, "")
    return value


class SwedishIntegerField(forms.IntegerField):
    """A whole-number field that accepts spaces as thousands separators."""

    def to_python(self, value):
        return super().to_python(parse_whole_number(value))


class DecimalCommaInput(forms.TextInput):
    """A text input for a decimal number, shown with the language's decimal mark ("2,5").

    Not ``type=number``: a browser's number input refuses a decimal comma as typed in
    Swedish, and the form's own validation gives the message in words.
    """

    def __init__(self, attrs=None) -> None:
        super().__init__({"inputmode": "decimal", "autocomplete": "off", **(attrs or {})})

    def format_value(self, value):
        if isinstance(value, Decimal | float | int) and not isinstance(value, bool):
            return number_format(value, use_l10n=True, force_grouping=False)
        return super().format_value(value)


class SwedishDecimalField(forms.DecimalField):
    """A decimal field that accepts a decimal comma and spaces as separators."""

    widget = DecimalCommaInput

    def to_python(self, value):
        value = parse_whole_number(value)
        if isinstance(value, str):
            value = value.replace(",", ".")
        return super().to_python(value)


#: The largest value a PositiveIntegerField holds on every database we run on.
MAX_DB_INTEGER = 2_147_483_647


#: A state change posted without the version it was based on is refused, never saved
#: unchecked (a hand-made or truncated post).
VERSION_MISSING = _(
    "Formuläret saknar uppgift om vilken version du utgick från, så inget har sparats. "
    "Ladda om sidan och gör om ändringen."
)


class VersionField(forms.IntegerField):
    """The hidden record version a form was based on (optimistic locking).

    Bounded so that a tampered value gives a form error, not a database overflow.
    """

    def __init__(self, *, min_value: int = 0, **kwargs) -> None:
        kwargs.setdefault("widget", forms.HiddenInput)
        kwargs.setdefault("label", _("Version"))
        messages = {"required": VERSION_MISSING, "invalid": VERSION_MISSING}
        kwargs["error_messages"] = messages | kwargs.get("error_messages", {})
        super().__init__(min_value=min_value, max_value=MAX_DB_INTEGER, **kwargs)


def new_form_token() -> str:
    return uuid.uuid4().hex


class OnceTokenField(forms.CharField):
    """A create form's hidden one-time token (``core.locking.claim_form_token``).

    Each page view draws a fresh one; a form posted twice carries the same one, so
    the second post is refused instead of creating the row twice.
    """

    def __init__(self, **kwargs) -> None:
        kwargs.setdefault("widget", forms.HiddenInput)
        kwargs.setdefault("initial", new_form_token)
        kwargs.setdefault("label", _("Engångskod"))
        kwargs.setdefault(
            "error_messages",
            {"required": _("Formuläret saknar sin engångskod. Ladda om sidan och försök igen.")},
        )
        super().__init__(min_length=16, max_length=64, **kwargs)


def apply_service_errors(form: forms.Form, error: ValidationError) -> None:
    """Put a service's ValidationError on the form: field errors beside their field,
    the rest (and errors of fields the form lacks) at the top of the form."""
    if hasattr(error, "error_dict"):
        for name, messages in error.message_dict.items():
            target = name if name in form.fields else None
            for message in messages:
                form.add_error(target, message)
    else:
        for message in error.messages:
            form.add_error(None, message)


def conflict_form(form_class: type[forms.Form], request, exc, **kwargs) -> forms.Form:
    """After a :class:`core.locking.StaleVersion`: the posted values bound again with the
    newer version, so that saving once more is a deliberate choice after seeing them."""
    data = request.POST.copy()
    data["version"] = exc.instance.version
    form = form_class(data, **kwargs)
    form.is_valid()
    form.add_error(
        None,
        gettext_now(
            "Någon annan har sparat ändringar medan du arbetade. Inget av det du skrev har "
            "sparats. Jämför med de nya uppgifterna nedan och spara igen om dina ändringar "
            "fortfarande stämmer."
        ),
    )
    return form


def _is_swedish_label(value, label) -> bool:
    """False when the option shows a row's English label (``name_en``)."""
    instance = getattr(value, "instance", None)
    english = getattr(instance, "name_en", "") if instance is not None else ""
    if english and str(label) == english:
        return False
    return True


class SwedishOptionsSelect(forms.Select):
    """A select whose option texts are Swedish data (category names): each option is
    marked ``lang="sv"`` on a page in another language (see integration_portal/lang.py).
    The empty choice ("Alla") is translated and left alone."""

    def create_option(self, name, value, label, selected, index, subindex=None, attrs=None):
        option = super().create_option(name, value, label, selected, index, subindex, attrs)
        if str(value) != "" and not page_is_swedish() and _is_swedish_label(value, label):
            option["attrs"] = {**option["attrs"], "lang": "sv"}
        return option
