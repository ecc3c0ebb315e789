from django.apps import AppConfig
from django.db.models.signals import post_migrate, pre_migrate
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    """The ground floor: counties and municipalities, access, the data version and the
    page cache, exports, the audit format, the form base and optimistic locking."""

    name = "core"
    verbose_name = _("Län och kommuner")

    def ready(self) -> None:
        from django.core.signals import request_finished, request_started

        from . import dataversion

        # post_migrate is sent once per app after the whole migrate has run, so every
        # table exists by then; the handler acts on this app's signal only.
        post_migrate.connect(dataversion.on_post_migrate, dispatch_uid="portal_data_version")
        pre_migrate.connect(dataversion.on_pre_migrate, dispatch_uid="portal_data_version_pre")
        request_started.connect(dataversion.request_started, dispatch_uid="portal_dv_start")
        request_finished.connect(dataversion.request_finished, dispatch_uid="portal_dv_end")
