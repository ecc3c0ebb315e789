from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ActivitiesConfig(AppConfig):
    """SFI, civic orientation and other activities, and their reports (on the reporting
    floor's periods and review flow)."""

    name = "activities"
    verbose_name = _("Sfi, samhällsorientering och andra aktiviteter")
