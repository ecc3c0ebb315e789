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
