from __future__ import annotations

from django.contrib.auth.models import AbstractUser
from django.contrib.auth.models import UserManager as DjangoUserManager
from django.db import models
from django.utils.translation import gettext_lazy as _


class UserManager(DjangoUserManager):
    """Users sign in with their e-mail address; it is stored in lower case."""

    use_in_migrations = True

    def _create_user(self, email, password, **extra_fields):  # type: ignore[override]
        if not email:
            raise ValueError("An e-mail address is required.")
        user = self.model(email=self.normalize_email(email).lower(), **extra_fields)
        if password:
            user.set_password(password)
        else:
            user.set_unusable_password()
        user.save(using=self._db)
        return user

    def create_user(self, email, password=None, **extra_fields):  # type: ignore[override]
        extra_fields.setdefault("is_staff", False)
        extra_fields.setdefault("is_superuser", False)
        return self._create_user(email, password, **extra_fields)

    def create_superuser(self, email, password=None, **extra_fields):  # type: ignore[override]
        extra_fields.setdefault("is_staff", True)
        extra_fields.setdefault("is_superuser", True)
        return self._create_user(email, password, **extra_fields)

    def get_by_natural_key(self, username):
        return self.get(email__iexact=username)


class User(AbstractUser):
    """A person who signs in.

    ``role`` says what they do in the portal: county staff work with every
    municipality of their county; municipality reporters report for the
    municipalities they are tied to. Django's ``is_staff``/``is_superuser``
    only govern the admin site (the system administrator).
    """

    class Role(models.TextChoices):
        STAFF = "staff", _("Handläggare på länsstyrelsen")
        REPORTER = "reporter", _("Kommunrapportör")

    username = None
    email = models.EmailField(_("e-postadress"), unique=True)
    role = models.CharField(_("roll"), max_length=16, choices=Role.choices, blank=True)
    county = models.ForeignKey(
        "core.County",
        verbose_name=_("län"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="staff_users",
        help_text=_("För handläggare: det län de arbetar med."),
    )
    municipalities = models.ManyToManyField(
        "core.Municipality",
        verbose_name=_("kommuner"),
        blank=True,
        related_name="reporters",
        help_text=_("För kommunrapportörer: de kommuner de rapporterar för."),
    )
    title = models.CharField(_("titel"), max_length=100, blank=True)
    #: County staff: an e-mail when a report of the county comes in (reception/notify.py).
    notify_on_report = models.BooleanField(
        _("e-post när en rapport kommer in"),
        default=True,
        help_text=_("För handläggare: e-post när en kommun i länet skickar in en rapport."),
    )
    #: Optimistic locking (core.locking): raised by every staff change to the account.
    version = models.PositiveIntegerField(_("version"), default=1)

    USERNAME_FIELD = "email"
    EMAIL_FIELD = "email"
    REQUIRED_FIELDS: list[str] = []

    objects = UserManager()

    class Meta:
        ordering = ["email"]
        verbose_name = _("användare")
        verbose_name_plural = _("användare")

    def __str__(self) -> str:
        return self.get_full_name() or self.email

    @property
    def is_county_staff(self) -> bool:
        return self.role == self.Role.STAFF and self.county_id is not None

    @property
    def is_reporter(self) -> bool:
        return self.role == self.Role.REPORTER


class Invitation(models.Model):
    """The one-time link that lets an invited reporter choose a password.

    One per account. Resending draws a new ``nonce`` (the token is an HMAC over it, so
    the previous link stops working) and a new expiry; revoking or accepting ends it.
    """

    class Status(models.TextChoices):
        PENDING = "pending", _("Väntar")
        ACCEPTED = "accepted", _("Antagen")
        REVOKED = "revoked", _("Återkallad")

    user = models.OneToOneField(
        User, on_delete=models.CASCADE, related_name="invitation", verbose_name=_("konto")
    )
    invited_by = models.ForeignKey(
        User,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("inbjuden av"),
    )
    status = models.CharField(
        _("status"), max_length=16, choices=Status.choices, default=Status.PENDING
    )
    nonce = models.CharField(max_length=64)
    sent_at = models.DateTimeField(_("skickad"))
    expires_at = models.DateTimeField(_("gäller till"))
    version = models.PositiveIntegerField(_("version"), default=1)

    class Meta:
        ordering = ["-sent_at"]
        verbose_name = _("inbjudan")
        verbose_name_plural = _("inbjudningar")

    def __str__(self) -> str:
        return self.user.email

    def is_expired(self, now) -> bool:
        return self.status == self.Status.PENDING and self.expires_at <= now

    def is_usable(self, now) -> bool:
        return self.status == self.Status.PENDING and self.expires_at > now


class AccountEvent(models.Model):
    """What staff did to an account (invite, resend, revoke, deactivate, reactivate), and
    the passkeys its owner added and removed: the account's audit trail, shown on its page
    in the portal's audit format."""

    class Kind(models.TextChoices):
        INVITED = "invited", _("Inbjuden")
        INVITATION_RESENT = "invitation_resent", _("Ny inbjudan skickad")
        INVITATION_REVOKED = "invitation_revoked", _("Inbjudan återkallad")
        INVITATION_ACCEPTED = "invitation_accepted", _("Inbjudan antagen")
        DEACTIVATED = "deactivated", _("Konto inaktiverat")
        REACTIVATED = "reactivated", _("Konto aktiverat igen")
        MFA_RESET = "mfa_reset", _("Tvåstegsverifiering återställd")
        PASSKEY_ADDED = "passkey_added", _("Nyckel (passkey) tillagd")
        PASSKEY_REMOVED = "passkey_removed", _("Nyckel (passkey) borttagen")

    account = models.ForeignKey(
        User, on_delete=models.CASCADE, related_name="account_events", verbose_name=_("konto")
    )
    actor = models.ForeignKey(
        User,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("vem"),
    )
    kind = models.CharField(_("händelse"), max_length=32, choices=Kind.choices)
    at = models.DateTimeField(_("tidpunkt"))
    reason = models.TextField(_("skäl"), blank=True)

    class Meta:
        ordering = ["-at", "-pk"]
        verbose_name = _("kontohändelse")
        verbose_name_plural = _("kontohändelser")

    def __str__(self) -> str:
        return f"{self.account}: {self.get_kind_display()}"


class ExternalIdentity(models.Model):
    """A person's account at the agency's identity provider (OpenID Connect, issue 17),
    linked to a portal account an administrator created: the issuer and its subject
    together name the person (ASVS 6.8.1: the same subject at another issuer is someone
    else). See accounts/oidc.py."""

    issuer = models.CharField(_("identitetsleverantör"), max_length=255)
    subject = models.CharField(_("identitet hos leverantören"), max_length=255)
    user = models.ForeignKey(
        User,
        verbose_name=_("användare"),
        on_delete=models.CASCADE,
        related_name="external_identities",
    )
    created_at = models.DateTimeField(_("kopplad"), auto_now_add=True)
    last_used_at = models.DateTimeField(_("senast använd"), null=True, blank=True)

    class Meta:
        ordering = ["issuer", "subject"]
        verbose_name = _("extern identitet")
        verbose_name_plural = _("externa identiteter")
        constraints = [
            models.UniqueConstraint(
                fields=["issuer", "subject"], name="external_identity_once_per_issuer"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.subject} @ {self.issuer}"
