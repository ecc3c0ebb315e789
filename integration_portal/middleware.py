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


def portal_error_page(
    request: HttpRequest, template: str, status: int, **extra: object
) -> HttpResponse:
    """One of the portal's own error pages, rendered without context processors
    (it may answer before the session and the user are known). Under /api/ the same
    answer as application/problem+json (RFC 9457)."""
    from django.template import loader

    from api.problems import is_api, problem

    if is_api(request):
        return problem(request, status, code={400: "bad_request", 413: "too_large"}.get(status, ""))

    context = {"portal_organisation": settings.PORTAL_ORGANISATION, "request": request, **extra}
    return HttpResponse(loader.get_template(template).render(context), status=status)


class RequestBodyLimitMiddleware:
    """413 with the portal's page for a body larger than REQUEST_BODY_MAX_BYTES.

    Django bounds only the non-file part of a body (DATA_UPLOAD_MAX_MEMORY_SIZE); a
    multipart upload of any size is spooled to disk before a view can refuse it, even
    on the sign-in page. This answers from the Content-Length header alone, before
    anything reads the body. A body without Content-Length is never read by Django.
    """

    def __init__(self, get_response) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        raw = request.META.get("CONTENT_LENGTH") or "0"
        try:
            length = int(raw)
        except ValueError:
            return portal_error_page(request, "400.html", 400)
        if length < 0:
            return portal_error_page(request, "400.html", 400)
        if length > settings.REQUEST_BODY_MAX_BYTES:
            limit_mb = max(settings.REQUEST_BODY_MAX_BYTES // 1_000_000, 1)
            return portal_error_page(request, "413.html", 413, limit_mb=limit_mb)
        return self.get_response(request)


def _clean_utf8(raw: str | bytes, *, nul_allowed: bool = False) -> bool:
    """True when a percent-encoded query string or body decodes as UTF-8 (without NUL).

    PEP 3333 hands the query string over as latin-1 decoded bytes; Django itself
    decodes with errors="replace", so bad bytes would silently become U+FFFD and a
    NUL would reach the database (PostgreSQL refuses it: a 500).
    """
    from urllib.parse import unquote_to_bytes

    if isinstance(raw, str):
        try:
            raw = raw.encode("latin-1")
        except UnicodeEncodeError:
            raw = raw.encode("utf-8")
    data = unquote_to_bytes(raw.replace(b"+", b" "))
    if not nul_allowed and b"\x00" in data:
        return False
    try:
        data.decode("utf-8")
    except UnicodeDecodeError:
        return False
    return True


class UndecodableRequestMiddleware:
    """400 with the portal's page for input no view can read.

    A NUL in the path or the query string (``?lan=%00``), bytes that are not UTF-8
    in the query string or a form body, or a body declaring another charset than
    UTF-8 (Django would decode with it, or fail on an unknown one). The portal's
    pages are UTF-8 only, so a browser never sends any of these. A NUL typed into
    a form field is left to the form, which answers with its own message.
    """

    FORM = "application/x-www-form-urlencoded"

    def __init__(self, get_response) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if not self._readable(request):
            return portal_error_page(request, "400.html", 400)
        return self.get_response(request)

    def _readable(self, request: HttpRequest) -> bool:
        import codecs

        if "\x00" in request.path_info:
            return False
        if not _clean_utf8(request.META.get("QUERY_STRING", "")):
            return False
        content_type, _sep, params = request.META.get("CONTENT_TYPE", "").partition(";")
        for param in params.split(";"):
            name, _eq, value = param.strip().partition("=")
            if name.lower() == "charset":
                try:
                    codec = codecs.lookup(value.strip().strip('"'))
                except LookupError:
                    return False
                if codec.name != "utf-8":
                    return False
        if content_type.strip().lower() == self.FORM and request.method not in ("GET", "HEAD"):
            # Bounded: RequestBodyLimitMiddleware ran first, and Django refuses a form
            # body above DATA_UPLOAD_MAX_MEMORY_SIZE (400).
            if not _clean_utf8(request.body, nul_allowed=True):
                return False
        return True
