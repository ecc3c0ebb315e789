from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.utils import translation


class ChosenLanguageMiddleware:
    """Swedish unless the visitor has chosen English with the language switch.

    Django's LocaleMiddleware also follows the browser's Accept-Language, which
    would show a Swedish officer with an English browser a half-English portal
    and make cached public pages vary by header. Here only the explicit choice
    (the language cookie set by the switch) counts.
    """

    def __init__(self, get_response) -> None:
        self.get_response = get_response
        self.supported = {code for code, _ in settings.LANGUAGES}

    def __call__(self, request: HttpRequest) -> HttpResponse:
        chosen = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME)
        language = chosen if chosen in self.supported else settings.LANGUAGE_CODE
        translation.activate(language)
        request.LANGUAGE_CODE = language
        response = self.get_response(request)
        response.headers.setdefault("Content-Language", language)
        if "Cookie" not in response.get("Vary", ""):
            from django.utils.cache import patch_vary_headers

            patch_vary_headers(response, ("Cookie",))
        translation.deactivate()
        return response


def is_database_unavailable(exception: BaseException) -> bool:
    """True for "cannot reach the database" errors, Django's or the driver's own.

    Django wraps most driver errors in ``django.db.OperationalError``, but not
    all: a cursor closed while PostgreSQL restarts raises psycopg2's own
    OperationalError (seen in bench/run.py's fault run as a 500 instead of 503).
    """
    from django.db import InterfaceError, OperationalError, connection

    driver = connection.Database
    return isinstance(
        exception,
        OperationalError | InterfaceError | driver.OperationalError | driver.InterfaceError,
    )


class DatabaseUnavailableMiddleware:
    """Answer 503 with the portal's own page when the database cannot be reached.

    During a database restart every request fails to connect; the visitor gets
    "try again in a moment" (never a traceback), and with CONN_HEALTH_CHECKS the
    workers reconnect by themselves once the database is back.
    """

    def __init__(self, get_response) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_exception(self, request: HttpRequest, exception: Exception):
        from django.template import loader

        if not is_database_unavailable(exception):
            return None
        import logging

        logging.getLogger("integration_portal").error(
            "database unavailable: %s", exception.__class__.__name__
        )
        context = {"portal_organisation": settings.PORTAL_ORGANISATION, "request": request}
        body = loader.get_template("503.html").render(context)
        response = HttpResponse(body, status=503)
        response["Retry-After"] = "30"
        return response
