"""Surveys as data: a year's survey with sections and questions, opened to municipalities
in a campaign; each municipality's response with its answers."""

from __future__ import annotations

import datetime

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from core.models import County, Municipality
from reception.models import EDITABLE, ReminderKind, Reviewable


class SurveyKind(models.TextChoices):
    SO = "so", _("Samhällsorienteringsenkäten")
    LAGESBILD = "lagesbild", _("Lägesbild")


class Survey(models.Model):
    """One version of a survey for one year. County-wide when ``county`` is set, national
    otherwise. Once a municipality has answered, its questions no longer change: staff
    make a new version instead."""

    kind = models.CharField(_("enkät"), max_length=16, choices=SurveyKind.choices)
    year = models.PositiveSmallIntegerField(_("år"))
    version = models.PositiveSmallIntegerField(_("version"), default=1)
    title = models.CharField(_("rubrik"), max_length=200)
    intro = models.TextField(_("inledning"), blank=True)
    county = models.ForeignKey(
        County,
        verbose_name=_("län"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
        help_text=_("Tomt för en nationell enkät."),
    )
    copied_from = models.ForeignKey(
        "self",
        verbose_name=_("kopierad från"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    created_at = models.DateTimeField(_("skapad"), auto_now_add=True)
    #: Bumped on every change to its sections and questions (optimistic locking: ``version``
    #: is the survey's version of the year, so the edit forms carry this instead).
    revision = models.PositiveIntegerField(_("ändringsnummer"), default=1)

    class Meta:
        ordering = ["-year", "kind", "-version"]
        verbose_name = _("enkät")
        verbose_name_plural = _("enkäter")
        constraints = [
            # Two partial constraints, not nulls_distinct=False: SQLite has no such option.
            models.UniqueConstraint(
                fields=["kind", "year", "version", "county"],
                condition=Q(county__isnull=False),
                name="survey_version_once_per_county",
            ),
            models.UniqueConstraint(
                fields=["kind", "year", "version"],
                condition=Q(county__isnull=True),
                name="survey_version_once_national",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.title} {self.year}"

    @property
    def is_national(self) -> bool:
        return self.county_id is None

    def has_answers(self) -> bool:
        return Answer.objects.filter(question__section__survey=self).exists()


class Section(models.Model):
    survey = models.ForeignKey(
        Survey, verbose_name=_("enkät"), on_delete=models.CASCADE, related_name="sections"
    )
    order = models.PositiveSmallIntegerField(_("ordning"))
    title = models.CharField(_("rubrik"), max_length=200)

    class Meta:
        ordering = ["survey", "order"]
        verbose_name = _("avsnitt")
        verbose_name_plural = _("avsnitt")
        constraints = [
            models.UniqueConstraint(fields=["survey", "order"], name="section_order_unique"),
        ]

    def __str__(self) -> str:
        return self.title


class QuestionKind(models.TextChoices):
    NUMBER = "number", _("Heltal")
    NUMBER_SPLIT = "number_split", _("Heltal, varav kvinnor och män")
    SINGLE = "single", _("Ett svarsalternativ")
    MULTIPLE = "multiple", _("Flera svarsalternativ")
    RATING = "rating", _("Påstående att instämma i")
    TEXT = "text", _("Fritext")


#: The five steps of a rated statement, then "don't know" (Lägesbild's scale).
RATING_STEPS = (
    "Instämmer helt",
    "Instämmer delvis",
    "Instämmer varken eller",
    "Instämmer i liten grad",
    "Instämmer inte alls",
    "Vet ej",
)


class Question(models.Model):
    section = models.ForeignKey(
        Section, verbose_name=_("avsnitt"), on_delete=models.CASCADE, related_name="questions"
    )
    order = models.PositiveSmallIntegerField(_("ordning"))
    #: Stable from year to year: last year's answers are shown beside this year's by it.
    code = models.SlugField(_("kod"), max_length=60)
    text = models.TextField(_("fråga"))
    help_text = models.TextField(_("hjälptext"), blank=True)
    kind = models.CharField(_("typ"), max_length=16, choices=QuestionKind.choices)
    #: The options of a single or multiple choice (Swedish texts, stored as answered).
    choices = models.JSONField(_("svarsalternativ"), default=list, blank=True)
    required = models.BooleanField(_("obligatorisk"), default=True)
    #: A rated statement may carry a comment.
    allows_comment = models.BooleanField(_("kommentar tillåten"), default=False)
    condition_question = models.ForeignKey(
        "self",
        verbose_name=_("visas bara om frågan"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="dependants",
    )
    condition_value = models.CharField(_("har svaret"), max_length=200, blank=True)

    class Meta:
        ordering = ["section__order", "order"]
        verbose_name = _("fråga")
        verbose_name_plural = _("frågor")
        constraints = [
            models.UniqueConstraint(fields=["section", "order"], name="question_order_unique"),
        ]

    def __str__(self) -> str:
        return self.text

    @property
    def options(self) -> tuple[str, ...]:
        if self.kind == QuestionKind.RATING:
            return RATING_STEPS
        return tuple(self.choices)


class LatePolicy(models.TextChoices):
    ALLOW = "allow", _("Tillåt svar efter sista dag (markeras som sena)")
    REFUSE = "refuse", _("Ta inte emot svar efter sista dag")


class CampaignQuerySet(models.QuerySet):
    def for_municipality(self, municipality: Municipality) -> CampaignQuerySet:
        return self.filter(Q(county_id=municipality.county_id) | Q(county__isnull=True))

    def open_on(self, day: datetime.date) -> CampaignQuerySet:
        return self.filter(opens__lte=day)


class Campaign(models.Model):
    """A survey opened to every municipality of a county (or of the country)."""

    survey = models.ForeignKey(
        Survey, verbose_name=_("enkät"), on_delete=models.PROTECT, related_name="campaigns"
    )
    county = models.ForeignKey(
        County,
        verbose_name=_("län"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
        help_text=_("Tomt: alla kommuner i landet."),
    )
    opens = models.DateField(_("öppnar"))
    deadline = models.DateField(_("sista dag att svara"))
    late_policy = models.CharField(
        _("svar efter sista dag"),
        max_length=16,
        choices=LatePolicy.choices,
        default=LatePolicy.ALLOW,
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("öppnad av"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    created_at = models.DateTimeField(_("skapad"), auto_now_add=True)

    objects = CampaignQuerySet.as_manager()

    class Meta:
        ordering = ["-survey__year", "survey__kind"]
        verbose_name = _("enkätomgång")
        verbose_name_plural = _("enkätomgångar")
        constraints = [
            models.UniqueConstraint(
                fields=["survey", "county"],
                condition=Q(county__isnull=False),
                name="campaign_once_per_county",
            ),
            models.UniqueConstraint(
                fields=["survey"], condition=Q(county__isnull=True), name="campaign_once_national"
            ),
            models.CheckConstraint(
                condition=Q(deadline__gte=models.F("opens")), name="campaign_order"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.survey} ({self.county or _('hela landet')})"

    def municipalities(self):
        if self.county_id is None:
            return Municipality.objects.all()
        return Municipality.objects.filter(county_id=self.county_id)

    def is_overdue(self, today: datetime.date) -> bool:
        return self.deadline < today


class Response(Reviewable):
    """One municipality's answers to one campaign; the review flow of reception
    (``reception.workflow``) moves its status."""

    campaign = models.ForeignKey(
        Campaign, verbose_name=_("enkätomgång"), on_delete=models.PROTECT, related_name="responses"
    )
    municipality = models.ForeignKey(
        Municipality, verbose_name=_("kommun"), on_delete=models.PROTECT, related_name="+"
    )
    #: Civic orientation run jointly: the responsible municipality's response answers for
    #: this one too.
    covered_by = models.ForeignKey(
        "self",
        verbose_name=_("besvaras av"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="covers",
    )
    late = models.BooleanField(_("sent inskickad"), default=False)
    created_at = models.DateTimeField(_("skapad"), auto_now_add=True)
    updated_at = models.DateTimeField(_("ändrad"), auto_now=True)

    history = HistoricalRecords(excluded_fields=["updated_at"])

    class Meta:
        ordering = ["municipality__name"]
        verbose_name = _("enkätsvar")
        verbose_name_plural = _("enkätsvar")
        constraints = [
            models.UniqueConstraint(
                fields=["campaign", "municipality"], name="response_one_per_municipality"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.municipality} {self.campaign}"

    @property
    def is_editable(self) -> bool:
        return self.status in EDITABLE and self.covered_by_id is None

    @property
    def receipt_number(self) -> str:
        return f"{self.municipality.code}-{self.campaign.survey.kind}-{self.pk}-{self.version}"


class Answer(models.Model):
    """One question's answer (aggregate figures and the municipality's own words only)."""

    response = models.ForeignKey(
        Response, verbose_name=_("enkätsvar"), on_delete=models.CASCADE, related_name="answers"
    )
    question = models.ForeignKey(
        Question, verbose_name=_("fråga"), on_delete=models.PROTECT, related_name="answers"
    )
    number = models.PositiveIntegerField(_("antal"), null=True, blank=True)
    women = models.PositiveIntegerField(_("varav kvinnor"), null=True, blank=True)
    men = models.PositiveIntegerField(_("varav män"), null=True, blank=True)
    choice = models.CharField(_("svar"), max_length=200, blank=True)
    choices = models.JSONField(_("svar"), default=list, blank=True)
    text = models.TextField(_("text"), blank=True)
    comment = models.TextField(_("kommentar"), blank=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["question__section__order", "question__order"]
        verbose_name = _("svar")
        verbose_name_plural = _("svar")
        constraints = [
            models.UniqueConstraint(fields=["response", "question"], name="answer_once"),
        ]

    def __str__(self) -> str:
        return f"{self.question.code}: {self.display}"

    @property
    def is_empty(self) -> bool:
        return (
            self.number is None and not self.choice and not self.choices and not self.text.strip()
        )

    @property
    def display(self) -> str:
        if self.number is not None:
            if self.women is not None or self.men is not None:
                return f"{self.number} ({self.women or 0} / {self.men or 0})"
            return str(self.number)
        if self.choices:
            return ", ".join(self.choices)
        return self.choice or self.text


class SurveyReminder(models.Model):
    """A survey reminder already e-mailed; the unique constraint makes sending idempotent
    (as reception's ``SentReminder`` does for follow-up periods)."""

    campaign = models.ForeignKey(Campaign, on_delete=models.CASCADE, related_name="+")
    municipality = models.ForeignKey(Municipality, on_delete=models.CASCADE, related_name="+")
    kind = models.CharField(max_length=16, choices=ReminderKind.choices)
    sent_at = models.DateTimeField(auto_now_add=True)
    recipients = models.TextField(blank=True)

    class Meta:
        verbose_name = _("skickad enkätpåminnelse")
        verbose_name_plural = _("skickade enkätpåminnelser")
        constraints = [
            models.UniqueConstraint(
                fields=["campaign", "municipality", "kind"], name="survey_reminder_sent_once"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.municipality} {self.campaign} {self.kind}"
