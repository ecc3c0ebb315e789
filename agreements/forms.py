from __future__ import annotations

import datetime

from crispy_forms.layout import HTML, Div, Fieldset, Layout
from django import forms
from django.urls import reverse
from django.utils.html import format_html
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _

from agreements.models import PLAN_MONTHS, Agreement, TargetCategory
from core import years
from core.forms import BaseForm, SwedishIntegerField, SwedishOptionsSelect, VersionField
from core.lang import data_label, data_label_html
from core.models import Municipality

from .models import MAX_PLACES

PLACES_MESSAGES = {
    "invalid": _("Ange antalet platser som ett heltal, till exempel 12 eller 1 200."),
    "min_value": _("Antalet platser kan inte vara negativt."),
    "max_value": _("Antalet platser får vara högst 100 000."),
}
YEAR_MESSAGES = {
    "invalid": _("Ange året med fyra siffror, till exempel 2026."),
    "required": _("Ange år."),
}


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs) -> None:
        super().__init__(format="%Y-%m-%d", **kwargs)


def places_field(label: str, *, required: bool = False) -> SwedishIntegerField:
    return SwedishIntegerField(
        label=label,
        required=required,
        min_value=0,
        max_value=MAX_PLACES,
        error_messages=PLACES_MESSAGES,
        help_text=_("Heltal, 0 är tillåtet."),
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off"}),
    )


def year_field(**kwargs) -> SwedishIntegerField:
    return SwedishIntegerField(
        label=_("År"),
        validators=[years.validate_year],
        error_messages=YEAR_MESSAGES,
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off"}),
        **kwargs,
    )


class TargetFieldsMixin:
    """One places field per active category: ``places_<code>``, drawn as one fieldset.

    ``before`` and ``after`` name the form's other fields around the fieldset, in
    the order the page shows them.
    """

    targets_legend = _("Mål: antal personer per kategori")
    targets_intro = _(
        "Fyll i de kategorier som överenskommelsen gäller; lämna tomt om en kategori inte "
        "ingår. 0 är ett giltigt mål. En rad som börjar med ”varav” ingår i "
        "siffran ovanför och kan inte vara större än den."
    )

    def add_target_fields(
        self,
        categories,
        *,
        initial: dict[str, int] | None = None,
        before: tuple[str, ...] = (),
        after: tuple[str, ...] = (),
    ) -> None:
        self.categories = list(categories)
        for category in self.categories:
            field = places_field(data_label_html(category))
            if category.parent_id is not None:
                field.help_text = _("Heltal, 0 är tillåtet. Ingår i %(whole)s.") % {
                    "whole": data_label(category.parent)
                }
            self.fields[f"places_{category.code}"] = field
            if initial and category.code in initial:
                self.initial[f"places_{category.code}"] = initial[category.code]
        hidden = [name for name, f in self.fields.items() if f.widget.is_hidden]
        self.helper.layout = Layout(
            *hidden,
            *before,
            Fieldset(
                self.targets_legend,
                HTML(format_html('<p class="form-text">{}</p>', self.targets_intro)),
                *[f"places_{c.code}" for c in self.categories],
                css_class="targets-fieldset",
            ),
            *after,
        )

    def places_by_category(self) -> dict[TargetCategory, int]:
        return {
            c: self.cleaned_data[f"places_{c.code}"]
            for c in self.categories
            if self.cleaned_data.get(f"places_{c.code}") is not None
        }

    def check_parts(self) -> None:
        """A 'varav' figure (quota refugees) cannot exceed its whole (assigned)."""
        for category in self.categories:
            if category.parent_id is None:
                continue
            part = self.cleaned_data.get(f"places_{category.code}")
            whole = self.cleaned_data.get(f"places_{category.parent.code}")
            if part is not None and whole is not None and part > whole:
                self.add_error(
                    f"places_{category.code}",
                    _("Kan inte vara fler än %(whole)s (%(name)s).")
                    % {"whole": whole, "name": category.parent.name.lower()},
                )


