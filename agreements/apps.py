from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


class AgreementsConfig(AppConfig):
    name = "agreements"
    verbose_name = _("Överenskommelser och kommuntal")

    def ready(self) -> None:
        from django.core.signals import request_finished, request_started

        from . import dataversion

        # After the apps of every migration have run: triggers on every data table.
        post_migrate.connect(dataversion.on_post_migrate, dispatch_uid="portal_data_version")
        request_started.connect(dataversion.request_started, dispatch_uid="portal_dv_start")
        request_finished.connect(dataversion.request_finished, dispatch_uid="portal_dv_end")
