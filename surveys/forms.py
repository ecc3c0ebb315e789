"""The surveys' forms: a part of the survey to answer, the submit step, staff's campaign
and copy forms."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from core import years
from core.forms import MAX_DB_INTEGER, BaseForm, SwedishIntegerField, VersionField

from .models import LatePolicy, Question, QuestionKind, Section, Survey

NUMBER_ERRORS = {
    "invalid": _("Skriv ett heltal, till exempel 12."),
    "min_value": _("Antalet kan inte vara negativt."),
    "max_value": _("Talet är för stort."),
}


def _count(label: str, help_text: str = "") -> SwedishIntegerField:
    return SwedishIntegerField(
        label=label,
        required=False,
        min_value=0,
        max_value=MAX_DB_INTEGER,
        help_text=help_text,
        error_messages=NUMBER_ERRORS,
    )


class SectionForm(BaseForm):
    """The questions of one section. Nothing is required here (a draft may be partial);
    required questions are checked when the response is handed in."""

    submit_label = None
    version = VersionField()

    def __init__(self, *args, questions: list[Question], **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.questions = questions
        for q in questions:
            name = f"q{q.pk}"
            if q.kind == QuestionKind.NUMBER:
                self.fields[name] = _count(q.text, q.help_text)
            elif q.kind == QuestionKind.NUMBER_SPLIT:
                self.fields[name] = _count(_("Totalt"))
                self.fields[f"{name}_women"] = _count(_("Varav kvinnor"))
                self.fields[f"{name}_men"] = _count(_("Varav män"))
            elif q.kind in (QuestionKind.SINGLE, QuestionKind.RATING):
                self.fields[name] = forms.ChoiceField(
                    label=q.text,
                    required=False,
                    choices=[(o, o) for o in q.options],
                    widget=forms.RadioSelect,
                    help_text=q.help_text,
                )
            elif q.kind == QuestionKind.MULTIPLE:
                self.fields[name] = forms.MultipleChoiceField(
                    label=q.text,
                    required=False,
                    choices=[(o, o) for o in q.options],
                    widget=forms.CheckboxSelectMultiple,
                    help_text=q.help_text,
                )
            else:
                self.fields[name] = forms.CharField(
                    label=q.text,
                    required=False,
                    max_length=4000,
                    widget=forms.Textarea(attrs={"rows": 4}),
                    help_text=q.help_text,
                )
            if q.allows_comment:
                self.fields[f"{name}_comment"] = forms.CharField(
                    label=_("Kommentar"), required=False, max_length=4000, widget=forms.Textarea
                )

    @staticmethod
    def initial_for(questions: list[Question], answers: dict) -> dict:
        initial: dict = {}
        for q in questions:
            answer = answers.get(q.pk)
            if answer is None:
                continue
            name = f"q{q.pk}"
            if q.kind in (QuestionKind.NUMBER, QuestionKind.NUMBER_SPLIT):
                initial[name] = answer.number
                initial[f"{name}_women"] = answer.women
                initial[f"{name}_men"] = answer.men
            elif q.kind == QuestionKind.MULTIPLE:
                initial[name] = answer.choices
            elif q.kind in (QuestionKind.SINGLE, QuestionKind.RATING):
                initial[name] = answer.choice
            else:
                initial[name] = answer.text
            initial[f"{name}_comment"] = answer.comment
        return initial

    def values(self) -> dict[int, dict]:
        """Per question id, the answer's fields for ``services.response_save``."""
        data = self.cleaned_data
        values: dict[int, dict] = {}
        for q in self.questions:
            name = f"q{q.pk}"
            vals: dict = {"comment": data.get(f"{name}_comment", "")}
            if q.kind in (QuestionKind.NUMBER, QuestionKind.NUMBER_SPLIT):
                vals["number"] = data.get(name)
                vals["women"] = data.get(f"{name}_women")
                vals["men"] = data.get(f"{name}_men")
            elif q.kind == QuestionKind.MULTIPLE:
                vals["choices"] = list(data.get(name) or [])
            elif q.kind in (QuestionKind.SINGLE, QuestionKind.RATING):
                vals["choice"] = data.get(name) or ""
            else:
                vals["text"] = data.get(name) or ""
            values[q.pk] = vals
        return values


