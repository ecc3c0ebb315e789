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

from core.lang import data_label, data_label_html, page_is_swedish, swedish

register = template.Library()
register.filter("sv", swedish, is_safe=True)
#: A reference-data row (category, language) by its name in the page's language.
register.filter("label", data_label_html, is_safe=True)
#: The same as plain text (captions in attributes, e-mails).
register.filter("label_text", data_label)


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


def _has_errors(value) -> bool:
    """A bound form (or formset) in the page's context that was sent back with errors."""
    from django.forms import BaseForm
    from django.forms.formsets import BaseFormSet

    # type(), not isinstance(): isinstance() would evaluate the lazy csrf_token of the
    # context and so set a CSRF cookie on every page (and make public pages private).
    kind = type(value)
    if issubclass(kind, BaseForm):
        return value.is_bound and bool(value.errors)
    if issubclass(kind, BaseFormSet):
        return value.is_bound and not value.is_valid()
    return False


@register.simple_tag(takes_context=True)
def error_title_prefix(context: template.Context) -> str:
    """ "Fel: " before the page title when a form on the page has errors (the GOV.UK
    pattern: a screen-reader user hears at once that the submission failed). Only
    forms already bound look at their errors, so nothing is validated here."""
    for value in context.flatten().values():
        if _has_errors(value):
            from django.utils.translation import gettext

            return gettext("Fel: ")
    return ""
