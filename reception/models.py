"""Follow-up reporting: periods, reports with per-category figures, reminders."""

from __future__ import annotations

import datetime

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.dates import MONTHS
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from agreements.models import TargetCategory
from core.models import County, Municipality


class Frequency(models.TextChoices):
    MONTHLY = "monthly", _("Månadsvis")
    QUARTERLY = "quarterly", _("Kvartalsvis")


class ReportingSettings(models.Model):
    """How one county collects follow-up reports. A county without a row uses the defaults."""

    county = models.OneToOneField(
        County,
        verbose_name=_("län"),
        on_delete=models.CASCADE,
        related_name="reporting_settings",
    )
    frequency = models.CharField(
        _("rapporteringsintervall"),
        max_length=16,
        choices=Frequency.choices,
        default=Frequency.MONTHLY,
        help_text=_("Gäller år som ännu inte har några rapportperioder."),
    )
    deadline_days = models.PositiveSmallIntegerField(
        _("dagar efter periodens slut till sista dag"),
        default=15,
        validators=[MaxValueValidator(90)],
    )
    reminder_days = models.PositiveSmallIntegerField(
        _("påminnelse antal dagar före sista dag"),
        default=5,
        validators=[MaxValueValidator(60)],
    )
    jump_factor = models.DecimalField(
        _("varna vid ökning större än faktor"),
        max_digits=4,
        decimal_places=1,
        default=3,
        validators=[MinValueValidator(1)],
        help_text=_(
            "Rapporteraren får en varning om antalet är mer än så många gånger förra perioden."
        ),
    )
    overlap_months = models.PositiveSmallIntegerField(
        _("månader då mottagna kan räknas mot förra årets kommuntal"),
        default=2,
        validators=[MaxValueValidator(6)],
        help_text=_(
            "Anvisade under förra årets kommuntal tas ofta emot i januari–februari och räknas "
            "då mot förra året. Under så många månader i början av året frågar rapporten hur "
            "många av de mottagna som räknas mot förra årets kommuntal. 0 = frågar aldrig."
        ),
    )
    version = models.PositiveIntegerField(default=1)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("rapporteringsinställning")
        verbose_name_plural = _("rapporteringsinställningar")

    def __str__(self) -> str:
        return str(self.county)

    @classmethod
    def for_county(cls, county: County) -> ReportingSettings:
        """The county's settings, or unsaved defaults at version 0 (the first save makes 1),
        so a form shown before the first save is stale once someone has saved."""
        found = cls.objects.filter(county=county).first()
        return found or cls(county=county, version=0)


class ReportingPeriod(models.Model):
    """A month or quarter a county's municipalities report for."""

    county = models.ForeignKey(
        County, verbose_name=_("län"), on_delete=models.CASCADE, related_name="reporting_periods"
    )
    frequency = models.CharField(_("intervall"), max_length=16, choices=Frequency.choices)
    year = models.PositiveSmallIntegerField(_("år"))
    number = models.PositiveSmallIntegerField(_("månad eller kvartal"))
    start = models.DateField(_("första dag"))
    end = models.DateField(_("sista dag"))
    deadline = models.DateField(_("sista dag att rapportera"))

    class Meta:
        ordering = ["county", "start"]
        verbose_name = _("rapportperiod")
        verbose_name_plural = _("rapportperioder")
        constraints = [
            models.UniqueConstraint(fields=["county", "start"], name="period_one_per_county_start"),
            models.CheckConstraint(condition=Q(end__gte=models.F("start")), name="period_order"),
        ]

    def __str__(self) -> str:
        return str(self.label)

    @property
    def label(self) -> str:
        if self.frequency == Frequency.QUARTERLY:
            return _("kvartal %(n)s %(year)s") % {"n": self.number, "year": self.year}
        return f"{MONTHS[self.number]} {self.year}"

    def is_future(self, today: datetime.date) -> bool:
        return self.start > today

    def in_overlap(self, overlap_months: int) -> bool:
        """Whether the period starts in the first ``overlap_months`` of its year, when people
        assigned under last year's kommuntal are still being received (and count there)."""
        return self.start.month <= overlap_months

    def is_overdue(self, today: datetime.date) -> bool:
        return self.deadline < today

    def has_ended(self, today: datetime.date) -> bool:
        """Whether the period is over, so a report for it can be handed in (not only saved)."""
        return self.end < today

    @property
    def submission_opens(self) -> datetime.date:
        """The first day a report for the period can be handed in."""
        return self.end + datetime.timedelta(days=1)


class ReportStatus(models.TextChoices):
    NOT_STARTED = "not_started", _("Ej påbörjad")
    DRAFT = "draft", _("Utkast")
    SUBMITTED = "submitted", _("Inskickad")
    RETURNED = "returned", _("Skickad tillbaka")
    APPROVED = "approved", _("Godkänd")
    REOPENED = "reopened", _("Öppnad igen")