class SubmitForm(BaseForm):
    submit_label = None
    version = VersionField()
    covers = forms.MultipleChoiceField(
        label=_("Svaret gäller även de här kommunerna"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_(
            "Bedrivs samhällsorienteringen gemensamt eller upphandlat och er kommun är "
            "ansvarig: välj de kommuner svaret gäller. De markeras som besvarade av er."
        ),
    )

    def __init__(self, *args, covers=None, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        if covers is None:
            del self.fields["covers"]
        else:
            self.fields["covers"].choices = [(m.code, m.name) for m in covers]


class CampaignForm(BaseForm):
    submit_label = _("Öppna enkäten")
    opens = forms.DateField(
        label=_("Öppnar"),
        help_text=_("Datum som 2026-10-01."),
        error_messages={"invalid": _("Skriv datumet som 2026-10-01.")},
    )
    deadline = forms.DateField(
        label=_("Sista dag att svara"),
        help_text=_("Datum som 2026-10-31."),
        error_messages={"invalid": _("Skriv datumet som 2026-10-31.")},
    )
    late_policy = forms.ChoiceField(
        label=_("Svar efter sista dag"),
        choices=LatePolicy.choices,
        initial=LatePolicy.ALLOW,
        widget=forms.RadioSelect,
    )


class CopyForm(BaseForm):
    submit_label = _("Skapa kopian")
    year = forms.IntegerField(
        label=_("År"),
        min_value=2000,
        max_value=2100,
        error_messages={"invalid": _("Skriv ett år, till exempel 2027.")},
    )

    def __init__(self, *args, survey: Survey, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["year"].initial = survey.year + 1

    def clean_year(self) -> int:
        year = self.cleaned_data["year"]
        years.validate_year(year)
        return year


class QuestionForm(BaseForm):
    """A question of a survey not yet answered: new (``kind`` chosen) or edited (its kind
    stays; options only for a choice question)."""

    submit_label = _("Spara frågan")
    version = VersionField(min_value=1)
    text = forms.CharField(
        label=_("Fråga"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": _("Skriv frågan.")},
    )
    help_text = forms.CharField(
        label=_("Hjälptext"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    kind = forms.ChoiceField(label=_("Frågetyp"), choices=QuestionKind.choices)
    options = forms.CharField(
        label=_("Svarsalternativ"),
        required=False,
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_("Ett svarsalternativ per rad. Bara för frågor med ett eller flera svar."),
    )
    required = forms.BooleanField(label=_("Obligatorisk"), required=False)
    section = forms.TypedChoiceField(
        label=_("Avsnitt"),
        coerce=int,
        required=False,
        empty_value=None,
        help_text=_("Byter du avsnitt hamnar frågan sist i det avsnittet."),
    )
    condition_question = forms.TypedChoiceField(
        label=_("Visa bara om frågan"),
        required=False,
        coerce=int,
        empty_value=None,
        help_text=_("Lämna tomt om frågan alltid ska visas."),
    )
    condition_value = forms.CharField(
        label=_("har svaret"),
        required=False,
        max_length=200,
        help_text=_("Skriv svarsalternativet precis som det står i den frågan, till exempel Ja."),
    )

    def __init__(
        self,
        *args,
        questions: list[Question],
        question: Question | None = None,
        sections: list[Section] | None = None,
        **kwargs,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.others = {q.pk: q for q in questions if question is None or q.pk != question.pk}
        self.fields["condition_question"].choices = [("", _("Ingen, visa alltid"))] + [
            (q.pk, f"{q.section.order}.{q.order} {q.text[:80]}") for q in self.others.values()
        ]
        self.sections = {s.pk: s for s in sections or []}
        if question is None or not self.sections:
            # A new question goes into the section it was added to (in the address).
            del self.fields["section"]
        else:
            self.fields["section"].choices = [
                (s.pk, f"{s.order}. {s.title}") for s in self.sections.values()
            ]
        if question is not None:
            del self.fields["kind"]
            if question.kind not in (QuestionKind.SINGLE, QuestionKind.MULTIPLE):
                del self.fields["options"]

    def clean_options(self) -> list[str]:
        lines = (self.cleaned_data.get("options") or "").splitlines()
        return [line.strip() for line in lines if line.strip()]

    def clean_condition_question(self) -> Question | None:
        pk = self.cleaned_data.get("condition_question")
        return None if pk is None else self.others[pk]

    def clean_section(self) -> Section | None:
        pk = self.cleaned_data.get("section")  # left out: the question stays where it is
        return None if pk is None else self.sections[pk]

    def clean_condition_value(self) -> str:
        return (self.cleaned_data.get("condition_value") or "").strip()

    def service_kwargs(self) -> dict:
        data = dict(self.cleaned_data)
        data["revision"] = data.pop("version")
        return data


class SectionTitleForm(BaseForm):
    submit_label = _("Spara avsnittet")
    version = VersionField(min_value=1)
    title = forms.CharField(
        label=_("Rubrik"),
        max_length=200,
        error_messages={"required": _("Skriv avsnittets rubrik.")},
    )


class QuestionRemoveForm(BaseForm):
    submit_label = _("Ta bort frågan")
    submit_css_class = "btn-danger"
    version = VersionField(min_value=1)


class SectionRemoveForm(BaseForm):
    submit_label = _("Ta bort avsnittet")
    submit_css_class = "btn-danger"
    version = VersionField(min_value=1)


class MoveForm(BaseForm):
    """The "Flytta upp"/"Flytta ned" buttons on the survey page: the survey's revision
    and the way to move (each button is its own small form, drawn in the template)."""

    submit_label = None
    version = VersionField(min_value=1)
    direction = forms.ChoiceField(
        choices=[("upp", _("Flytta upp")), ("ned", _("Flytta ned"))],
        widget=forms.HiddenInput,
        error_messages={
            "required": _("Välj att flytta upp eller ned."),
            "invalid_choice": _("Välj att flytta upp eller ned."),
        },
    )
