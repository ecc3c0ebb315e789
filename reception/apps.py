from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReceptionConfig(AppConfig):
    """Follow-up reporting: periods, reports, the review workflow and reminders."""

    name = "reception"
    verbose_name = _("Mottagande och uppföljning")

    def ready(self) -> None:
        from agreements import panels

        from .panels import agreement_capacity

        panels.register(agreement_capacity)
