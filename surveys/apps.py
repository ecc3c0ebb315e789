from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SurveysConfig(AppConfig):
    """The two yearly surveys of every municipality: civic orientation (SO-enkäten) and
    Lägesbild. On the reporting floor: it reuses reception's review flow and e-mails."""

    name = "surveys"
    verbose_name = _("Enkäter")

    def ready(self) -> None:
        from reception import inbox_panels

        from .panels import reporter_surveys

        inbox_panels.register(reporter_surveys)
