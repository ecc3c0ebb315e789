"""Template tags every page may use (``{% load portal %}``, registered in settings.TEMPLATES).

- ``{% breadcrumbs %}<li …>…</li>{% endbreadcrumbs %}``: the breadcrumb trail, drawn by
  templates/partials/breadcrumbs.html so it has one accessible name everywhere.
- ``{{ text|sv }}`` and ``<div{% sv_lang %}>``: Swedish-only text (staff-written, or names
  that are data) marked ``lang="sv"`` on a page in another language (see lang.py).
"""

from __future__ import annotations

from django import template
from django.template.loader import render_to_string
from django.utils.safestring import SafeString, mark_safe

from core.lang import page_is_swedish, swedish

register = template.Library()
register.filter("sv", swedish, is_safe=True)


@register.simple_tag
def sv_lang() -> SafeString:
    """`` lang="sv"`` for an element holding Swedish text, on a page in another language."""
    return mark_safe("" if page_is_swedish() else ' lang="sv"')


class BreadcrumbsNode(template.Node):
    def __init__(self, nodelist: template.NodeList) -> None:
        self.nodelist = nodelist

    def render(self, context: template.Context) -> str:
        items = mark_safe(self.nodelist.render(context))
        return render_to_string("partials/breadcrumbs.html", {"items": items})


@register.tag
def breadcrumbs(parser: template.base.Parser, token: template.base.Token) -> BreadcrumbsNode:
    nodelist = parser.parse(("endbreadcrumbs",))
    parser.delete_first_token()
    return BreadcrumbsNode(nodelist)
