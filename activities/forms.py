from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from activities.models import Activity, ActivityKind, Language, Organisation
from activities.rules import (
    COURSE_CODES,
    OUTCOMES,
    SEXES,
    civic_hours_error,
    normalise_org_number,
    org_number_error,
)
from activities.services import SFI_DERIVED, report_errors, sfi_totals
from core.forms import (
    BaseForm,
    BaseModelForm,
    OnceTokenField,
    SwedishIntegerField,
    VersionField,
    parse_whole_number,
)
from core.models import County, Municipality
from reception.forms import NUMBER_ERRORS
from reception.models import ReportStatus

COUNT_ERRORS = {**NUMBER_ERRORS, "required": _("Fyll i antalet. Skriv 0 om det inte var någon.")}
OUTCOME_LABELS = {
    "completed": _("Slutförde"),
    "dropped": _("Avbröt"),
    "continuing": _("Fortsätter"),
}
SEX_LABELS = {"women": _("kvinnor"), "men": _("män")}
#: The SFI totals shown read-only, summed from the course cells.
DERIVED_LABELS = {
    "women": _("Deltagare, kvinnor"),
    "men": _("Deltagare, män"),
    "completed": _("Slutförde"),
    "dropped": _("Avbröt"),
}


def count_field(label, *, required: bool = True, help_text: str = "") -> SwedishIntegerField:
    return SwedishIntegerField(
        label=label,
        required=required,
        min_value=0,
        max_value=100_000,
        help_text=help_text,
        error_messages=COUNT_ERRORS,
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off"}),
    )


class OrganisationForm(BaseModelForm):
    submit_label = _("Spara organisationen")
    version = VersionField(initial=0)
    website = forms.URLField(
        label=_("Webbplats"),
        required=False,
        assume_scheme="https",
        error_messages={"invalid": _("Skriv en webbadress, till exempel https://exempel.se.")},
    )

    class Meta:
        model = Organisation
        fields = [
            "name",
            "kind",
            "org_number",
            "contact_name",
            "email",
            "phone",
            "website",
            "address",
        ]
        error_messages = {
            "name": {"required": _("Skriv organisationens namn.")},
            "kind": {"required": _("Välj vilken typ av organisation det är.")},
            "email": {"invalid": _("Skriv en e-postadress, till exempel namn@exempel.se.")},
        }

    def clean_org_number(self) -> str:
        value = normalise_org_number(self.cleaned_data.get("org_number", ""))
        if value:
            error = org_number_error(value)
            if error:
                raise forms.ValidationError(error)
        return value


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs) -> None:
        super().__init__(format="%Y-%m-%d", **kwargs)


