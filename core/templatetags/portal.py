"""Template tags every page may use (``{% load portal %}``, registered in settings.TEMPLATES).

- ``{% breadcrumbs %}<li …>…</li>{% endbreadcrumbs %}``: the breadcrumb trail, drawn by
  templates/partials/breadcrumbs.html so it has one accessible name everywhere.
- ``{{ text|sv }}`` and ``<div{% sv_lang %}>``: Swedish-only text (staff-written, or names
  that are data) marked ``lang="sv"`` on a page in another language (see lang.py).
"""

from __future__ import annotations

import functools
from types import SimpleNamespace

from django import template
from django.conf import settings
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language

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


# The parts of every page that are a function of a few values (bench/README.md, "Round
# 4": the layout was 1.0 ms of a public page and 1.9–2.9 ms of a signed-in one, rendered
# afresh on every cache miss). Each is rendered by its own template once per process for
# each set of those values, so the markup stays the templates' own.


@functools.lru_cache(maxsize=64)
def _constant(name: str, language: str, organisation: str, static_url: str) -> SafeString:
    return render_to_string(name, {"portal_organisation": organisation})


@register.simple_tag
def constant_partial(name: str) -> SafeString:
    """A template that depends only on the language and the settings (the stylesheets and
    scripts, the footer)."""
    return _constant(name, get_language(), settings.PORTAL_ORGANISATION, settings.STATIC_URL)


@functools.lru_cache(maxsize=2048)
def _nav(key: tuple, municipalities: tuple[tuple[str, str], ...] | None) -> SafeString:
    (
        _language,
        staff,
        reporter,
        authenticated,
        superuser,
        view_name,
        url_name,
        app_name,
        code,
        root,
        _year,
    ) = key
    match = (
        SimpleNamespace(
            view_name=view_name,
            url_name=url_name,
            app_name=app_name,
            kwargs={"code": code} if code is not None else {},
        )
        if view_name is not None
        else None  # a page no route resolved (404)
    )
    listed = [SimpleNamespace(code=c, name=n) for c, n in municipalities or ()]
    user = SimpleNamespace(
        is_authenticated=authenticated,
        is_superuser=superuser,
        municipalities=SimpleNamespace(all=lambda: listed),
    )
    request = SimpleNamespace(resolver_match=match, path="/" if root else "")
    return render_to_string(
        "partials/nav.html",
        {
            "request": request,
            "user": user,
            "user_is_county_staff": staff,
            "user_is_reporter": reporter,
        },
    )


@register.simple_tag(takes_context=True)
def main_nav(context: template.Context) -> SafeString:
    """The main menu (templates/partials/nav.html) for what it reads: who the user is,
    the view the request resolved to and, for a reporter, their municipalities (read
    here, as the template did)."""
    request, user = context.get("request"), context.get("user")
    match = getattr(request, "resolver_match", None)
    staff = bool(context.get("user_is_county_staff"))
    reporter = bool(context.get("user_is_reporter"))
    authenticated = superuser = False
    municipalities = None
    if user is not None and user.is_authenticated:
        authenticated, superuser = True, bool(user.is_superuser)
        if reporter and not staff:
            municipalities = tuple(user.municipalities.values_list("code", "name"))
    key = (
        get_language(),
        staff,
        reporter,
        authenticated,
        superuser,
        match.view_name if match else None,
        match.url_name if match else None,
        match.app_name if match else None,
        match.kwargs.get("code") if match else None,
        getattr(request, "path", None) == "/",
        timezone.localtime().year,
    )
    return _nav(key, municipalities)
