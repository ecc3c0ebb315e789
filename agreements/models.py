from __future__ import annotations

import datetime

from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import Exists, F, OuterRef, Q, Subquery
from django.db.models.functions import Coalesce
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from core.lang import data_label
from core.models import County, Municipality
from core.years import FIRST_YEAR


class TargetCategory(models.Model):
    """What a target counts (data, not code: the list changes with the law)."""

    code = models.SlugField(_("kod"), max_length=40, unique=True)
    name = models.CharField(_("namn"), max_length=120)
    name_en = models.CharField(
        _("namn på engelska"),
        max_length=120,
        blank=True,
        help_text=_("Visas på sidor på engelska; tomt: det svenska namnet visas."),
    )
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
        return data_label(self)


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

    def with_settlement_places(self, on_date: datetime.date | None = None) -> AgreementQuerySet:
        """Annotate ``settlement_places``: the settlement quota (kommuntal) in force on
        ``on_date`` (a past year's final figure, a coming year's first), or None. Without
        a date, the latest decided figure (what the allocation editor amends)."""
        targets = (
            Target.objects.current() if on_date is None else Target.objects.in_force_on(on_date)
        )
        places = targets.filter(
            revision__agreement=OuterRef("pk"), category__is_settlement_quota=True
        ).values("places")[:1]
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
    #: The county board's kommuntal decision that made this revision (none for
    #: figures changed on the agreement page or recorded before decisions were kept).
    decision = models.ForeignKey(
        "MunicipalQuotaDecision",
        verbose_name=_("beslut om kommuntal"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="revisions",
    )
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

    def settlement(self) -> TargetQuerySet:
        return self.filter(category__is_settlement_quota=True)

    def in_force_on(self, on_date: datetime.date) -> TargetQuerySet:
        """Per agreement, the targets in force on a date; before the first revision takes
        effect, the first revision's (the reading ``reception.capacity`` uses)."""
        same = TargetRevision.objects.filter(agreement=OuterRef("revision__agreement"))
        latest = same.filter(effective_from__lte=on_date).order_by("-effective_from", "-id")
        first = same.order_by("effective_from", "id")
        return self.filter(
            revision_id=Coalesce(
                Subquery(latest.values("id")[:1]), Subquery(first.values("id")[:1])
            )
        )

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


def reading_date(year: int, today: datetime.date) -> datetime.date:
    """The date whose figures a page about ``year`` shows: today within the year, the
    year's last day for a past year (its final figure), its first day for a coming year."""
    return min(max(today, datetime.date(year, 1, 1)), datetime.date(year, 12, 31))


class CountyQuotaQuerySet(models.QuerySet):
    def settlement(self) -> CountyQuotaQuerySet:
        return self.filter(category__is_settlement_quota=True)

    def in_force_on(
        self, on_date: datetime.date, *, year: int | None = None
    ) -> CountyQuotaQuerySet:
        """Per county and category, the decision for ``year`` (default: the date's year) in
        force on the date: the latest that took effect on or before it; before the first
        decision takes effect (a länstal is decided in the autumn before), the first one."""
        year = on_date.year if year is None else year
        same = CountyQuota.objects.filter(
            county=OuterRef("county"), category=OuterRef("category"), year=year
        )
        latest = same.filter(effective_from__lte=on_date).order_by("-effective_from", "-id")
        first = same.order_by("effective_from", "id")
        return self.filter(year=year).filter(
            pk=Coalesce(Subquery(latest.values("pk")[:1]), Subquery(first.values("pk")[:1]))
        )


class CountyQuota(models.Model):
    """A decision on the county's figure for a year (länstal), set by the government.

    A revision during the year is a new decision for the same year taking effect on a
    later date; earlier decisions are kept, so "the länstal on a date" has an answer
    (``CountyQuota.objects.in_force_on(date)``).
    """

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
    effective_from = models.DateField(_("gäller från"))
    decision_reference = models.CharField(_("beslut (referens)"), max_length=120, blank=True)
    decision_date = models.DateField(_("beslutsdatum"), null=True, blank=True)
    notes = models.TextField(_("anteckningar"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("registrerad av"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    version = models.PositiveIntegerField(_("version"), default=1)

    history = HistoricalRecords()
    objects = CountyQuotaQuerySet.as_manager()

    class Meta:
        ordering = ["-year", "county__code", "effective_from"]
        verbose_name = _("länstal")
        verbose_name_plural = _("länstal")
        constraints = [
            models.UniqueConstraint(
                fields=["county", "year", "category", "effective_from"],
                name="county_quota_one_decision_per_date",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.county} {self.year}: {self.places} ({self.effective_from})"


class QuotaDecisionStatus(models.TextChoices):
    DECIDED = "decided", _("Beslutat")
    PUBLISHED = "published", _("Publicerat för kommunerna")


class MunicipalQuotaDecisionQuerySet(models.QuerySet):
    def for_year(self, county: County, year: int) -> MunicipalQuotaDecisionQuerySet:
        return self.filter(county=county, year=year).select_related("decided_by", "published_by")

    def published(self) -> MunicipalQuotaDecisionQuerySet:
        return self.filter(status=QuotaDecisionStatus.PUBLISHED)


class MunicipalQuotaDecision(models.Model):
    """The county board's decision on the municipal quotas (kommuntal) of a year.

    The first is due by 15 November of the year before; a revision during the year is a
    new decision. The target revisions it made point at it (``TargetRevision.decision``),
    so each kommuntal has a decision date, a diarienummer and the date it takes effect.
    Publishing it is a tracked step: the municipalities see a published decision.
    """

    county = models.ForeignKey(
        County, verbose_name=_("län"), on_delete=models.PROTECT, related_name="+"
    )
    year = models.PositiveSmallIntegerField(_("år"), validators=year_validators)
    reference = models.CharField(_("diarienummer"), max_length=60, blank=True)
    decision_date = models.DateField(_("beslutsdatum"), null=True, blank=True)
    effective_from = models.DateField(_("gäller från"))
    reason = models.TextField(_("skäl"), blank=True)
    status = models.CharField(
        _("status"),
        max_length=16,
        choices=QuotaDecisionStatus.choices,
        default=QuotaDecisionStatus.DECIDED,
    )
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("beslutat av"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    created_at = models.DateTimeField(_("registrerat"), auto_now_add=True)
    published_at = models.DateTimeField(_("publicerat"), null=True, blank=True)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("publicerat av"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )

    objects = MunicipalQuotaDecisionQuerySet.as_manager()

    class Meta:
        ordering = ["county", "year", "effective_from", "id"]
        verbose_name = _("beslut om kommuntal")
        verbose_name_plural = _("beslut om kommuntal")

    def __str__(self) -> str:
        return f"{self.county} {self.year} ({self.reference or self.effective_from})"

    @property
    def is_published(self) -> bool:
        return self.status == QuotaDecisionStatus.PUBLISHED

    @staticmethod
    def due_date(year: int) -> datetime.date:
        """The kommuntal of a year are to be decided by 15 November the year before."""
        return datetime.date(year - 1, 11, 15)


#: The month names of a pace plan's fields, in order (the form's labels).
PLAN_MONTHS = (
    _("januari"),
    _("februari"),
    _("mars"),
    _("april"),
    _("maj"),
    _("juni"),
    _("juli"),
    _("augusti"),
    _("september"),
    _("oktober"),
    _("november"),
    _("december"),
)


class PacePlan(models.Model):
    """A municipality's planned receptions per month of a year (the expected pace).

    Typically Migrationsverket's årsplanering: how many people it plans to assign to the
    municipality each month. Where a plan exists, the expected-pace line of the
    kommuntal (the settlement-quota category) follows it; elsewhere the even line
    through the year. ``months`` holds twelve counts, January first.
    """

    municipality = models.ForeignKey(
        Municipality, verbose_name=_("kommun"), on_delete=models.PROTECT, related_name="+"
    )
    year = models.PositiveSmallIntegerField(_("år"), validators=year_validators)
    months = models.JSONField(_("planerat per månad"), default=list)
    source = models.CharField(
        _("källa"),
        max_length=200,
        blank=True,
        help_text=_("Till exempel Migrationsverkets årsplanering och dess datum."),
    )
    version = models.PositiveIntegerField(_("version"), default=1)
    updated_at = models.DateTimeField(_("ändrad"), auto_now=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("ändrad av"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    history = HistoricalRecords(excluded_fields=["updated_at"])

    class Meta:
        ordering = ["municipality__name", "year"]
        verbose_name = _("planerad takt")
        verbose_name_plural = _("planerad takt")
        constraints = [
            models.UniqueConstraint(
                fields=["municipality", "year"], name="agreements_paceplan_one_per_year"
            )
        ]

    def __str__(self) -> str:
        return f"{self.municipality} {self.year}"

    @property
    def total(self) -> int:
        return sum(self.months)
