"""/api/v1/: the API object, its error answers and its description (OpenAPI 3.1)."""

from __future__ import annotations

import logging

from django.core.exceptions import PermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from ninja import NinjaAPI
from ninja.errors import HttpError
from ninja.errors import ValidationError as NinjaValidationError

from . import county, reporting
from .auth import RateLimited, ScopeMissing, TokenRefused
from .problems import PROBLEM_TYPE, problem, unauthorized
from .shared import ApiProblem

log = logging.getLogger("integration_portal.api")


class PortalApi(NinjaAPI):
    def get_openapi_schema(self, *, path_prefix=None, path_params=None):
        """Ninja's document, with the error answers' media type as they are sent
        (application/problem+json) and operation ids as the URL names."""
        schema = super().get_openapi_schema(path_prefix=path_prefix, path_params=path_params)
        for item in schema.get("paths", {}).values():
            for operation in item.values():
                if operation.get("operationId") in county.CSV_OPERATIONS:
                    ok = operation["responses"].get(200) or operation["responses"]["200"]
                    ok["content"]["text/csv"] = county.CSV_CONTENT
                for status, answer in operation.get("responses", {}).items():
                    content = answer.get("content", {})
                    if str(status)[0] in "45" and "application/json" in content:
                        content[PROBLEM_TYPE] = content.pop("application/json")
                        answer.setdefault("description", str(status))
        return schema

    def get_openapi_operation_id(self, operation) -> str:
        return operation.url_name or operation.view_func.__name__


api = PortalApi(
    title="Integrationsportalen API",
    version="1",
    description=(
        "Rapportering för kommunernas ärendesystem och läsning för länets analytiker. "
        "Anrop autentiseras med en API-nyckel (Authorization: Bearer <nyckel>) som skapas "
        "under Mina sidor → API-nycklar. Fel svarar application/problem+json (RFC 9457), "
        "på svenska eller engelska (Accept-Language)."
    ),
    urls_namespace="api_v1",
    docs_url=None,
)
api.add_router("", reporting.router)
api.add_router("", county.router)

#: pydantic's error types in the portal's words (sv, en in the catalogue).
MESSAGES = {
    "extra_forbidden": gettext_lazy("Okänt fält. Fält som API:et inte känner till avböjs."),
    "missing": gettext_lazy("Fältet saknas."),
    "int_type": gettext_lazy("Ange ett heltal."),
    "int_parsing": gettext_lazy("Ange ett heltal."),
    "int_from_float": gettext_lazy("Ange ett heltal."),
    "greater_than_equal": gettext_lazy("Värdet är för litet."),
    "less_than_equal": gettext_lazy("Värdet är för stort."),
    "bool_type": gettext_lazy("Ange true eller false."),
    "bool_parsing": gettext_lazy("Ange true eller false."),
    "string_type": gettext_lazy("Ange en text."),
    "string_too_long": gettext_lazy("Texten är för lång."),
    "string_pattern_mismatch": gettext_lazy("Värdet har fel form."),
    "dict_type": gettext_lazy("Ange ett objekt."),
    "model_type": gettext_lazy("Ange ett objekt."),
    "model_attributes_type": gettext_lazy("Ange ett objekt."),
    "enum": gettext_lazy("Värdet är inte ett av de tillåtna."),
    "literal_error": gettext_lazy("Värdet är inte ett av de tillåtna."),
}
SERVICE_FIELDS = ("previous_year", "received", "women", "men", "children")


def field_path(loc: list | tuple) -> str:
    parts = [str(p) for p in loc]
    if parts and parts[0] in ("body", "query", "path", "header"):
        parts = parts[1:]
    if parts and parts[0] in ("body", "filters", "query"):
        parts = parts[1:]
    return ".".join(parts) or "body"


def service_field(name: str) -> str:
    """The form's field name (``women_anvisade``) as the API's (``figures.anvisade.women``)."""
    for part in SERVICE_FIELDS:
        if name.startswith(part + "_"):
            return f"figures.{name[len(part) + 1 :]}.{part}"
    return name


def _validation(request: HttpRequest, exc: NinjaValidationError) -> HttpResponse:
    errors = [
        {
            "field": field_path(e.get("loc", ())),
            "message": str(MESSAGES.get(e.get("type", ""), e.get("msg", ""))),
        }
        for e in exc.errors
    ]
    return problem(
        request, 422, _("Uppgifterna har fel. Se errors."), code="invalid", errors=errors
    )


def _service(request: HttpRequest, exc: DjangoValidationError) -> HttpResponse:
    code = getattr(exc, "code", None) or ""
    status = 409 if code in ("stale", "locked", "duplicate") else 422
    if hasattr(exc, "error_dict"):
        errors = [
            {"field": service_field(name), "message": message}
            for name, messages in exc.message_dict.items()
            for message in messages
        ]
        return problem(
            request,
            status,
            _("Uppgifterna har fel. Se errors."),
            code=code or "invalid",
            errors=errors,
        )
    return problem(request, status, " ".join(exc.messages), code=code or "invalid")


def _api_problem(request: HttpRequest, exc: ApiProblem) -> HttpResponse:
    return problem(
        request,
        exc.status,
        exc.detail,
        code=exc.code,
        errors=exc.errors,
        headers=exc.headers,
        **exc.extra,
    )


def _http_error(request: HttpRequest, exc: HttpError) -> HttpResponse:
    if exc.status_code == 400:
        return problem(request, 400, _("Kroppen är inte giltig JSON."), code="malformed_json")
    return problem(request, exc.status_code, code=str(exc.status_code))


def _unexpected(request: HttpRequest, exc: Exception) -> HttpResponse:
    log.exception("API error on %s %s", request.method, request.path)
    return problem(request, 500, _("Något gick fel hos oss. Försök igen om en stund."))


api.add_exception_handler(
    TokenRefused, lambda request, exc: unauthorized(request, exc.detail, exc.code)
)
api.add_exception_handler(
    ScopeMissing,
    lambda request, exc: problem(
        request,
        403,
        _("API-nyckeln saknar behörigheten %(scope)s.") % {"scope": exc.scope},
        code="insufficient_scope",
        headers={
            "WWW-Authenticate": f'Bearer realm="integrationsportalen", '
            f'error="insufficient_scope", scope="{exc.scope}"'
        },
    ),
)
api.add_exception_handler(
    RateLimited,
    lambda request, exc: problem(
        request,
        429,
        _("För många anrop med den här nyckeln. Vänta %(n)s sekunder.") % {"n": exc.retry_after},
        code="rate_limited",
        headers={"Retry-After": str(exc.retry_after)},
    ),
)
api.add_exception_handler(ApiProblem, _api_problem)
api.add_exception_handler(NinjaValidationError, _validation)
api.add_exception_handler(DjangoValidationError, _service)
api.add_exception_handler(HttpError, _http_error)
api.add_exception_handler(
    Http404, lambda request, exc: problem(request, 404, _("Finns inte."), code="not_found")
)
api.add_exception_handler(
    PermissionDenied,
    lambda request, exc: problem(request, 403, _("Det får du inte göra."), code="forbidden"),
)
api.add_exception_handler(Exception, _unexpected)
