from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


class AgreementsConfig(AppConfig):
    name = "agreements"
    verbose_name = _("Överenskommelser och kommuntal")

    def ready(self) -> None:
        from .dataversion import on_post_migrate

        # After the apps of every migration have run: triggers on every data table.
        post_migrate.connect(on_post_migrate, dispatch_uid="portal_data_version")
