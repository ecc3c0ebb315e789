"""Project-level views: health check and error pages."""

from __future__ import annotations

import sys

from django.conf import settings
from django.db import connection
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.template import loader
from django.views import defaults
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe

from accounts.security import log_forbidden

from .middleware import is_database_unavailable


@never_cache
@require_safe
def healthz(request: HttpRequest) -> HttpResponse:
    """200 when the database answers, 503 when it does not."""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except Exception:
        return JsonResponse({"status": "unavailable", "database": "down"}, status=503)
    return JsonResponse({"status": "ok", "database": "ok"})


@require_safe
def benchmark_baseline(request: HttpRequest) -> HttpResponse:
    """The benchmark's yardstick: every middleware runs, no database, no template."""
    return HttpResponse("ok\n", content_type="text/plain; charset=utf-8")


def bad_request(request: HttpRequest, exception: Exception) -> HttpResponse:
    """Django's own 400s (too many fields, a form body above the limit...): the portal's page."""
    from .middleware import portal_error_page

    return portal_error_page(request, "400.html", 400)


def csrf_failure(request: HttpRequest, reason: str = "") -> HttpResponse:
    """The form's security token did not match: most often the session changed in
    another tab (signed out, signed in again) or the form was open very long."""
    from django.middleware.csrf import REASON_NO_CSRF_COOKIE
    from django.shortcuts import render

    log_forbidden(request)
    context = {
        "form_path": request.get_full_path(),
        "no_cookie": reason == REASON_NO_CSRF_COOKIE,
    }
    return render(request, "403_csrf.html", context, status=403)


def permission_denied(request: HttpRequest, exception: Exception) -> HttpResponse:
    log_forbidden(request)
    return defaults.permission_denied(request, exception, template_name="403.html")


def page_not_found(request: HttpRequest, exception: Exception) -> HttpResponse:
    return defaults.page_not_found(request, exception, template_name="404.html")


def server_error(request: HttpRequest) -> HttpResponse:
    # No context processors here: the page must render even when they fail.
    context = {"request": request, "portal_organisation": settings.PORTAL_ORGANISATION}
    if is_database_unavailable(sys.exc_info()[1]):
        # The database went away outside a view (e.g. while saving the session).
        response = HttpResponse(loader.get_template("503.html").render(context), status=503)
        response["Retry-After"] = "30"
        return response
    return HttpResponse(loader.get_template("500.html").render(context), status=500)


def debug_500(request: HttpRequest) -> HttpResponse:  # pragma: no cover
    raise RuntimeError("Deliberate error to preview the 500 page.")


@require_safe
def choose_language(request: HttpRequest, code: str) -> HttpResponse:
    """The language switch: remember the visitor's choice in a cookie and go back.

    A plain link, not a form: choosing a language changes nothing but the visitor's
    own display, so it needs no CSRF token, and the public pages carry no token at
    all (they are the same for every visitor and served from the page cache).
    ``next`` is only followed to a path of this site.
    """
    from django.http import Http404, HttpResponseRedirect
    from django.utils.http import url_has_allowed_host_and_scheme

    if code not in dict(settings.LANGUAGES):
        raise Http404
    target = request.GET.get("next", "")
    if not url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ) or not target.startswith("/"):
        target = "/"
    response = HttpResponseRedirect(target)
    response.set_cookie(
        settings.LANGUAGE_COOKIE_NAME,
        code,
        max_age=settings.LANGUAGE_COOKIE_AGE,
        path=settings.LANGUAGE_COOKIE_PATH,
        domain=settings.LANGUAGE_COOKIE_DOMAIN,
        secure=settings.LANGUAGE_COOKIE_SECURE,
        httponly=settings.LANGUAGE_COOKIE_HTTPONLY,
        samesite=settings.LANGUAGE_COOKIE_SAMESITE,
    )
    return response


def favicon(request: HttpRequest) -> HttpResponse:
    """/favicon.ico, which browsers fetch without being told: the static icon."""
    from django.shortcuts import redirect
    from django.templatetags.static import static

    return redirect(static("img/favicon.ico"), permanent=True)