class ActivityForm(BaseModelForm):
    submit_label = _("Spara aktiviteten")
    version = VersionField(initial=0)
    places = count_field(_("Antal platser"))
    hours = count_field(
        _("Antal timmar"),
        required=False,
        help_text=_("Samhällsorientering ska vara minst 100 timmar."),
    )

    class Meta:
        model = Activity
        fields = [
            "kind",
            "title",
            "description",
            "organisation",
            "municipalities",
            "languages",
            "mother_tongue",
            "delivery",
            "study_form",
            "start",
            "end",
            "places",
            "hours",
            "location",
            "contact_name",
            "contact_email",
            "contact_phone",
            "published",
        ]
        widgets = {
            "municipalities": forms.CheckboxSelectMultiple,
            "languages": forms.CheckboxSelectMultiple,
            "start": DateInput(),
            "end": DateInput(),
            "description": forms.Textarea(attrs={"rows": 3}),
        }
        error_messages = {
            "kind": {"required": _("Välj typ av aktivitet.")},
            "title": {"required": _("Skriv en rubrik.")},
            "organisation": {"required": _("Välj ansvarig organisation.")},
            "municipalities": {"required": _("Välj minst en kommun som aktiviteten är till för.")},
            "languages": {"required": _("Välj minst ett undervisningsspråk.")},
            "delivery": {"required": _("Välj hur aktiviteten genomförs.")},
            "study_form": {"required": _("Välj studietakt.")},
            "start": {
                "required": _("Skriv startdatum."),
                "invalid": _("Skriv datumet som år-månad-dag, till exempel 2026-08-17."),
            },
            "end": {
                "required": _("Skriv slutdatum."),
                "invalid": _("Skriv datumet som år-månad-dag, till exempel 2026-08-17."),
            },
            "location": {"required": _("Skriv var aktiviteten hålls.")},
            "contact_name": {"required": _("Skriv vem man kontaktar.")},
        }

    def __init__(self, *args, county: County, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["organisation"].queryset = Organisation.objects.filter(county=county)
        self.fields["municipalities"].queryset = Municipality.objects.in_county(county).order_by(
            "name"
        )
        self.fields["languages"].queryset = Language.objects.all()

    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("start"), cleaned.get("end")
        if start and end and end < start and "end" not in self.errors:
            self.add_error("end", _("Slutdatum kan inte vara före startdatum."))
        if cleaned.get("kind") == ActivityKind.CIVIC and "hours" not in self.errors:
            error = civic_hours_error(cleaned.get("hours"))
            if error:
                self.add_error("hours", error)
        return cleaned

    def _post_clean(self) -> None:
        # The rules above give the messages; the model's clean() would repeat them.
        pass


class ActivityCreateForm(ActivityForm):
    """A new activity: the one-time token makes a double-clicked form create one."""

    form_token = OnceTokenField()


class ActivityReportForm(BaseForm):
    """Participants of one municipality in one activity for a period; SFI adds course rows."""

    submit_label = None
    women = count_field(_("Deltagare, kvinnor"))
    men = count_field(_("Deltagare, män"))
    first_time = count_field(
        _("Började för första gången"),
        help_text=_("Deltagare som började under perioden och inte har gått kursen förut."),
    )
    completed = count_field(_("Slutförde"))
    dropped = count_field(_("Avbröt"))
    comment = forms.CharField(
        label=_("Kommentar"), required=False, max_length=4000, widget=forms.Textarea({"rows": 3})
    )
    version = VersionField()

    def __init__(self, *args, activity: Activity, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.activity = activity
        self.is_sfi = activity.kind == ActivityKind.SFI
        if self.is_sfi:
            # Participants and outcomes are the sums of the course cells (shown, never
            # typed): services.sfi_totals derives them on the server.
            for name in SFI_DERIVED:
                del self.fields[name]
            for code in COURSE_CODES:
                for outcome in OUTCOMES:
                    for sex in SEXES:
                        self.fields[f"{outcome}_{sex}_{code}"] = count_field(
                            f"{code}: {OUTCOME_LABELS[outcome]}, {SEX_LABELS[sex]}",
                            required=False,
                        )

    def course_rows(self) -> list[dict]:
        return [
            {
                "code": code,
                "fields": [
                    self[f"{outcome}_{sex}_{code}"] for outcome in OUTCOMES for sex in SEXES
                ],
            }
            for code in COURSE_CODES
        ]

    def figures(self) -> dict:
        return {
            k: self.cleaned_data.get(k)
            for k in ("women", "men", "first_time", "completed", "dropped")
            if k in self.fields
        }

    def derived_totals(self) -> list[dict]:
        """The SFI totals as the page shows them (read-only): from the cells as sent (a
        cell that is not a whole number counts as 0 until corrected) or as saved."""
        courses = {}
        for code in COURSE_CODES:
            values = {}
            for outcome in OUTCOMES:
                for sex in SEXES:
                    name = f"{outcome}_{sex}_{code}"
                    raw = self[name].value()
                    try:
                        number = int(parse_whole_number(raw)) if raw not in (None, "") else 0
                    except (TypeError, ValueError):
                        number = 0
                    values[f"{outcome}_{sex}"] = max(number, 0)
            courses[code] = values
        totals = sfi_totals(courses)
        return [
            {"key": key, "label": DERIVED_LABELS[key], "value": totals[key]} for key in SFI_DERIVED
        ]

    def courses(self) -> dict | None:
        if not self.is_sfi:
            return None
        return {
            code: {
                f"{o}_{s}": self.cleaned_data.get(f"{o}_{s}_{code}") or 0
                for o in OUTCOMES
                for s in SEXES
            }
            for code in COURSE_CODES
        }

    def clean(self):
        cleaned = super().clean()
        if self.errors:
            return cleaned
        errors = report_errors(
            activity=self.activity, figures=self.figures(), courses=self.courses()
        )
        for field, messages in errors.items():
            for message in messages:
                self.add_error(None if field == "__all__" else field, message)
        return cleaned


class ActivityFilterForm(forms.Form):
    """The staff list's filters (GET); every field is optional."""

    STATUS_CHOICES = [
        ("", _("Alla")),
        ("published", _("Publicerade")),
        ("unpublished", _("Inte publicerade")),
        ("current", _("Pågående eller kommande")),
        ("finished", _("Avslutade")),
        (ReportStatus.SUBMITTED.value, _("Har rapporter att granska")),
    ]
    typ = forms.ChoiceField(
        label=_("Typ"), required=False, choices=[("", _("Alla"))] + ActivityKind.choices
    )
    kommun = forms.ModelChoiceField(
        label=_("Kommun"),
        required=False,
        queryset=Municipality.objects.none(),
        to_field_name="code",
        empty_label=_("Alla"),
    )
    sprak = forms.ModelChoiceField(
        label=_("Språk"),
        required=False,
        queryset=Language.objects.all(),
        to_field_name="code",
        empty_label=_("Alla"),
    )
    organisation = forms.ModelChoiceField(
        label=_("Organisation"),
        required=False,
        queryset=Organisation.objects.none(),
        empty_label=_("Alla"),
    )
    status = forms.ChoiceField(label=_("Status"), required=False, choices=STATUS_CHOICES)

    def __init__(self, *args, county: County, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["kommun"].queryset = Municipality.objects.in_county(county).order_by("name")
        self.fields["organisation"].queryset = Organisation.objects.filter(county=county)
        for field in self.fields.values():
            field.widget.attrs["class"] = "form-select"


class PublicSearchForm(forms.Form):
    kommun = forms.ModelChoiceField(
        label=_("Kommun"),
        required=False,
        queryset=Municipality.objects.none(),
        to_field_name="code",
        empty_label=_("Alla kommuner"),
    )
    sprak = forms.ModelChoiceField(
        label=_("Språk"),
        required=False,
        queryset=Language.objects.all(),
        to_field_name="code",
        empty_label=_("Alla språk"),
    )

    def __init__(self, *args, municipalities, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["kommun"].queryset = municipalities
        for field in self.fields.values():
            field.widget.attrs["class"] = "form-select"
