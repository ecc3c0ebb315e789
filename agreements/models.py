from __future__ import annotations

import datetime

from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import Exists, F, OuterRef, Q, Subquery
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from core.models import County, Municipality
from core.years import FIRST_YEAR


class TargetCategory(models.Model):
    """What a target counts (data, not code: the list changes with the law)."""

    code = models.SlugField(_("kod"), max_length=40, unique=True)
    name = models.CharField(_("namn"), max_length=120)
    description = models.TextField(_("beskrivning"), blank=True)
    parent = models.ForeignKey(
        "self",
        verbose_name=_("del av"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="parts",
        help_text=_("För 'varav'-kategorier, t.ex. kvotflyktingar som del av anvisade."),
    )
    asks_for_split = models.BooleanField(
        _("fråga efter kvinnor/män/barn"),
        default=False,
        help_text=_("Om uppföljningen ska fråga hur många som var kvinnor, män och barn."),
    )
    is_settlement_quota = models.BooleanField(
        _("räknas mot länstalet"),
        default=False,
        help_text=_("Kommuntal enligt bosättningslagen; summan jämförs med länstalet."),
    )
    order = models.PositiveSmallIntegerField(_("ordning"), default=0)
    active = models.BooleanField(_("används"), default=True)

    class Meta:
        ordering = ["order", "name"]
        verbose_name = _("målkategori")
        verbose_name_plural = _("målkategorier")

    def __str__(self) -> str:
        return self.name


# One rule for the years the portal works with (core/years.py), checked by the
# services and forms; the column only keeps a year a year.
year_validators = [MinValueValidator(FIRST_YEAR)]

#: The most places one target may have (a county's whole quota is far below it).
MAX_PLACES = 100_000


class AgreementQuerySet(models.QuerySet):
    def with_category(self, category: TargetCategory) -> AgreementQuerySet:
        """Agreements whose current figures include a target in this category."""
        return self.filter(
            Exists(
                Target.objects.current().filter(
                    revision__agreement=OuterRef("pk"), category=category
                )
            )
        )

    def with_settlement_places(self) -> AgreementQuerySet:
        """Annotate ``settlement_places``: the current settlement quota (kommuntal), or None."""
        places = (
            Target.objects.current()
            .filter(revision__agreement=OuterRef("pk"), category__is_settlement_quota=True)
            .values("places")[:1]
        )
        return self.annotate(settlement_places=Subquery(places))

    def for_listing(self) -> AgreementQuerySet:
        return self.select_related("municipality", "municipality__county")


class Agreement(models.Model):
    """A reception agreement (överenskommelse) or quota decision for one municipality and year."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("Utkast")
        NEGOTIATION = "negotiation", _("Under förhandling")
        SIGNED = "signed", _("Undertecknad")
        TERMINATED = "terminated", _("Avslutad")

    #: The only status changes allowed; a terminated agreement is read-only.
    TRANSITIONS: dict[str, frozenset[str]] = {
        Status.DRAFT: frozenset({Status.NEGOTIATION, Status.SIGNED, Status.TERMINATED}),
        Status.NEGOTIATION: frozenset({Status.DRAFT, Status.SIGNED, Status.TERMINATED}),
        Status.SIGNED: frozenset({Status.TERMINATED}),
        Status.TERMINATED: frozenset(),
    }

    municipality = models.ForeignKey(
        Municipality,
        verbose_name=_("kommun"),
        on_delete=models.PROTECT,
        related_name="agreements",
    )
    year = models.PositiveSmallIntegerField(_("år"), validators=year_validators)
    case_number = models.CharField(_("diarienummer"), max_length=40, blank=True)
    status = models.CharField(
        _("status"), max_length=16, choices=Status.choices, default=Status.DRAFT
    )
    signed_on = models.DateField(_("undertecknad den"), null=True, blank=True)
    valid_from = models.DateField(_("gäller från"))
    valid_to = models.DateField(_("gäller till"))
    notes = models.TextField(_("anteckningar"), blank=True)
    created_at = models.DateTimeField(_("skapad"), auto_now_add=True)
    updated_at = models.DateTimeField(_("ändrad"), auto_now=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("skapad av"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    #: Bumped on every change; a form posted with an older version is refused
    #: so two people editing the same agreement never silently overwrite each other.
    version = models.PositiveIntegerField(_("version"), default=1)

    history = HistoricalRecords(excluded_fields=["updated_at"])
    objects = AgreementQuerySet.as_manager()

    class Meta:
        ordering = ["-year", "municipality__name"]
        verbose_name = _("överenskommelse")
        verbose_name_plural = _("överenskommelser")
        constraints = [
            models.UniqueConstraint(
                fields=["municipality", "year"], name="agreement_one_per_municipality_year"
            ),
            models.CheckConstraint(
                condition=Q(valid_to__gte=F("valid_from")), name="agreement_valid_period"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.municipality} {self.year}"

    def can_change_to(self, status: str) -> bool:
        return status in self.TRANSITIONS[self.status]

    @property
    def is_read_only(self) -> bool:
        return self.status == self.Status.TERMINATED

    @property
    def counts_in_follow_up(self) -> bool:
        """Follow-up pages count the targets of signed agreements only
        (``reception.capacity.targets_for_year``)."""
        return self.status == self.Status.SIGNED


class TargetRevision(models.Model):
    """One set of target figures for an agreement, valid from a date.

    The first revision holds the agreed figures; each amendment adds a new
    revision with its reason, so earlier figures are never overwritten and
    "what was the target on a given date" has an answer.
    """

    agreement = models.ForeignKey(
        Agreement,
        verbose_name=_("överenskommelse"),
        on_delete=models.CASCADE,
        related_name="revisions",
    )
    effective_from = models.DateField(_("gäller från"))
    reason = models.TextField(_("skäl"), blank=True)
    created_at = models.DateTimeField(_("registrerad"), auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("registrerad av"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )

    class Meta:
        ordering = ["agreement", "effective_from", "id"]
        verbose_name = _("målversion")
        verbose_name_plural = _("målversioner")

    def __str__(self) -> str:
        return f"{self.agreement} ({self.effective_from})"


class TargetQuerySet(models.QuerySet):
    def on_date(self, on_date: datetime.date) -> TargetQuerySet:
        """Targets in force on a date: per agreement, its latest revision from then or before."""
        latest = (
            TargetRevision.objects.filter(
                agreement=OuterRef("revision__agreement"), effective_from__lte=on_date
            )
            .order_by("-effective_from", "-id")
            .values("id")[:1]
        )
        return self.filter(revision_id=Subquery(latest))

    def current(self) -> TargetQuerySet:
        """Per agreement, the targets of its latest revision."""
        latest = (
            TargetRevision.objects.filter(agreement=OuterRef("revision__agreement"))
            .order_by("-effective_from", "-id")
            .values("id")[:1]
        )
        return self.filter(revision_id=Subquery(latest))


class Target(models.Model):
    """A number of places (0 is valid) for one category in one revision."""

    revision = models.ForeignKey(
        TargetRevision,
        verbose_name=_("målversion"),
        on_delete=models.CASCADE,
        related_name="targets",
    )
    category = models.ForeignKey(
        TargetCategory,
        verbose_name=_("kategori"),
        on_delete=models.PROTECT,
        related_name="targets",
    )
    places = models.PositiveIntegerField(_("antal platser"))

    objects = TargetQuerySet.as_manager()

    class Meta:
        ordering = ["category__order"]
        verbose_name = _("mål")
        verbose_name_plural = _("mål")
        constraints = [
            models.UniqueConstraint(
                fields=["revision", "category"], name="target_one_per_revision_category"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.category}: {self.places}"


class CountyQuota(models.Model):
    """The county's figure for a year (länstal), set by the government."""

    county = models.ForeignKey(
        County, verbose_name=_("län"), on_delete=models.PROTECT, related_name="quotas"
    )
    year = models.PositiveSmallIntegerField(_("år"), validators=year_validators)
    category = models.ForeignKey(
        TargetCategory,
        verbose_name=_("kategori"),
        on_delete=models.PROTECT,
        related_name="county_quotas",
    )
    places = models.PositiveIntegerField(_("antal"))
    decision_reference = models.CharField(_("beslut (referens)"), max_length=120, blank=True)
    decision_date = models.DateField(_("beslutsdatum"), null=True, blank=True)
    notes = models.TextField(_("anteckningar"), blank=True)
    version = models.PositiveIntegerField(_("version"), default=1)

    history = HistoricalRecords()

    class Meta:
        ordering = ["-year", "county__code"]
        verbose_name = _("länstal")
        verbose_name_plural = _("länstal")
        constraints = [
            models.UniqueConstraint(
                fields=["county", "year", "category"], name="county_quota_one_per_year_category"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.county} {self.year}: {self.places}"
