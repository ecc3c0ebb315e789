from __future__ import annotations

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from core.forms import BaseForm, OnceTokenField, VersionField
from core.models import County, Municipality

from .markup import refused_links
from .models import Contact, PageBlock, Topic, Unit
from .phone import format_phone, normalise_phone


class ContactForm(BaseForm):
    """Create or edit a contact. ``version`` guards against overwriting someone else's save."""

    name = forms.CharField(label=_("Namn"), max_length=150)
    title = forms.CharField(
        label=_("Titel"), max_length=150, help_text=_("Till exempel Integrationsutvecklare.")
    )
    unit = forms.ModelChoiceField(
        label=_("Enhet"), queryset=Unit.objects.none(), required=False, empty_label="—"
    )
    new_unit_name = forms.CharField(
        label=_("Eller ny enhet"),
        max_length=150,
        required=False,
        help_text=_("Fyll i om enheten inte finns i listan."),
    )
    email = forms.EmailField(
        label=_("E-postadress"),
        max_length=254,
        error_messages={"invalid": _("Ange en e-postadress som namn@lansstyrelsen.se.")},
    )
    phone = forms.CharField(
        label=_("Telefon"),
        max_length=30,
        help_text=_("Med riktnummer, till exempel 010-223 62 09 eller +46 10 223 62 09."),
    )
    municipalities = forms.ModelMultipleChoiceField(
        label=_("Ansvarar för kommunerna"),
        queryset=Municipality.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Välj ingen kommun om personen ansvarar för hela länet."),
    )
    topics = forms.ModelMultipleChoiceField(
        label=_("Ansvarar för ämnena"),
        queryset=Topic.objects.all(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    published = forms.BooleanField(label=_("Visa på den publika kontaktsidan"), required=False)
    version = VersionField(required=False)

    def __init__(self, *args, county: County, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = Unit.objects.filter(county=county)
        self.fields["municipalities"].queryset = Municipality.objects.filter(county=county)

    @classmethod
    def initial_for(cls, contact: Contact) -> dict:
        return {
            "name": contact.name,
            "title": contact.title,
            "unit": contact.unit_id,
            "email": contact.email,
            "phone": format_phone(contact.phone),
            "municipalities": list(contact.municipalities.all()),
            "topics": list(contact.topics.all()),
            "published": contact.published,
            "version": contact.version,
        }

    def clean_name(self) -> str:
        return " ".join(self.cleaned_data["name"].split())

    def clean_email(self) -> str:
        return self.cleaned_data["email"].strip().lower()

    def clean_phone(self) -> str:
        return normalise_phone(self.cleaned_data["phone"])

    def clean(self) -> dict:
        data = super().clean()
        if not data.get("unit") and not (data.get("new_unit_name") or "").strip():
            self.add_error("unit", _("Välj en enhet eller skriv namnet på en ny."))
        return data


class ContactCreateForm(ContactForm):
    """A new contact: the one-time token makes a double-clicked form create one contact."""

    form_token = OnceTokenField()


class PageBlockForm(BaseForm):
    heading = forms.CharField(label=_("Rubrik"), max_length=200)
    body = forms.CharField(
        label=_("Text"),
        widget=forms.Textarea(attrs={"rows": 12}),
        help_text=_(
            "Vanlig text. Tom rad ger nytt stycke. Rader som börjar med ”- ” blir en "
            "punktlista. **fet stil** blir fet. [länktext](https://adress) blir en länk. "
            "HTML visas som text."
        ),
    )
    key = forms.SlugField(
        label=_("Kortnamn"),
        max_length=60,
        help_text=_("Små bokstäver, siffror och bindestreck, till exempel ”uppdraget”."),
    )
    order = forms.IntegerField(
        label=_("Ordning"), min_value=0, max_value=10000, initial=10,
        help_text=_("Lägre tal visas högre upp på sidan."),
    )  # fmt: skip
    published = forms.BooleanField(
        label=_("Visa på integrationssidan"), required=False, initial=True
    )
    version = VersionField(required=False)

    @classmethod
    def initial_for(cls, block: PageBlock) -> dict:
        return {
            "heading": block.heading,
            "body": block.body,
            "key": block.key,
            "order": block.order,
            "published": block.published,
            "version": block.version,
        }

    def clean_body(self) -> str:
        body = self.cleaned_data["body"].strip()
        if not body:
            raise ValidationError(_("Skriv en text."))
        refused = refused_links(body)
        if refused:
            raise ValidationError(
                _(
                    "Länken ”%(target)s” går inte att använda. En länk börjar med https://, "
                    "http:// eller mailto:, eller är en sökväg på den här webbplatsen som "
                    "börjar med ett enda snedstreck, till exempel /kontakt/."
                )
                % {"target": refused[0]}
            )
        return body
