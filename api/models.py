"""API tokens: a name, scopes, one municipality (reporting) or one county (reading).

Only a SHA-256 of the secret is stored, with a short prefix to find the row; the token
itself is shown once, when it is made (``api.tokens``).
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from core.models import County, Municipality


class Scope(models.TextChoices):
    REPORT_READ = "report:read", _("Läsa kommunens rapporter och mål")
    REPORT_WRITE = "report:write", _("Spara utkast och skicka in rapporter")
    COUNTY_READ = "county:read", _("Läsa länets mål, rapporter, granskning och aktiviteter")


REPORTING_SCOPES = frozenset({Scope.REPORT_READ, Scope.REPORT_WRITE})
COUNTY_SCOPES = frozenset({Scope.COUNTY_READ})


class ApiTokenQuerySet(models.QuerySet):
    def of_owner(self, user) -> ApiTokenQuerySet:
        return self.filter(user=user).select_related("municipality", "county")


class ApiToken(models.Model):
    #: Tells ``core.dataversion`` to leave this table without a trigger: "last used" is
    #: written by API calls and must not make the county's pages render afresh.
    data_version_exempt = True

    name = models.CharField(_("namn"), max_length=100)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("ägare"),
        on_delete=models.CASCADE,
        related_name="api_tokens",
    )
    municipality = models.ForeignKey(
        Municipality,
        verbose_name=_("kommun"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
    )
    county = models.ForeignKey(
        County,
        verbose_name=_("län"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
    )
    scopes = models.JSONField(_("behörigheter"), default=list)
    #: The token's first characters after "ip_": finds the row without the secret.
    prefix = models.CharField(_("början"), max_length=12, unique=True)
    #: SHA-256 (hex) of the whole token. The token has 256 bits of randomness, so a
    #: plain hash is enough (no password stretching needed).
    secret_hash = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(_("skapad"), auto_now_add=True)
    expires_at = models.DateTimeField(_("gäller till"))
    last_used_at = models.DateTimeField(_("senast använd"), null=True, blank=True)
    revoked_at = models.DateTimeField(_("återkallad"), null=True, blank=True)

    objects = ApiTokenQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("API-nyckel")
        verbose_name_plural = _("API-nycklar")
        constraints = [
            # Exactly one of municipality (reporting) and county (reading).
            models.CheckConstraint(
                condition=Q(municipality__isnull=False, county__isnull=True)
                | Q(municipality__isnull=True, county__isnull=False),
                name="api_token_one_scope_owner",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def is_active(self, now) -> bool:
        return self.revoked_at is None and self.expires_at > now

    @property
    def label(self) -> str:
        """How the audit trail and the security log name the token (never its secret)."""
        return f"API-nyckel {self.name}"
