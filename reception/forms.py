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
from core.lang import data_label

from .models import ReportingSettings
from .services import SPLIT_PARTS, figure_errors

NUMBER_ERRORS = {
    "invalid": _("Skriv ett heltal, till exempel 12 (inga decimaler eller bokstäver)."),
    "min_value": _("Antalet kan inte vara negativt."),
    "max_value": _("Antalet är orimligt stort. Kontrollera siffran."),
    "required": _("Fyll i antalet mottagna. Skriv 0 om ni inte tog emot någon."),
}
PART_LABELS = {"women": _("varav kvinnor"), "men": _("varav män"), "children": _("varav barn")}
#: How the split counts (reception.services.split_errors checks exactly this).
PART_HELP = {
    "women": _("Flickor räknas med. Kvinnor + män = mottagna."),
    "men": _("Pojkar räknas med. Kvinnor + män = mottagna."),
    "children": _(
        "Under 18 år. Räknas också bland kvinnor och män; högst lika många som de mottagna."
    ),
}


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

    def __init__(self, *args, categories, previous_year: int | None = None, **kwargs) -> None:
        """``previous_year``: in the first months of a year (the overlap window), last year:
        the kommuntal categories then ask how many of the received count against it."""
        super().__init__(*args, **kwargs)
        self.categories = categories
        self.previous_year = previous_year
        for category in categories:
            fields = {
                f"received_{category.code}": count_field(
                    _("Mottagna under perioden"), required=True
                )
            }
            if previous_year is not None and category.is_settlement_quota:
                field = count_field(
                    _("Varav räknas mot kommuntalet %(year)s") % {"year": previous_year},
                    required=False,
                )
                field.help_text = _(
                    "Personer som anvisades under förra årets kommuntal och som ni tog emot "
                    "nu. De räknas mot %(year)s, inte mot i år. Lämna tomt om inga."
                ) % {"year": previous_year}
                fields[f"previous_year_{category.code}"] = field
            if category.asks_for_split:
                for part in SPLIT_PARTS:
                    fields[f"{part}_{category.code}"] = count_field(
                        PART_LABELS[part], required=False
                    )
                    fields[f"{part}_{category.code}"].help_text = PART_HELP[part]
            for field in fields.values():
                # On the page the fields sit under the category's name (the fieldset's
                # legend); the error summary, out of that context, names it first.
                field.group_label = category
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
                **(
                    {"previous_year": data.get(f"previous_year_{c.code}")}
                    if f"previous_year_{c.code}" in self.fields
                    else {}
                ),
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
        fields = ["frequency", "deadline_days", "reminder_days", "jump_factor", "overlap_months"]

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        # Left out (an older page), the county keeps the window it has.
        self.fields["overlap_months"].required = False


class OverviewFilterForm(forms.Form):
    """The county overview's filters and sorting (a GET form; bad values get a message)."""

    kategori = forms.ChoiceField(label=_("Kategori"), required=False, widget=SwedishOptionsSelect)
    status = forms.ChoiceField(label=_("Status senaste perioden"), required=False)
    lage = forms.ChoiceField(label=_("Läge mot målet"), required=False)
    sort = forms.ChoiceField(label=_("Sortering"), required=False)

    def __init__(self, *args, categories, statuses, paces, sorts, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["kategori"].choices = [(c.code, data_label(c)) for c in categories]
        self.fields["status"].choices = [("", _("Alla"))] + list(statuses)
        self.fields["lage"].choices = [("", _("Alla"))] + list(paces)
        self.fields["sort"].choices = [(s, s) for s in sorts]
        for field in self.fields.values():
            field.widget.attrs["class"] = "form-select"


class BulkApproveForm(BaseForm):
    """Which of the period's reports without warnings to approve at once. Each choice
    carries the version the reviewer saw ("id:version"), so a report that changed since
    is refused instead of approved unseen."""

    submit_label = _("Godkänn de valda rapporterna")

    reports = forms.MultipleChoiceField(
        label=_("Rapporter att godkänna"),
        widget=forms.CheckboxSelectMultiple(attrs={"class": "form-check-input"}),
        error_messages={"required": _("Välj minst en rapport att godkänna.")},
    )

    def __init__(self, *args, reports, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["reports"].choices = [
            (f"{r.pk}:{r.version}", r.municipality.name) for r in reports
        ]
        self.fields["reports"].initial = [f"{r.pk}:{r.version}" for r in reports]

    def versions(self) -> dict[int, int]:
        pairs = (value.split(":") for value in self.cleaned_data["reports"])
        return {int(pk): int(version) for pk, version in pairs}
