"""Errors as ``application/problem+json`` (RFC 9457), in Swedish or English.

Every error the API answers has ``type``, ``title``, ``status`` and ``detail``; field
errors add ``errors``: ``[{"field": "figures.anvisade.received", "message": "..."}]``.
The language follows ``Accept-Language`` (sv unless English is asked for first).
"""

from __future__ import annotations

import json
from typing import Any

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

PROBLEM_TYPE = "application/problem+json"
#: ``type`` is a stable identifier per kind of error; the titles are for people.
TITLES = {
    400: gettext_lazy("Felaktig begäran"),
    401: gettext_lazy("Inloggning krävs"),
    403: gettext_lazy("Otillåtet"),
    404: gettext_lazy("Finns inte"),
    405: gettext_lazy("Metoden stöds inte"),
    409: gettext_lazy("Konflikt"),
    412: gettext_lazy("Versionen stämmer inte"),
    413: gettext_lazy("För stor begäran"),
    415: gettext_lazy("Fel innehållstyp"),
    422: gettext_lazy("Uppgifterna kan inte sparas"),
    428: gettext_lazy("Version saknas"),
    429: gettext_lazy("För många anrop"),
    500: gettext_lazy("Serverfel"),
}


def language_of(request: HttpRequest) -> str:
    """sv or en from Accept-Language (the API has no language cookie)."""
    from django.utils.translation.trans_real import parse_accept_lang_header

    supported = {code for code, _name in settings.LANGUAGES}
    for code, _q in parse_accept_lang_header(request.META.get("HTTP_ACCEPT_LANGUAGE", "")):
        base = code.split("-")[0].lower()
        if base in supported:
            return base
    return settings.LANGUAGE_CODE


def problem(
    request: HttpRequest,
    status: int,
    detail: Any = "",
    *,
    code: str = "",
    errors: list[dict[str, str]] | None = None,
    headers: dict[str, str] | None = None,
    **extra: Any,
) -> HttpResponse:
    with translation.override(language_of(request)):
        body: dict[str, Any] = {
            "type": f"urn:integrationsportalen:problem:{code or status}",
            "title": str(TITLES.get(status, TITLES[400 if status < 500 else 500])),
            "status": status,
            "detail": str(detail) if detail else str(TITLES.get(status, "")),
            "instance": request.path,
        }
        if code:
            body["code"] = code
        if errors:
            body["errors"] = [{k: str(v) for k, v in e.items()} for e in errors]
        body.update(extra)
        content = json.dumps(body, ensure_ascii=False, default=str)
    response = HttpResponse(content, status=status, content_type=PROBLEM_TYPE)
    response["Content-Language"] = language_of(request)
    for name, value in (headers or {}).items():
        response[name] = value
    return response


#: Under /api/ but a page of the portal (its language follows the language switch).
DOCS_PATH = "/api/v1/dokumentation/"


def is_api(request: HttpRequest) -> bool:
    path = request.path_info
    return path.startswith("/api/") and not path.startswith(DOCS_PATH)


def unauthorized(request: HttpRequest, detail: str, code: str = "invalid_token") -> HttpResponse:
    with translation.override(language_of(request)):
        text = str(detail)
    return problem(
        request,
        401,
        text,
        code=code,
        headers={
            "WWW-Authenticate": f'Bearer realm="integrationsportalen", error="{code}"'
            if code != "missing_token"
            else 'Bearer realm="integrationsportalen"'
        },
    )


def too_large(request: HttpRequest, limit: int) -> HttpResponse:
    with translation.override(language_of(request)):
        text = _("Begäran är större än %(n)s byte.") % {"n": limit}
    return problem(request, 413, text, code="too_large")
