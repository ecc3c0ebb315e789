from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OverviewConfig(AppConfig):
    """Read models over everything below: the county overview and its charts and exports,
    the municipality page, the review queue of every kind of report, and open data."""

    name = "overview"
    verbose_name = _("Översikt och öppna data")

    def ready(self) -> None:
        from overview import checks  # noqa: F401  (registers the deploy check)
