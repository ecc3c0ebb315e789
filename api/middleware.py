"""What every /api/ request goes through besides the operation itself."""

from __future__ import annotations

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.utils import translation

from accounts.security import log_event

from .problems import is_api, language_of, too_large


class ApiMiddleware:
    """For /api/ only: the language from ``Accept-Language`` (the API has no language
    cookie), a tighter body limit than the pages' (413 as problem+json before the body is
    read), and one line in the security log per call, naming the token, never the
    secret."""

    def __init__(self, get_response) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if not is_api(request):
            return self.get_response(request)
        translation.activate(language_of(request))
        request.LANGUAGE_CODE = translation.get_language()
        try:
            length = int(request.META.get("CONTENT_LENGTH") or 0)
        except ValueError:  # RequestBodyLimitMiddleware answered already
            length = 0
        if length > settings.API_BODY_MAX_BYTES:
            response = too_large(request, settings.API_BODY_MAX_BYTES)
        else:
            response = self.get_response(request)
        response["Content-Language"] = translation.get_language()
        if "HTTP_AUTHORIZATION" in request.META or getattr(request, "api_token", None):
            # A municipality's or county's figures: no proxy or browser cache keeps them.
            response["Cache-Control"] = "private, no-store"
        etag = getattr(request, "api_etag", None)
        if etag and response.status_code == 200:
            response["ETag"] = etag
        self._log(request, response)
        return response

    def _log(self, request: HttpRequest, response: HttpResponse) -> None:
        token = getattr(request, "api_token", None)
        if token is None and "HTTP_AUTHORIZATION" not in request.META:
            # The description and the docs (no token involved): not a call to log.
            if response.status_code < 400:
                return
        log_event(
            "api_call" if response.status_code < 400 else "api_refused",
            request,
            token.user.email if token is not None else "",
            token=f'"{token.name}"' if token is not None else "-",
            method=request.method or "-",
            path=request.path,
            status=str(response.status_code),
        )
