"""Sections that apps higher up the ladder add to the agreement page.

The agreement page shows what the agreement is; what was received against it is the
reporting floor's business. Rather than import up the ladder, the page asks the
panels registered here (the way ``admin.site.register`` works): an app registers a
function in its ``AppConfig.ready()``, and the page renders whatever it returns.
"""

from __future__ import annotations

from collections.abc import Callable

from django.http import HttpRequest
from django.utils.safestring import SafeString

from .models import Agreement

#: (request, agreement) -> rendered HTML of a section, or "" to show nothing.
Panel = Callable[[HttpRequest, Agreement], str]

_panels: list[Panel] = []


def register(panel: Panel) -> Panel:
    if panel not in _panels:
        _panels.append(panel)
    return panel


def render(request: HttpRequest, agreement: Agreement) -> list[SafeString]:
    """Every registered panel's section, in registration order."""
    return [SafeString(html) for panel in _panels if (html := panel(request, agreement))]
