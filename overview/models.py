"""What the overview app stores: published versions of the open data tables, Kolada figures."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class OpenDataVersionQuerySet(models.QuerySet):
    def latest_of(self, year: int) -> OpenDataVersion | None:
        return self.filter(year=year).order_by("-number").first()

    def published_years(self) -> list[int]:
        return list(self.order_by("-year").values_list("year", flat=True).distinct())


class OpenDataVersion(models.Model):
    """One published version of one year's open data table: a frozen snapshot.

    The public table, CSV and JSON show the newest version; older ones stay
    downloadable. A version is only made when the content differs from the newest
    (``checksum``), with the reason and what changed (the changelog).
    """

    year = models.PositiveSmallIntegerField(_("år"))
    number = models.PositiveIntegerField(_("version"))
    #: The published rows exactly as served (small numbers already shown as "..").
    rows = models.JSONField(_("rader"))
    checksum = models.CharField(_("kontrollsumma (SHA-256)"), max_length=64)
    reason = models.TextField(_("varför"))
    #: [{"kommun_kod", "kategori_kod", "kolumn", "fore", "efter"}] against the previous version.
    changes = models.JSONField(_("ändringar"), default=list)
    data_as_of = models.DateTimeField(_("godkända rapporter till och med"), null=True)
    published_at = models.DateTimeField(_("publicerad"), default=timezone.now)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("publicerad av"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    objects = OpenDataVersionQuerySet.as_manager()

    class Meta:
        verbose_name = _("version av öppna data")
        verbose_name_plural = _("versioner av öppna data")
        ordering = ["year", "-number"]
        constraints = [
            models.UniqueConstraint(fields=["year", "number"], name="opendata_version_unique")
        ]

    def __str__(self) -> str:
        return f"{self.year} v{self.number}"


class KoladaKpi(models.Model):
    """A Kolada key figure data staff chose to show beside the portal's own figures."""

    kpi_id = models.CharField(_("nyckeltals-id"), max_length=16, unique=True)
    title = models.CharField(_("namn"), max_length=300)
    chosen_at = models.DateTimeField(_("valt"), default=timezone.now)
    chosen_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("valt av"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    #: The date of the last complete fetch: the next one asks only for what changed since
    #: (Kolada's ``from_date``). None: never fetched, the next fetch takes everything.
    fetched_through = models.DateField(_("hämtat till och med"), null=True, blank=True)
    last_error = models.TextField(_("senaste fel"), blank=True)

    class Meta:
        verbose_name = _("nyckeltal från Kolada")
        verbose_name_plural = _("nyckeltal från Kolada")
        ordering = ["title"]

    def __str__(self) -> str:
        return f"{self.kpi_id} {self.title}"


class KoladaValueQuerySet(models.QuerySet):
    def latest_totals(self, municipalities) -> list[KoladaValue]:
        """The newest period's total (gender T) per chosen KPI and municipality."""
        values = (
            self.filter(municipality__in=municipalities, gender="T")
            .select_related("kpi", "municipality")
            .order_by("kpi__title", "municipality__name", "-period")
        )
        latest: dict[tuple[int, int], KoladaValue] = {}
        for value in values:
            latest.setdefault((value.kpi_id, value.municipality_id), value)
        return list(latest.values())


class KoladaValue(models.Model):
    """One value of a Kolada key figure: municipality, period (year) and gender (T/K/M)."""

    kpi = models.ForeignKey(KoladaKpi, on_delete=models.CASCADE, related_name="values")
    municipality = models.ForeignKey(
        "core.Municipality", on_delete=models.CASCADE, related_name="kolada_values"
    )
    period = models.PositiveSmallIntegerField(_("period (år)"))
    gender = models.CharField(_("kön"), max_length=1)
    value = models.DecimalField(_("värde"), max_digits=16, decimal_places=4, null=True)
    status = models.CharField(_("status"), max_length=32, blank=True)
    fetched_at = models.DateTimeField(_("hämtat"))

    objects = KoladaValueQuerySet.as_manager()

    class Meta:
        verbose_name = _("värde från Kolada")
        verbose_name_plural = _("värden från Kolada")
        constraints = [
            models.UniqueConstraint(
                fields=["kpi", "municipality", "period", "gender"], name="kolada_value_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.kpi_id} {self.municipality_id} {self.period} {self.gender}"
