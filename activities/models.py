"""SFI, civic orientation and other activities, the organisations that run them,
and the activity reports municipalities hand in per reporting period.

Activity reports use the same ``ReportingPeriod`` rows and the same status flow
(``reception.workflow``) as the follow-up reports.
"""

from __future__ import annotations

import datetime
import re

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator
from django.db import models
from django.db.models import Exists, OuterRef, Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from activities.rules import CIVIC_MIN_HOURS, COURSE_CODES, civic_hours_error, org_number_error
from core.access import is_county_staff, readable_municipalities, staff_counties
from core.lang import data_label
from core.models import County, Municipality
from reception.models import ReportingPeriod, Reviewable

__all__ = [
    "Activity",
    "ActivityCourseFigure",
    "ActivityKind",
    "ActivityReport",
    "Delivery",
    "Language",
    "Organisation",
    "OrganisationKind",
    "StudyForm",
]


class OrganisationKind(models.TextChoices):
    MUNICIPALITY = "municipality", _("Kommun")
    JOINT_BODY = "joint_body", _("Kommunalförbund eller samordningsförbund")
    AGENCY = "agency", _("Statlig myndighet")
    COMPANY = "company", _("Företag")
    NON_PROFIT = "non_profit", _("Ideell förening eller organisation")
    FOLK_HIGH_SCHOOL = "folk_high_school", _("Folkhögskola")


class OrganisationQuerySet(models.QuerySet):
    def for_staff(self, user) -> OrganisationQuerySet:

        return self.filter(county__in=staff_counties(user))


class Organisation(models.Model):
    """An actor that runs activities for newly arrived people, registered by a county."""

    county = models.ForeignKey(
        County, verbose_name=_("län"), on_delete=models.PROTECT, related_name="organisations"
    )
    name = models.CharField(_("namn"), max_length=200)
    kind = models.CharField(_("typ"), max_length=32, choices=OrganisationKind.choices)
    org_number = models.CharField(
        _("organisationsnummer"),
        max_length=11,
        blank=True,
        help_text=_("Tio siffror, till exempel 212000-0142. Frivilligt."),
    )
    contact_name = models.CharField(_("kontaktperson"), max_length=200, blank=True)
    email = models.EmailField(_("e-post"), blank=True)
    phone = models.CharField(_("telefon"), max_length=40, blank=True)
    website = models.URLField(_("webbplats"), blank=True)
    address = models.CharField(_("adress"), max_length=300, blank=True)
    version = models.PositiveIntegerField(default=1)

    history = HistoricalRecords()
    objects = OrganisationQuerySet.as_manager()

    class Meta:
        ordering = ["name"]
        verbose_name = _("organisation")
        verbose_name_plural = _("organisationer")
        constraints = [
            models.UniqueConstraint(fields=["county", "name"], name="organisation_unique_name"),
        ]

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        if self.org_number:
            error = org_number_error(self.org_number)
            if error:
                raise ValidationError({"org_number": error})


class Language(models.Model):
    """A language of instruction; editable data (code from ISO 639)."""

    code = models.CharField(_("kod"), max_length=12, unique=True)
    name = models.CharField(_("namn"), max_length=100)
    name_en = models.CharField(
        _("namn på engelska"),
        max_length=100,
        blank=True,
        help_text=_("Visas på sidor på engelska; tomt: det svenska namnet visas."),
    )

    class Meta:
        ordering = ["name"]
        verbose_name = _("språk")
        verbose_name_plural = _("språk")

    def __str__(self) -> str:
        return data_label(self)


class ActivityKind(models.TextChoices):
    SFI = "sfi", _("SFI – svenska för invandrare")
    CIVIC = "civic", _("Samhällsorientering")
    LANGUAGE_CAFE = "language_cafe", _("Språkcafé")
    WORK_PREPARATION = "work_preparation", _("Arbetsförberedande insats")
    OTHER = "other", _("Annan aktivitet")


