"""Deploy checks for open data: what dataportal.se needs from the settings."""

from __future__ import annotations

from django.conf import settings
from django.core.checks import Tags, Warning, register


@register(Tags.compatibility, deploy=True)
def open_data_publisher(app_configs, **kwargs) -> list[Warning]:
    if settings.OPEN_DATA_ORG_NUMBER:
        return []
    return [
        Warning(
            "OPEN_DATA_ORG_NUMBER is not set: the open data catalogue (/oppna-data/katalog.rdf) "
            "names no organisation number, so dataportal.se cannot tie it to the publisher.",
            hint="Set OPEN_DATA_ORG_NUMBER to the organisation number, e.g. 202100-0000.",
            id="overview.W001",
        )
    ]
