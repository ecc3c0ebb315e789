"""Public pages of a county: integration text blocks and integration developers' contacts."""

from __future__ import annotations

from django.db import models
from django.db.models import Prefetch, Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from core.models import County, Municipality


class Topic(models.Model):
    """An area of work a contact answers for (sfi, civic orientation…); reference data."""

    name = models.CharField(_("namn"), max_length=100, unique=True)
    slug = models.SlugField(_("kortnamn"), max_length=60, unique=True)
    order = models.PositiveIntegerField(_("ordning"), default=0)

    class Meta:
        ordering = ["order", "name"]
        verbose_name = _("ämne")
        verbose_name_plural = _("ämnen")

    def __str__(self) -> str:
        return self.name


class Unit(models.Model):
    """The unit or department (enhet, avdelning) a contact works in."""

    county = models.ForeignKey(
        County, on_delete=models.PROTECT, related_name="contact_units", verbose_name=_("län")
    )
    name = models.CharField(_("namn"), max_length=150)
    order = models.PositiveIntegerField(_("ordning"), default=0)

    class Meta:
        ordering = ["order", "name"]
        verbose_name = _("enhet")
        verbose_name_plural = _("enheter")
        constraints = [
            models.UniqueConstraint(fields=["county", "name"], name="contacts_unit_unique_name")
        ]

    def __str__(self) -> str:
        return self.name


class ContactQuerySet(models.QuerySet):
    def in_county(self, county: County) -> ContactQuerySet:
        return self.filter(county=county)

    def published(self) -> ContactQuerySet:
        return self.filter(published=True)

    def with_areas(self) -> ContactQuerySet:
        """Unit, topics and municipalities in a fixed number of queries."""
        return self.select_related("unit", "county").prefetch_related(
            "topics",
            Prefetch("municipalities", queryset=Municipality.objects.order_by("name")),
        )

    def responsible_for(
        self, *, municipality_code: str = "", topic_slug: str = ""
    ) -> ContactQuerySet:
        """Contacts for a municipality (SCB code) and/or topic (slug).

        A contact without municipalities answers for the whole county.
        """
        if not municipality_code and not topic_slug:
            return self
        matching = self
        if municipality_code:
            matching = matching.filter(
                Q(municipalities__code=municipality_code) | Q(municipalities__isnull=True)
            )
        if topic_slug:
            matching = matching.filter(topics__slug=topic_slug)
        # A subquery instead of .distinct(): the M2M joins would repeat rows.
        return self.filter(pk__in=matching.values("pk"))

    def own_for_municipality(self, municipality_code: str) -> ContactQuerySet:
        """The municipality's own developer(s): those named for it, else the county-wide ones."""
        named = self.filter(municipalities__code=municipality_code)
        if named.exists():
            return self.filter(pk__in=named.values("pk"))
        return self.filter(municipalities__isnull=True)

    def general_for_topic(self, topic_slug: str) -> ContactQuerySet:
        """The topic's contacts, whichever municipalities they are named for. (One for the
        whole county would already answer for every municipality: ``responsible_for``.)"""
        return self.filter(pk__in=self.filter(topics__slug=topic_slug).values("pk"))

    def in_display_order(self) -> ContactQuerySet:
        return self.order_by("unit__order", "unit__name", "order", "name", "pk")


class Contact(models.Model):
    """An integration developer (or other contact) shown on the public contact page."""

    county = models.ForeignKey(
        County, on_delete=models.PROTECT, related_name="contacts", verbose_name=_("län")
    )
    name = models.CharField(_("namn"), max_length=150)
    title = models.CharField(_("titel"), max_length=150)
    unit = models.ForeignKey(
        Unit, on_delete=models.PROTECT, related_name="contacts", verbose_name=_("enhet")
    )
    email = models.EmailField(_("e-postadress"))
    #: E.164, e.g. "+46102236209"; shown as "010-223 62 09".
    phone = models.CharField(_("telefon"), max_length=16)
    topics = models.ManyToManyField(
        Topic, blank=True, related_name="contacts", verbose_name=_("ämnen")
    )
    municipalities = models.ManyToManyField(
        Municipality, blank=True, related_name="integration_contacts", verbose_name=_("kommuner")
    )
    order = models.PositiveIntegerField(_("ordning"), default=0)
    published = models.BooleanField(_("publicerad"), default=False)
    #: Optimistic lock: a save must name the version it started from.
    version = models.PositiveIntegerField(default=1, editable=False)
    updated_at = models.DateTimeField(_("ändrad"), auto_now=True)

    history = HistoricalRecords(m2m_fields=[topics, municipalities])
    objects = ContactQuerySet.as_manager()

    class Meta:
        ordering = ["order", "name", "pk"]
        verbose_name = _("kontaktperson")
        verbose_name_plural = _("kontaktpersoner")

    def __str__(self) -> str:
        return self.name


class PageBlockQuerySet(models.QuerySet):
    def in_county(self, county: County) -> PageBlockQuerySet:
        return self.filter(county=county)

    def published(self) -> PageBlockQuerySet:
        return self.filter(published=True)


class PageBlock(models.Model):
    """A text block of the public integration page, written by staff.

    ``body`` is plain text with a tiny markup (see ``contacts.markup``); it is
    never treated as HTML.
    """

    county = models.ForeignKey(
        County, on_delete=models.PROTECT, related_name="page_blocks", verbose_name=_("län")
    )
    key = models.SlugField(
        _("kortnamn"),
        max_length=60,
        help_text=_("Används i sidans adress som ankare, till exempel ”uppdraget”."),
    )
    heading = models.CharField(_("rubrik"), max_length=200)
    body = models.TextField(_("text"))
    order = models.PositiveIntegerField(_("ordning"), default=0)
    published = models.BooleanField(_("publicerad"), default=True)
    version = models.PositiveIntegerField(default=1, editable=False)
    updated_at = models.DateTimeField(_("ändrad"), auto_now=True)

    history = HistoricalRecords()
    objects = PageBlockQuerySet.as_manager()

    class Meta:
        ordering = ["order", "pk"]
        verbose_name = _("textblock")
        verbose_name_plural = _("textblock")
        constraints = [
            models.UniqueConstraint(fields=["county", "key"], name="contacts_block_unique_key")
        ]

    def __str__(self) -> str:
        return self.heading
