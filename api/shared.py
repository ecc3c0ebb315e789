"""Pieces every operation uses: error responses, the year filter, pagination, output rows."""

from __future__ import annotations

import math
from typing import Any

from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _
from ninja import Field, Schema

from core.years import FIRST_YEAR, last_year
from reception.models import ReportFigure, ReportingPeriod

from .schemas import Problem

#: Error answers every operation may give (all application/problem+json).
ERRORS: dict[int, Any] = {
    400: Problem,
    401: Problem,
    403: Problem,
    404: Problem,
    409: Problem,
    413: Problem,
    422: Problem,
    428: Problem,
    429: Problem,
}
READ_ERRORS = {k: v for k, v in ERRORS.items() if k not in (409, 428)}


class ApiProblem(Exception):
    """An answer other than success, as problem+json (``api.v1`` renders it)."""

    def __init__(
        self,
        status: int,
        detail: Any = "",
        *,
        code: str = "",
        errors: list[dict[str, str]] | None = None,
        headers: dict[str, str] | None = None,
        **extra: Any,
    ) -> None:
        self.status = status
        self.detail = detail
        self.code = code
        self.errors = errors
        self.headers = headers
        self.extra = extra
        super().__init__(str(detail))


class YearQuery(Schema):
    year: int | None = Field(None, ge=FIRST_YEAR, le=9999, description="År (standard: i år).")


def check_year(year: int | None) -> int:
    today = timezone.localdate()
    year = year or today.year
    if not FIRST_YEAR <= year <= last_year(today):
        raise ApiProblem(
            422,
            _("Året ska vara mellan %(first)s och %(last)s.")
            % {"first": FIRST_YEAR, "last": last_year(today)},
            code="year",
            errors=[{"field": "year", "message": _("Året finns inte i portalen.")}],
        )
    return year


def version_from(request: HttpRequest, version: int | None) -> int:
    """The version the client read: the body's ``version`` or ``If-Match: "<n>"``."""
    header = request.headers.get("If-Match", "").strip()
    from_header = None
    if header:
        text = header.removeprefix("W/").strip('"')
        if not text.isdecimal() or len(text) > 9:
            raise ApiProblem(
                400, _('If-Match ska vara en version inom citattecken, t.ex. "3".'), code="if_match"
            )
        from_header = int(text)
    if version is not None and from_header is not None and version != from_header:
        raise ApiProblem(
            400, _("version och If-Match anger olika versioner."), code="version_mismatch"
        )
    found = version if version is not None else from_header
    if found is None:
        raise ApiProblem(
            428,
            _('Ange versionen du läste: "version" i kroppen eller If-Match: "<version>".'),
            code="version_required",
            errors=[{"field": "version", "message": _("Versionen saknas.")}],
        )
    return found


def period_out(period: ReportingPeriod) -> dict:
    return {
        "id": period.pk,
        "year": period.year,
        "number": period.number,
        "label": str(period.label),
        "start": period.start,
        "end": period.end,
        "deadline": period.deadline,
        "submission_opens": period.submission_opens,
    }


def figure_out(figure: ReportFigure) -> dict:
    return {
        "category": figure.category.code,
        "category_name": figure.category.name,
        "received": figure.received,
        "women": figure.women,
        "men": figure.men,
        "children": figure.children,
        "previous_year": figure.previous_year,
    }


def target_out(row, year: int) -> dict:
    return {
        "municipality": row.municipality.code,
        "municipality_name": row.municipality.name,
        "year": year,
        "category": row.category.code,
        "category_name": row.category.name,
        "target": row.target,
        "approved": row.approved,
        "submitted": row.submitted,
        "received": row.received,
        "remaining": row.remaining,
        "fulfilment_percent": float(row.fulfilment) if row.fulfilment is not None else None,
        "expected": row.expected,
    }


class PageQuery(Schema):
    page: int = Field(1, ge=1, le=100_000)
    page_size: int = Field(100, ge=1, le=500)


def page_of(items: list, query: PageQuery) -> dict:
    count = len(items)
    start = (query.page - 1) * query.page_size
    return {
        "count": count,
        "page": query.page,
        "page_size": query.page_size,
        "pages": max(math.ceil(count / query.page_size), 1),
        "results": items[start : start + query.page_size],
    }
