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


def data_label(obj: object) -> str:
    """The name of a row of reference data (a target category, a language) in the page's
    language: its ``name_en`` on a page that is not Swedish, when there is one, else its
    (Swedish) ``name``. The one place that picks the label; pages, forms and exports use it.
    """
    if obj is None:
        return ""
    if not page_is_swedish():
        english = getattr(obj, "name_en", "")
        if english:
            return english
    name = getattr(obj, "name", None)
    return str(obj) if name is None else name


def data_label_html(obj: object) -> object:
    """:func:`data_label` for a page: a Swedish name shown on a page in another language
    (no English label yet) is marked ``lang="sv"``."""
    label = data_label(obj)
    if not page_is_swedish() and label == getattr(obj, "name", None):
        return swedish(label)
    return label