#: Statuses in which the reporter may change the figures.
EDITABLE = frozenset({ReportStatus.DRAFT, ReportStatus.RETURNED, ReportStatus.REOPENED})
#: Statuses that count as "handed in" (no reminder, not overdue).
HANDED_IN = frozenset({ReportStatus.SUBMITTED, ReportStatus.APPROVED})


class Reviewable(models.Model):
    """What every report the county reviews has, whatever it reports: the status the
    review flow (``reception.workflow``) moves, who handed it in and who reviewed it and
    when, the latest message from staff, and a version a stale form is refused by. The
    follow-up report, the activity report and the survey response inherit it."""

    status = models.CharField(
        _("status"), max_length=16, choices=ReportStatus.choices, default=ReportStatus.DRAFT
    )
    #: The latest message from staff (on return or reopening), shown to the reporter.
    review_message = models.TextField(_("meddelande från länsstyrelsen"), blank=True)
    submitted_at = models.DateTimeField(_("inskickad"), null=True, blank=True)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("inskickad av"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    reviewed_at = models.DateTimeField(_("granskad"), null=True, blank=True)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("granskad av"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    #: Bumped on every change; a form posted with an older version is refused.
    version = models.PositiveIntegerField(_("version"), default=1)

    class Meta:
        abstract = True

    @property
    def is_editable(self) -> bool:
        return self.status in EDITABLE

    @property
    def is_handed_in(self) -> bool:
        return self.status in HANDED_IN


class FollowUpReport(Reviewable):
    """One municipality's follow-up figures for one period."""

    municipality = models.ForeignKey(
        Municipality, verbose_name=_("kommun"), on_delete=models.PROTECT, related_name="reports"
    )
    period = models.ForeignKey(
        ReportingPeriod, verbose_name=_("period"), on_delete=models.PROTECT, related_name="reports"
    )
    self_settled = models.PositiveIntegerField(
        _("egenbosatta"),
        null=True,
        blank=True,
        help_text=_("Nyanlända som själva ordnat bostad i kommunen under perioden (sammanhang)."),
    )
    comment = models.TextField(_("kommentar"), blank=True)
    #: Figures at the latest submission, so a resubmission can show what changed.
    submitted_figures = models.JSONField(_("uppgifter vid senaste inskickning"), default=dict)
    #: What changed between the two latest submissions (after a return), for the reviewer.
    resubmission_changes = models.JSONField(_("ändringar vid ny inskickning"), default=list)
    created_at = models.DateTimeField(_("skapad"), auto_now_add=True)
    updated_at = models.DateTimeField(_("ändrad"), auto_now=True)

    #: Its rows are the municipality's own (``core.dataversion``): a page about another
    #: municipality of the county never shows them, so saving one leaves that page cached.
    data_version_municipality = ("municipality",)

    history = HistoricalRecords(
        excluded_fields=["updated_at", "submitted_figures", "resubmission_changes"]
    )

    class Meta:
        ordering = ["-period__start", "municipality__name"]
        verbose_name = _("uppföljningsrapport")
        verbose_name_plural = _("uppföljningsrapporter")
        constraints = [
            models.UniqueConstraint(
                fields=["municipality", "period"], name="report_one_per_municipality_period"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.municipality} {self.period}"

    @property
    def receipt_number(self) -> str:
        return f"{self.municipality.code}-{self.period.start:%Y%m}-{self.pk}-{self.version}"


class ReportFigure(models.Model):
    """People received in the period for one category (aggregate counts only)."""

    report = models.ForeignKey(
        FollowUpReport, verbose_name=_("rapport"), on_delete=models.CASCADE, related_name="figures"
    )
    category = models.ForeignKey(
        TargetCategory, verbose_name=_("kategori"), on_delete=models.PROTECT, related_name="+"
    )
    received = models.PositiveIntegerField(_("mottagna"))
    women = models.PositiveIntegerField(_("varav kvinnor"), null=True, blank=True)
    men = models.PositiveIntegerField(_("varav män"), null=True, blank=True)
    children = models.PositiveIntegerField(_("varav barn"), null=True, blank=True)
    #: Of ``received``, people assigned under last year's kommuntal: they count against the
    #: year before (the settlement year is the year of the anvisning), never against this one.
    previous_year = models.PositiveIntegerField(_("varav mot förra årets kommuntal"), default=0)

    #: Its rows are the municipality's own (``core.dataversion``): a page about another
    #: municipality of the county never shows them, so saving one leaves that page cached.
    data_version_municipality = ("report", "municipality")

    history = HistoricalRecords()

    class Meta:
        ordering = ["category__order"]
        verbose_name = _("uppgift")
        verbose_name_plural = _("uppgifter")
        constraints = [
            models.UniqueConstraint(
                fields=["report", "category"], name="figure_one_per_report_category"
            ),
            models.CheckConstraint(
                condition=Q(previous_year__lte=models.F("received")),
                name="figure_previous_year_within_received",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.category}: {self.received}"


class ReminderKind(models.TextChoices):
    BEFORE = "before", _("Påminnelse före sista dag")
    OVERDUE = "overdue", _("Försenad rapport")


class SentReminder(models.Model):
    """A reminder already e-mailed; the unique constraint makes sending idempotent."""

    municipality = models.ForeignKey(Municipality, on_delete=models.CASCADE, related_name="+")
    period = models.ForeignKey(ReportingPeriod, on_delete=models.CASCADE, related_name="+")
    kind = models.CharField(max_length=16, choices=ReminderKind.choices)
    sent_at = models.DateTimeField(auto_now_add=True)
    recipients = models.TextField(blank=True)

    #: Its rows are the municipality's own (``core.dataversion``): a page about another
    #: municipality of the county never shows them, so saving one leaves that page cached.
    data_version_municipality = ("municipality",)

    class Meta:
        verbose_name = _("skickad påminnelse")
        verbose_name_plural = _("skickade påminnelser")
        constraints = [
            models.UniqueConstraint(
                fields=["municipality", "period", "kind"], name="reminder_sent_once"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.municipality} {self.period} {self.kind}"


class OfficialPublication(models.Model):
    """One monthly publication of Migrationsverket's "Kommunmottagande med kommuntal <år>",
    imported by a county's staff for the municipalities of their county."""

    county = models.ForeignKey(
        County, verbose_name=_("län"), on_delete=models.CASCADE, related_name="+"
    )
    year = models.PositiveSmallIntegerField(_("år"))
    through_month = models.PositiveSmallIntegerField(
        _("uppgifterna gäller till och med månad"),
        validators=[MinValueValidator(1), MaxValueValidator(12)],
    )
    published_on = models.DateField(_("publicerad"))
    file_name = models.CharField(_("fil"), max_length=200, blank=True)
    imported_at = models.DateTimeField(_("inläst"), auto_now_add=True)
    imported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("inläst av"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )

    class Meta:
        ordering = ["county", "year", "through_month", "published_on"]
        verbose_name = _("publicering från Migrationsverket")
        verbose_name_plural = _("publiceringar från Migrationsverket")
        constraints = [
            models.UniqueConstraint(
                fields=["county", "year", "through_month", "published_on"],
                name="official_publication_once",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.county} {self.year} t.o.m. {self.through_month} ({self.published_on})"


class OfficialFigure(models.Model):
    """Year to date for one municipality in one publication. A masked value ("..": fewer
    than 6) is kept as masked, never as 0."""

    publication = models.ForeignKey(
        OfficialPublication,
        verbose_name=_("publicering"),
        on_delete=models.CASCADE,
        related_name="figures",
    )
    municipality = models.ForeignKey(
        Municipality, verbose_name=_("kommun"), on_delete=models.PROTECT, related_name="+"
    )
    received = models.PositiveIntegerField(_("mottagna efter anvisning"), null=True, blank=True)
    received_masked = models.BooleanField(_("mottagna maskerat"), default=False)
    self_settled = models.PositiveIntegerField(_("egenbosatta"), null=True, blank=True)
    self_settled_masked = models.BooleanField(_("egenbosatta maskerat"), default=False)
    kommuntal = models.PositiveIntegerField(_("kommuntal"), null=True, blank=True)

    class Meta:
        ordering = ["publication", "municipality__name"]
        verbose_name = _("uppgift från Migrationsverket")
        verbose_name_plural = _("uppgifter från Migrationsverket")
        constraints = [
            models.UniqueConstraint(
                fields=["publication", "municipality"], name="official_figure_once"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.municipality}: {self.received}"


class MunicipalityNameMapping(models.Model):
    """A spelling in Migrationsverket's sheets that staff mapped to a municipality once;
    kept for the next month's file."""

    name = models.CharField(_("namn i filen (normaliserat)"), max_length=120, unique=True)
    municipality = models.ForeignKey(
        Municipality, verbose_name=_("kommun"), on_delete=models.CASCADE, related_name="+"
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("registrerad av"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )

    class Meta:
        ordering = ["name"]
        verbose_name = _("kommunnamn i Migrationsverkets filer")
        verbose_name_plural = _("kommunnamn i Migrationsverkets filer")

    def __str__(self) -> str:
        return f"{self.name} → {self.municipality}"


class OfficialColumnMapping(models.Model):
    """Which columns of Migrationsverket's sheet county staff confirmed, kept for the next
    month's file. ``columns``: {role: the header's normalised text, or "months" for the sum
    of the role's month columns}; roles: name, received, self_settled, kommuntal."""

    county = models.OneToOneField(
        County, verbose_name=_("län"), on_delete=models.CASCADE, related_name="+"
    )
    columns = models.JSONField(_("kolumner"), default=dict)
    updated_at = models.DateTimeField(_("bekräftad"), auto_now=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("bekräftad av"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )

    class Meta:
        verbose_name = _("kolumner i Migrationsverkets filer")
        verbose_name_plural = _("kolumner i Migrationsverkets filer")

    def __str__(self) -> str:
        return f"{self.county}: {self.columns}"
