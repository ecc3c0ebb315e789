from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from core.forms import (
    BaseForm,
    BaseModelForm,
    SwedishDecimalField,
    SwedishIntegerField,
    SwedishOptionsSelect,
    VersionField,
)

from .models import ReportingSettings
from .services import SPLIT_PARTS, figure_errors

NUMBER_ERRORS = {
    "invalid": _("Skriv ett heltal, till exempel 12 (inga decimaler eller bokstäver)."),
    "min_value": _("Antalet kan inte vara negativt."),
    "max_value": _("Antalet är orimligt stort. Kontrollera siffran."),
    "required": _("Fyll i antalet mottagna. Skriv 0 om ni inte tog emot någon."),
}
PART_LABELS = {"women": _("varav kvinnor"), "men": _("varav män"), "children": _("varav barn")}


def count_field(label, *, required: bool) -> SwedishIntegerField:
    return SwedishIntegerField(
        label=label,
        required=required,
        min_value=0,
        max_value=1_000_000,
        error_messages=NUMBER_ERRORS,
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off"}),
    )


class ReportForm(BaseForm):
    """Figures per active category; rendered by hand beside the target context."""

    submit_label = None
    self_settled = count_field(_("Egenbosatta under perioden"), required=False)
    comment = forms.CharField(
        label=_("Kommentar"),
        required=False,
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 4}),
    )
    version = VersionField()

    def __init__(self, *args, categories, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.categories = categories
        for category in categories:
            fields = {
                f"received_{category.code}": count_field(
                    _("Mottagna under perioden"), required=True
                )
            }
            if category.asks_for_split:
                for part in SPLIT_PARTS:
                    fields[f"{part}_{category.code}"] = count_field(
                        PART_LABELS[part], required=False
                    )
            for field in fields.values():
                # On the page the fields sit under the category's name (the fieldset's
                # legend); the error summary, out of that context, names it first.
                field.group_label = category.name
            self.fields.update(fields)
        self.fields["self_settled"].help_text = _(
            "Nyanlända som själva ordnat bostad i kommunen. Visas som sammanhang, räknas inte "
            "mot målet."
        )

    def figures(self) -> dict[str, dict[str, int | None]]:
        data = self.cleaned_data
        return {
            c.code: {
                "received": data.get(f"received_{c.code}"),
                **{p: data.get(f"{p}_{c.code}") for p in SPLIT_PARTS if c.asks_for_split},
            }
            for c in self.categories
        }

    def clean(self):
        cleaned = super().clean()
        if any(f"received_{c.code}" in self.errors for c in self.categories):
            return cleaned
        for field, messages in figure_errors(self.categories, self.figures()).items():
            if field not in self.errors:
                for message in messages:
                    self.add_error(field, message)
        return cleaned


class VersionForm(BaseForm):
    submit_label = None
    version = VersionField()


class SubmitForm(VersionForm):
    confirm = forms.BooleanField(
        label=_("Jag har kontrollerat varningarna och uppgifterna stämmer."), required=False
    )


class ReturnForm(VersionForm):
    message = forms.CharField(
        label=_("Meddelande till kommunen"),
        help_text=_("Skriv vad som behöver rättas. Meddelandet skickas med e-post."),
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={"required": _("Skriv vad kommunen behöver rätta.")},
    )


class ReopenForm(VersionForm):
    reason = forms.CharField(
        label=_("Skäl till att öppna rapporten igen"),
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": _("Skriv varför rapporten öppnas igen.")},
    )


class ReportingSettingsForm(BaseModelForm):
    submit_label = _("Spara inställningarna")
    version = VersionField()
    jump_factor = SwedishDecimalField(
        label=_("Varna vid ökning större än faktor"),
        min_value=1,
        max_digits=4,
        decimal_places=1,
        help_text=_("T.ex. 3 eller 2,5. Gäller ökningen från förra perioden."),
    )

    class Meta:
        model = ReportingSettings
        fields = ["frequency", "deadline_days", "reminder_days", "jump_factor"]


class OverviewFilterForm(forms.Form):
    """The county overview's filters and sorting (a GET form; bad values get a message)."""

    kategori = forms.ChoiceField(label=_("Kategori"), required=False, widget=SwedishOptionsSelect)
    status = forms.ChoiceField(label=_("Status senaste perioden"), required=False)
    lage = forms.ChoiceField(label=_("Läge mot målet"), required=False)
    sort = forms.ChoiceField(label=_("Sortering"), required=False)

    def __init__(self, *args, categories, statuses, paces, sorts, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["kategori"].choices = [(c.code, c.name) for c in categories]
        self.fields["status"].choices = [("", _("Alla"))] + list(statuses)
        self.fields["lage"].choices = [("", _("Alla"))] + list(paces)
        self.fields["sort"].choices = [(s, s) for s in sorts]
        for field in self.fields.values():
            field.widget.attrs["class"] = "form-select"
