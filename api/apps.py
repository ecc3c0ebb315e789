from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ApiConfig(AppConfig):
    """The JSON API for municipal case systems and county analysts (/api/v1/)."""

    name = "api"
    verbose_name = _("API")