class Delivery(models.TextChoices):
    CLASSROOM = "classroom", _("I klassrum")
    DISTANCE = "distance", _("På distans")
    MIXED = "mixed", _("Blandat")


class StudyForm(models.TextChoices):
    REGULAR = "regular", _("Ordinarie takt")
    INTENSIVE = "intensive", _("Intensiv")


class ActivityQuerySet(models.QuerySet):
    def for_user(self, user) -> ActivityQuerySet:
        """Staff: their county's activities. Reporters: activities their municipality is in."""

        if is_county_staff(user):
            return self.filter(county__in=staff_counties(user))
        served = Activity.municipalities.through.objects.filter(
            activity_id=OuterRef("pk"), municipality__in=readable_municipalities(user)
        )
        return self.filter(Exists(served))

    def published_upcoming(self, today: datetime.date) -> ActivityQuerySet:
        """What the public sees: published and not yet over."""
        return self.filter(published=True, end__gte=today)

    def with_lists(self) -> ActivityQuerySet:
        return self.select_related("organisation", "county").prefetch_related(
            "languages", "municipalities"
        )


class Activity(models.Model):
    county = models.ForeignKey(
        County, verbose_name=_("län"), on_delete=models.PROTECT, related_name="activities"
    )
    kind = models.CharField(_("typ av aktivitet"), max_length=32, choices=ActivityKind.choices)
    title = models.CharField(_("rubrik"), max_length=200)
    description = models.TextField(_("beskrivning"), blank=True)
    organisation = models.ForeignKey(
        Organisation,
        verbose_name=_("ansvarig organisation"),
        on_delete=models.PROTECT,
        related_name="activities",
    )
    municipalities = models.ManyToManyField(
        Municipality, verbose_name=_("kommuner"), related_name="activities"
    )
    languages = models.ManyToManyField(
        Language, verbose_name=_("undervisningsspråk"), related_name="activities"
    )
    mother_tongue = models.BooleanField(
        _("på deltagarnas modersmål"),
        default=False,
        help_text=_("Samhällsorientering ges på modersmålet eller ett annat språk de kan väl."),
    )
    delivery = models.CharField(_("genomförande"), max_length=16, choices=Delivery.choices)
    study_form = models.CharField(_("studietakt"), max_length=16, choices=StudyForm.choices)
    start = models.DateField(_("startdatum"))
    end = models.DateField(_("slutdatum"))
    places = models.PositiveIntegerField(_("antal platser"), validators=[MaxValueValidator(100000)])
    hours = models.PositiveIntegerField(
        _("antal timmar"), null=True, blank=True, validators=[MaxValueValidator(10000)]
    )
    location = models.CharField(_("plats"), max_length=300, help_text=_("Adress eller ”digitalt”."))
    contact_name = models.CharField(_("kontaktperson"), max_length=200)
    contact_email = models.EmailField(_("kontaktens e-post"), blank=True)
    contact_phone = models.CharField(_("kontaktens telefon"), max_length=40, blank=True)
    published = models.BooleanField(_("publicerad"), default=False)
    version = models.PositiveIntegerField(default=1)

    history = HistoricalRecords(m2m_fields=[municipalities, languages])
    objects = ActivityQuerySet.as_manager()

    class Meta:
        ordering = ["start", "title"]
        verbose_name = _("aktivitet")
        verbose_name_plural = _("aktiviteter")
        constraints = [
            models.CheckConstraint(condition=Q(end__gte=models.F("start")), name="activity_order"),
            models.CheckConstraint(
                condition=~Q(kind="civic") | Q(hours__gte=CIVIC_MIN_HOURS),
                name="activity_civic_min_hours",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def clean(self) -> None:
        errors = {}
        if self.start and self.end and self.end < self.start:
            errors["end"] = _("Slutdatum kan inte vara före startdatum.")
        if self.kind == ActivityKind.CIVIC:
            error = civic_hours_error(self.hours)
            if error:
                errors["hours"] = error
        if errors:
            raise ValidationError(errors)


def activity_for_municipality(title: str, municipality_name: str) -> str:
    """An activity as one municipality's report names it: the title, and the municipality in
    brackets unless the title already names it ("SFI studieväg 1, Södertälje")."""
    if re.search(rf"(?<!\w){re.escape(municipality_name)}(?!\w)", title, re.IGNORECASE):
        return title
    return f"{title} ({municipality_name})"


class ActivityReportQuerySet(models.QuerySet):
    def for_user(self, user) -> ActivityReportQuerySet:

        return self.filter(municipality__in=readable_municipalities(user))


class ActivityReport(Reviewable):
    """One municipality's participation in one activity for one reporting period."""

    activity = models.ForeignKey(
        Activity, verbose_name=_("aktivitet"), on_delete=models.PROTECT, related_name="reports"
    )
    municipality = models.ForeignKey(
        Municipality, verbose_name=_("kommun"), on_delete=models.PROTECT, related_name="+"
    )
    period = models.ForeignKey(
        ReportingPeriod,
        verbose_name=_("period"),
        on_delete=models.PROTECT,
        related_name="activity_reports",
    )
    women = models.PositiveIntegerField(_("deltagare, kvinnor"))
    men = models.PositiveIntegerField(_("deltagare, män"))
    first_time = models.PositiveIntegerField(_("började för första gången"))
    completed = models.PositiveIntegerField(_("slutförde"))
    dropped = models.PositiveIntegerField(_("avbröt"))
    comment = models.TextField(_("kommentar"), blank=True)

    history = HistoricalRecords()
    objects = ActivityReportQuerySet.as_manager()

    class Meta:
        ordering = ["-period__start", "activity__title", "municipality__name"]
        verbose_name = _("aktivitetsrapport")
        verbose_name_plural = _("aktivitetsrapporter")
        constraints = [
            models.UniqueConstraint(
                fields=["activity", "municipality", "period"], name="activity_report_unique"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.activity} {self.municipality} {self.period}"

    @property
    def participants(self) -> int:
        return self.women + self.men

    @property
    def activity_label(self) -> str:
        """The activity and, unless its title says it, the municipality the report is for."""
        return activity_for_municipality(self.activity.title, self.municipality.name)

    @property
    def receipt_number(self) -> str:
        """Like the follow-up reports' number, with A before the id (a separate sequence)."""
        return f"{self.municipality.code}-{self.period.start:%Y%m}-A{self.pk}-{self.version}"


class ActivityCourseFigure(models.Model):
    """SFI outcomes for one course code in one activity report (aggregate counts)."""

    report = models.ForeignKey(
        ActivityReport, verbose_name=_("rapport"), on_delete=models.CASCADE, related_name="courses"
    )
    course = models.CharField(_("kurs"), max_length=2, choices=[(c, c) for c in COURSE_CODES])
    completed_women = models.PositiveIntegerField(_("slutförde, kvinnor"), default=0)
    completed_men = models.PositiveIntegerField(_("slutförde, män"), default=0)
    dropped_women = models.PositiveIntegerField(_("avbröt, kvinnor"), default=0)
    dropped_men = models.PositiveIntegerField(_("avbröt, män"), default=0)
    continuing_women = models.PositiveIntegerField(_("fortsätter, kvinnor"), default=0)
    continuing_men = models.PositiveIntegerField(_("fortsätter, män"), default=0)

    history = HistoricalRecords()

    class Meta:
        ordering = ["course"]
        verbose_name = _("SFI-kurs")
        verbose_name_plural = _("SFI-kurser")
        constraints = [
            models.UniqueConstraint(fields=["report", "course"], name="course_once_per_report"),
            models.CheckConstraint(condition=Q(course__in=COURSE_CODES), name="course_code_known"),
        ]

    def __str__(self) -> str:
        return self.course

    @property
    def women(self) -> int:
        return self.completed_women + self.dropped_women + self.continuing_women

    @property
    def men(self) -> int:
        return self.completed_men + self.dropped_men + self.continuing_men
