"""The ground floor's models: the counties and municipalities every app refers to, and
the data version that database triggers raise on every write (``core/dataversion.py``)."""

from __future__ import annotations

from django.core.validators import RegexValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

county_code_validator = RegexValidator(r"^\d{2}$", _("Länskoden består av två siffror."))
municipality_code_validator = RegexValidator(r"^\d{4}$", _("Kommunkoden består av fyra siffror."))


class County(models.Model):
    """A Swedish county (län), identified by its two-digit SCB code."""

    code = models.CharField(
        _("länskod"), max_length=2, unique=True, validators=[county_code_validator]
    )
    letter = models.CharField(_("länsbokstav"), max_length=2, unique=True)
    name = models.CharField(_("namn"), max_length=100)

    class Meta:
        ordering = ["code"]
        verbose_name = _("län")
        verbose_name_plural = _("län")

    def __str__(self) -> str:
        return self.name


class MunicipalityQuerySet(models.QuerySet):
    def in_county(self, county: County) -> MunicipalityQuerySet:
        return self.filter(county=county)


class Municipality(models.Model):
    """A Swedish municipality (kommun). The SCB code is a string: 0180 keeps its zero."""

    code = models.CharField(
        _("kommunkod"), max_length=4, unique=True, validators=[municipality_code_validator]
    )
    name = models.CharField(_("namn"), max_length=100)
    county = models.ForeignKey(
        County, on_delete=models.PROTECT, related_name="municipalities", verbose_name=_("län")
    )

    objects = MunicipalityQuerySet.as_manager()

    class Meta:
        ordering = ["name"]
        verbose_name = _("kommun")
        verbose_name_plural = _("kommuner")

    def __str__(self) -> str:
        return self.name


class DataVersion(models.Model):
    """A counter that database triggers raise on every write to the portal's data.

    One row per database connection (PostgreSQL backend pid; SQLite has one row, 0),
    so concurrent transactions never wait for each other on it. The sum of the
    counters is the data version: it changes, in the same transaction as the data,
    whenever any table of the portal's apps is written — by the ORM, a bulk insert,
    ``QuerySet.update()`` or a hand-written SQL fix alike. Pages cached under the
    version (``core.pagecache``) are therefore never stale. See
    ``core/dataversion.py``.
    """

    connection = models.BigIntegerField(primary_key=True)
    counter = models.BigIntegerField(default=0)

    class Meta:
        verbose_name = _("dataversion")
        verbose_name_plural = _("dataversioner")

    def __str__(self) -> str:
        return f"{self.connection}: {self.counter}"
