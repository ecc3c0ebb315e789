"""Sections that apps higher up the ladder add to the reporter's inbox (e.g. the open
surveys), the way ``agreements.panels`` works for the agreement page: an app registers a
function in its ``AppConfig.ready()``, and the inbox renders whatever it returns."""

from __future__ import annotations

from collections.abc import Callable, Sequence

from django.http import HttpRequest
from django.utils.safestring import SafeString

from core.models import Municipality

#: (request, the reporter's municipalities) -> rendered HTML of a section, or "".
Panel = Callable[[HttpRequest, Sequence[Municipality]], str]

_panels: list[Panel] = []


def register(panel: Panel) -> Panel:
    if panel not in _panels:
        _panels.append(panel)
    return panel


def render(request: HttpRequest, municipalities: Sequence[Municipality]) -> list[SafeString]:
    return [SafeString(html) for panel in _panels if (html := panel(request, municipalities))]
