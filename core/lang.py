"""Swedish text on pages in another language (WCAG 3.1.2 Language of Parts).

Text staff write (text blocks, contact titles, activity descriptions) and names that
are data (target categories, topics) exist only in Swedish. On an English page they
are marked ``lang="sv"`` so a screen reader reads them with a Swedish voice; on a
Swedish page nothing is added.
"""

from __future__ import annotations

from django.utils.html import format_html
from django.utils.translation import get_language

SWEDISH = "sv"


def page_is_swedish() -> bool:
    return (get_language() or SWEDISH).split("-")[0] == SWEDISH


def swedish(text: object) -> object:
    """``text`` marked as Swedish when the page is not (escaped; safe HTML is kept)."""
    if page_is_swedish() or text in (None, ""):
        return text
    return format_html('<span lang="sv">{}</span>', text)