class AgreementCreateForm(TargetFieldsMixin, BaseForm):
    submit_label = _("Registrera överenskommelsen")

    municipality = forms.ModelChoiceField(
        label=_("Kommun"), queryset=Municipality.objects.none(), empty_label=_("Välj kommun")
    )
    year = year_field()
    case_number = forms.CharField(label=_("Diarienummer"), max_length=40, required=False)
    valid_from = forms.DateField(
        label=_("Gäller från"),
        required=False,
        widget=DateInput(),
        help_text=_("Lämna tomt för 1 januari."),
    )
    valid_to = forms.DateField(
        label=_("Gäller till"),
        required=False,
        widget=DateInput(),
        help_text=_("Lämna tomt för 31 december."),
    )
    notes = forms.CharField(
        label=_("Anteckningar"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )

    def __init__(self, *args, municipalities, categories, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["municipality"].queryset = municipalities
        self.add_target_fields(
            categories,
            before=("municipality", "year", "case_number", "valid_from", "valid_to"),
            after=("notes",),
        )

    def clean(self):
        data = super().clean()
        year = data.get("year")
        municipality = data.get("municipality")
        if year:
            data["valid_from"] = data.get("valid_from") or datetime.date(year, 1, 1)
            data["valid_to"] = data.get("valid_to") or datetime.date(year, 12, 31)
            if data["valid_to"] < data["valid_from"]:
                self.add_error("valid_to", _("Slutdatumet kan inte vara före startdatumet."))
        existing = (
            Agreement.objects.filter(municipality=municipality, year=year).first()
            if year and municipality
            else None
        )
        if existing is not None:
            self.add_error("year", already_exists_message(existing))
        self.check_parts()
        return data


def already_exists_message(agreement: Agreement) -> str:
    """ "Already exists" with a link to the agreement that does (safe HTML)."""
    return format_html(
        '{} <a href="{}">{}</a>',
        _("%(municipality)s har redan en överenskommelse för %(year)s.")
        % {"municipality": agreement.municipality.name, "year": agreement.year},
        reverse("agreements:detail", kwargs={"pk": agreement.pk}),
        _("Öppna den överenskommelsen"),
    )


class VersionedForm(BaseForm):
    version = VersionField(min_value=1)


class AgreementEditForm(VersionedForm):
    submit_label = _("Spara ändringarna")

    case_number = forms.CharField(label=_("Diarienummer"), max_length=40, required=False)
    valid_from = forms.DateField(label=_("Gäller från"), widget=DateInput())
    valid_to = forms.DateField(label=_("Gäller till"), widget=DateInput())
    signed_on = forms.DateField(label=_("Undertecknad den"), required=False, widget=DateInput())
    notes = forms.CharField(
        label=_("Anteckningar"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    reason = forms.CharField(
        label=_("Skäl till ändringen"),
        required=False,
        max_length=500,
        help_text=_("Syns i historiken."),
    )

    def clean(self):
        data = super().clean()
        start, end = data.get("valid_from"), data.get("valid_to")
        if start and end and end < start:
            self.add_error("valid_to", _("Slutdatumet kan inte vara före startdatumet."))
        return data


class AgreementAmendForm(TargetFieldsMixin, VersionedForm):
    submit_label = _("Spara ändringen av målen")

    effective_from = forms.DateField(
        label=_("Gäller från"),
        widget=DateInput(),
        help_text=_("Från detta datum gäller de nya siffrorna; de tidigare sparas."),
    )
    reason = forms.CharField(
        label=_("Skäl"),
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 2}),
        error_messages={"required": _("Skriv varför målen ändras.")},
    )

    def __init__(self, *args, categories, current: dict[str, int], **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.add_target_fields(
            categories, initial=current, before=("effective_from",), after=("reason",)
        )

    def clean(self):
        data = super().clean()
        self.check_parts()
        return data


class StatusForm(forms.Form):
    status = forms.ChoiceField(choices=Agreement.Status.choices)
    version = VersionField(min_value=1)
    signed_on = forms.DateField(required=False)
    reason = forms.CharField(required=False, max_length=500)
    without_targets = forms.BooleanField(required=False)


SORTS = {
    "kommun": ("municipality__name", "-year"),
    "-kommun": ("-municipality__name", "-year"),
    "ar": ("year", "municipality__name"),
    "-ar": ("-year", "municipality__name"),
    "status": ("status", "municipality__name"),
    "-status": ("-status", "municipality__name"),
    "kommuntal": ("settlement_places", "municipality__name"),
    "-kommuntal": ("-settlement_places", "municipality__name"),
}


class AgreementFilterForm(forms.Form):
    year = forms.TypedChoiceField(label=_("År"), required=False, coerce=int, empty_value=None)
    status = forms.ChoiceField(
        label=_("Status"),
        required=False,
        choices=[("", _("Alla"))] + list(Agreement.Status.choices),
    )
    municipality = forms.ModelChoiceField(
        label=_("Kommun"),
        required=False,
        queryset=Municipality.objects.none(),
        empty_label=_("Alla"),
        to_field_name="code",
    )
    category = forms.ModelChoiceField(
        label=_("Har mål i kategori"),
        required=False,
        queryset=TargetCategory.objects.none(),
        empty_label=_("Alla"),
        to_field_name="code",
        widget=SwedishOptionsSelect,
    )
    sort = forms.ChoiceField(required=False, choices=[(k, k) for k in SORTS])

    def __init__(self, *args, municipalities, categories, years, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["municipality"].queryset = municipalities
        self.fields["category"].queryset = categories
        self.fields["year"].choices = [("", _("Alla"))] + [(y, str(y)) for y in years]


CONFIRM_BELOW_LABEL = _("Jag bekräftar att kommuntalen tillsammans får vara färre än länstalet")


def confirm_below_field() -> forms.BooleanField:
    """Drawn hidden until the service warns that the kommuntal add up to less than the
    länstal (``show_confirm_below``); then a checkbox that must be ticked to save."""
    return forms.BooleanField(label=CONFIRM_BELOW_LABEL, required=False, widget=forms.HiddenInput)


def show_confirm_below(form: forms.Form) -> None:
    form.fields["confirm_below"].widget = forms.CheckboxInput()


class CountyQuotaForm(VersionedForm):
    """A decision on the länstal: the first of the year, or a revision from a later date."""

    submit_label = _("Spara beslutet")

    places = places_field(_("Länstal (antal personer)"), required=True)
    effective_from = forms.DateField(
        label=_("Gäller från"),
        widget=DateInput(),
        help_text=_(
            "1 januari för årets första beslut. Ett senare datum är en ändring under året; "
            "de tidigare besluten sparas."
        ),
        error_messages={"required": _("Ange från vilket datum beslutet gäller.")},
    )
    decision_reference = forms.CharField(
        label=_("Beslut (SFS-nummer)"),
        max_length=120,
        required=False,
        help_text=_("Förordningens nummer, till exempel SFS 2024:480."),
    )
    decision_date = forms.DateField(label=_("Beslutsdatum"), required=False, widget=DateInput())
    notes = forms.CharField(
        label=_("Anteckningar"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    confirm_below = confirm_below_field()

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["version"].min_value = 0
        self.fields["version"].validators = []


class AllocationForm(forms.Form):
    """One field per municipality of the county: ``m_<code>``; versions in ``v_<code>``."""

    effective_from = forms.DateField(
        label=_("Ändrade kommuntal gäller från"),
        widget=DateInput(),
    )
    reason = forms.CharField(
        label=_("Skäl till ändringen"),
        required=False,
        max_length=500,
        help_text=_("Krävs när ett redan beslutat kommuntal ändras. Syns i historiken."),
    )
    decision_reference = forms.CharField(
        label=_("Diarienummer för beslutet"),
        max_length=60,
        required=False,
        help_text=_("Länsstyrelsens beslut om kommuntal, till exempel 851-12345-2025."),
    )
    decision_date = forms.DateField(
        label=_("Beslutsdatum"),
        required=False,
        widget=DateInput(),
        help_text=_("Lämna tomt för i dag."),
    )
    confirm_below = confirm_below_field()

    def __init__(self, *args, rows, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.rows = rows
        for row in rows:
            field = places_field(row.municipality.name)
            field.help_text = ""
            field.widget.attrs["class"] = "form-control allocation-input num"
            self.fields[f"m_{row.municipality.code}"] = field
            self.initial[f"m_{row.municipality.code}"] = row.places
            # Every row shown carries a version, 0 for "no agreement yet": two people
            # saving a municipality without one must not both create it silently.
            self.fields[f"v_{row.municipality.code}"] = VersionField()
            self.initial[f"v_{row.municipality.code}"] = (
                row.agreement.version if row.agreement is not None else 0
            )

    def bound_rows(self):
        for row in self.rows:
            yield row, self[f"m_{row.municipality.code}"]

    def places_by_municipality(self) -> dict[Municipality, int]:
        return {
            row.municipality: self.cleaned_data[f"m_{row.municipality.code}"]
            for row in self.rows
            if self.cleaned_data.get(f"m_{row.municipality.code}") is not None
        }

    def expected_versions(self) -> dict[int, int]:
        """{agreement id: version the editor saw} (0 if they saw no agreement: stale)."""
        return {
            row.agreement.pk: self.cleaned_data[f"v_{row.municipality.code}"]
            for row in self.rows
            if row.agreement is not None
        }

    def expected_absent(self) -> list[int]:
        """Ids of the municipalities shown (and still) without an agreement."""
        return [
            row.municipality.pk
            for row in self.rows
            if row.agreement is None and self.cleaned_data[f"v_{row.municipality.code}"] == 0
        ]


class ImportForm(BaseForm):
    submit_label = _("Förhandsgranska")

    file = forms.FileField(
        label=_("Fil med kommuntal (CSV eller XLSX)"),
        help_text=_(
            "Första raden: Kommunkod (eller Kommun) och Antal. I Excel läses bladet "
            "Kommuntal, annars det första bladet."
        ),
        error_messages={"required": _("Välj en fil.")},
    )


class PacePlanForm(VersionedForm):
    """Twelve monthly counts of planned receptions (e.g. Migrationsverket's årsplanering)."""

    submit_label = _("Spara planen")

    source = forms.CharField(
        label=_("Källa"),
        max_length=200,
        required=False,
        help_text=_("Till exempel Migrationsverkets årsplanering och dess datum."),
    )

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["version"].min_value = 0
        self.fields["version"].validators = []
        for number, name in enumerate(PLAN_MONTHS, start=1):
            field = places_field(capfirst(name), required=True)
            field.help_text = ""
            field.widget.attrs["size"] = 6
            field.error_messages = {
                "required": _("Ange antalet för %(month)s (0 om ingen).") % {"month": name},
                "invalid": _("Ange antalet personer som ett heltal, till exempel 12."),
                "min_value": _("Antalet kan inte vara negativt."),
                "max_value": _("Antalet får vara högst 100 000."),
            }
            self.fields[f"m{number:02d}"] = field
        months = [f"m{n:02d}" for n in range(1, 13)]
        self.order_fields([*months, "source", "version"])
        self.helper.layout = Layout(
            Fieldset(
                _("Planerat antal mottagna per månad"),
                Div(*months, css_class="plan-months"),
            ),
            "source",
            "version",
        )

    def months(self) -> list[int]:
        return [self.cleaned_data[f"m{n:02d}"] for n in range(1, 13)]

    @staticmethod
    def initial_for(plan) -> dict:
        if plan is None:
            return {"version": 0}
        initial = {f"m{n:02d}": count for n, count in enumerate(plan.months, start=1)}
        return initial | {"source": plan.source, "version": plan.version}
