from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "accounts"
    verbose_name = _("Användare och roller")

    def ready(self) -> None:
        from . import (
            security,  # noqa: F401  (connects the security-log receivers)
            sessions,  # noqa: F401  (starts the session clocks at sign-in)
        )
