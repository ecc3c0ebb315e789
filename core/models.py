"""The ground floor's models: the counties and municipalities every app refers to, and
the data version that database triggers raise on every write (``core/dataversion.py``)."""

from __future__ import annotations

from django.conf import settings
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
    #: The county board requires a second factor of its municipalities' reporters
    #: (``accounts.mfa.required_for``; county staff always need one unless DEBUG).
    reporters_need_mfa = models.BooleanField(
        _("kräv tvåstegsverifiering av kommunernas rapportörer"), default=False
    )
    reporters_need_mfa_changed_at = models.DateTimeField(
        _("kravet på tvåstegsverifiering ändrat"), null=True, blank=True
    )
    reporters_need_mfa_changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("kravet på tvåstegsverifiering ändrat av"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

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
    """Counters that database triggers raise on every write to the portal's data.

    One row per (scope, slot): a scope is a county (``c<id>``), the reference data
    (``g``) or everything (``all``); a slot is claimed by one writing transaction at a
    time, so concurrent transactions never wait for each other on a counter. The sum of
    a scope's counters is its version: it changes, in the same transaction as the data,
    whenever a row of that scope is written — by the ORM, a bulk insert,
    ``QuerySet.update()`` or a hand-written SQL fix alike. Pages cached under the
    versions (``core.pagecache``) are therefore never stale. See ``core/dataversion.py``.
    """

    scope = models.CharField(max_length=24)
    slot = models.PositiveSmallIntegerField(default=0)
    counter = models.BigIntegerField(default=0)

    class Meta:
        verbose_name = _("dataversion")
        verbose_name_plural = _("dataversioner")
        constraints = [
            models.UniqueConstraint(fields=["scope", "slot"], name="core_dataversion_scope_slot")
        ]

    def __str__(self) -> str:
        return f"{self.scope}/{self.slot}: {self.counter}"


class FormSubmission(models.Model):
    """A create form's one-time token, stored in the transaction that used it.

    Each create form carries a fresh token (``core.forms.OnceTokenField``); the
    service claims it (``core.locking.claim_form_token``) in the same transaction as
    the row it creates. A second post of the same form — a double click, a reload,
    twenty parallel requests — hits the unique token and gets the form's conflict
    message instead of creating the row again. Old tokens are pruned as new ones
    are claimed.
    """

    token = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)

    class Meta:
        verbose_name = _("skickat formulär")
        verbose_name_plural = _("skickade formulär")

    def __str__(self) -> str:
        return self.token


class OutboxEmail(models.Model):
    """An e-mail the portal has decided to send, recorded in the same transaction as the
    change that causes it and delivered after commit (``core/outbox.py``).

    A rolled-back change leaves no row, so nothing is mailed for it; a mail server that
    is down or silent only delays the row (retries with exponential backoff), it never
    fails or blocks the change. Not covered by the data-version triggers: delivering
    mail changes no page.
    """

    class Status(models.TextChoices):
        PENDING = "pending", _("väntar")
        SENT = "sent", _("skickat")
        FAILED = "failed", _("gav upp")

    #: Tells ``core.dataversion`` to leave this table without a trigger.
    data_version_exempt = True

    created_at = models.DateTimeField(_("skapat"), auto_now_add=True)
    subject = models.CharField(_("ämne"), max_length=998)
    body = models.TextField(_("text"))
    from_email = models.CharField(_("avsändare"), max_length=254, blank=True)
    to = models.JSONField(_("mottagare"), default=list)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.PENDING
    )
    attempts = models.PositiveIntegerField(_("försök"), default=0)
    next_attempt_at = models.DateTimeField(_("nästa försök"))
    #: A sender that claimed the row owns it until then (no row lock is held while
    #: sending; a sender that died gives the row back when the claim runs out).
    claimed_until = models.DateTimeField(_("upptaget till"), null=True, blank=True)
    sent_at = models.DateTimeField(_("skickat"), null=True, blank=True)
    last_error = models.TextField(_("senaste fel"), blank=True)

    class Meta:
        ordering = ["created_at", "pk"]
        indexes = [models.Index(fields=["status", "next_attempt_at"], name="core_outbox_due")]
        verbose_name = _("utgående e-post")
        verbose_name_plural = _("utgående e-post")

    def __str__(self) -> str:
        return f"{self.subject} → {', '.join(self.to)} ({self.get_status_display()})"
