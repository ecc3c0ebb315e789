"""For county analysts (county:read): targets, reports with their figures, the review
history and activities of one county and year: paginated JSON or ``?format=csv``."""

from __future__ import annotations

from collections import defaultdict
from typing import Literal

from django.http import Http404, HttpRequest, HttpResponse
from django.utils import timezone
from ninja import Field, Query, Router, Schema

from activities.models import ActivityReport
from core.access import get_county_for_user, staff_municipalities
from core.audit import event_reason, who
from core.exports import csv_response
from core.models import County
from reception.capacity import active_categories, capacity_rows
from reception.models import FollowUpReport, ReportFigure, ReportStatus

from . import auth
from .schemas import (
    ActivityCourseOut,
    ActivityReportOut,
    CountyReportOut,
    HistoryOut,
    Page,
    TargetOut,
)
from .shared import READ_ERRORS, PageQuery, check_year, figure_out, page_of, period_out, target_out

router = Router(tags=["Länet (analytiker)"])

#: Operations that also answer ``?format=csv`` (their 200 documents text/csv too).
CSV_OPERATIONS = frozenset(
    {"county_targets", "county_reports", "county_review_history", "county_activity_reports"}
)
CSV_CONTENT = {
    "schema": {
        "type": "string",
        "description": "Med ?format=csv: alla rader (ingen sidindelning), kommatecken, "
        "punkt som decimaltecken (RFC 4180).",
    }
}

#: The SFI course figures of an activity report, as the API and its CSV name them.
COURSE_FIELDS = tuple(ActivityCourseOut.model_fields)


class ListQuery(PageQuery):
    year: int | None = Field(None, ge=2000, le=9999, description="År (standard: i år).")
    municipality: str | None = Field(
        None, pattern=r"^\d{4}$", description="Bara en kommun (kommunkod, t.ex. 0181)."
    )
    period: int | None = Field(None, ge=1, le=12, description="Periodens nummer (månad 1–12).")
    status: ReportStatus | None = Field(None, description="Bara rapporter med den statusen.")
    format: Literal["json", "csv"] = "json"


def county_of(request: HttpRequest, code: str) -> County:
    """The token's county; any other one is not found, exactly as on the pages."""
    token = request.auth  # type: ignore[attr-defined]
    if token.county is None or token.county.code != code:
        raise Http404
    return get_county_for_user(token.user, code)


def _municipalities(request: HttpRequest, county: County, query: ListQuery):
    found = staff_municipalities(request.auth.user).filter(county=county)  # type: ignore[attr-defined]
    if query.municipality:
        found = found.filter(code=query.municipality)
    return found


def _csv(name: str, county: County, year: int, rows: list[dict], columns: list[str]):
    return csv_response(
        f"{name}-{county.code}-{year}",
        columns,
        ([row.get(c) for c in columns] for row in rows),
        machine=True,
    )


def _answer(query: ListQuery, name: str, county: County, year: int, rows: list[dict], flat=None):
    if query.format == "csv":
        flat_rows = flat(rows) if flat else rows
        columns = list(flat_rows[0]) if flat_rows else ["municipality"]
        return _csv(name, county, year, flat_rows, columns)
    return page_of(rows, query)


@router.get(
    "/counties/{code}/targets",
    response={200: Page[TargetOut], **READ_ERRORS},
    auth=auth.COUNTY_READ,
    url_name="county_targets",
    summary="Mål och mottagna per kommun",
)
def county_targets(request: HttpRequest, code: str, query: Query[ListQuery]):
    county = county_of(request, code)
    year = check_year(query.year)
    rows = [
        target_out(row, year)
        for row in capacity_rows(
            municipalities=_municipalities(request, county, query),
            year=year,
            on_date=timezone.localdate(),
            categories=active_categories(),
        )
    ]
    return _answer(query, "mal", county, year, rows)


def _reports(request: HttpRequest, county: County, year: int, query: ListQuery):
    reports = FollowUpReport.objects.filter(
        municipality__in=_municipalities(request, county, query), period__year=year
    ).select_related("municipality", "period")
    if query.period:
        reports = reports.filter(period__number=query.period)
    if query.status:
        reports = reports.filter(status=query.status)
    return reports.order_by("period__start", "municipality__name")


@router.get(
    "/counties/{code}/reports",
    response={200: Page[CountyReportOut], **READ_ERRORS},
    auth=auth.COUNTY_READ,
    url_name="county_reports",
    summary="Rapporter med status och uppgifter",
    description="Med ?format=csv en rad per rapport och kategori.",
)
def county_reports(request: HttpRequest, code: str, query: Query[ListQuery]):
    county = county_of(request, code)
    year = check_year(query.year)
    reports = list(_reports(request, county, year, query))
    figures = defaultdict(list)
    for figure in ReportFigure.objects.filter(report__in=[r.pk for r in reports]).select_related(
        "category"
    ):
        figures[figure.report_id].append(figure_out(figure))
    rows = [
        {
            "id": r.pk,
            "municipality": r.municipality.code,
            "municipality_name": r.municipality.name,
            "period": period_out(r.period),
            "status": r.status,
            "version": r.version,
            "self_settled": r.self_settled,
            "comment": r.comment,
            "submitted_at": r.submitted_at,
            "reviewed_at": r.reviewed_at,
            "figures": figures[r.pk],
        }
        for r in reports
    ]

    def flat(rows: list[dict]) -> list[dict]:
        return [
            {
                "report_id": row["id"],
                "municipality": row["municipality"],
                "municipality_name": row["municipality_name"],
                "period": row["period"]["label"],
                "period_start": row["period"]["start"],
                "status": row["status"],
                "version": row["version"],
                "self_settled": row["self_settled"],
                **figure,
            }
            for row in rows
            for figure in row["figures"] or [{}]
        ]

    return _answer(query, "rapporter", county, year, rows, flat)


@router.get(
    "/counties/{code}/review-history",
    response={200: Page[HistoryOut], **READ_ERRORS},
    auth=auth.COUNTY_READ,
    url_name="county_review_history",
    summary="Granskningshistorik",
    description="Varje ändring av rapporternas status: när, vem, ny status och skäl "
    "(också vilken API-nyckel som lämnade in).",
)
def county_history(request: HttpRequest, code: str, query: Query[ListQuery]):
    county = county_of(request, code)
    year = check_year(query.year)
    ids = list(_reports(request, county, year, query).values_list("pk", flat=True))
    records = (
        FollowUpReport.history.filter(id__in=ids)
        .select_related("history_user", "municipality", "period")
        .order_by("history_date", "history_id")
    )
    rows = []
    previous: dict[int, str] = {}
    for record in records:
        if previous.get(record.id) == record.status:
            continue  # a draft saved again: no change of status
        previous[record.id] = record.status
        rows.append(
            {
                "report_id": record.id,
                "municipality": record.municipality.code,
                "period": str(record.period.label),
                "at": record.history_date,
                "who": who(record.history_user),
                "status": record.status,
                "reason": event_reason(record.history_change_reason),
            }
        )
    return _answer(query, "granskning", county, year, rows)


@router.get(
    "/counties/{code}/activity-reports",
    response={200: Page[ActivityReportOut], **READ_ERRORS},
    auth=auth.COUNTY_READ,
    url_name="county_activity_reports",
    summary="Aktiviteter och deras uppgifter",
    description="Sfi, samhällsorientering och andra aktiviteter: en rad per aktivitet, "
    "kommun och period med deltagare och utfall.",
)
def county_activity_reports(request: HttpRequest, code: str, query: Query[ListQuery]):
    county = county_of(request, code)
    year = check_year(query.year)
    reports = (
        ActivityReport.objects.filter(
            municipality__in=_municipalities(request, county, query), period__year=year
        )
        .select_related("activity__organisation", "municipality", "period")
        .prefetch_related("courses")
    )
    if query.period:
        reports = reports.filter(period__number=query.period)
    if query.status:
        reports = reports.filter(status=query.status)
    rows = [
        {
            "id": r.pk,
            "activity_id": r.activity_id,
            "activity_title": r.activity.title,
            "activity_kind": r.activity.kind,
            "organisation": r.activity.organisation.name,
            "places": r.activity.places,
            "municipality": r.municipality.code,
            "period": str(r.period.label),
            "status": r.status,
            "women": r.women,
            "men": r.men,
            "participants": r.participants,
            "first_time": r.first_time,
            "completed": r.completed,
            "dropped": r.dropped,
            "courses": [
                {field: getattr(c, field) for field in COURSE_FIELDS} for c in r.courses.all()
            ],
        }
        for r in reports.order_by("period__start", "activity__title", "municipality__name")
    ]

    def flat(rows: list[dict]) -> list[dict]:
        """One CSV row per SFI course of a report (one row, blank course, without any)."""
        blank = dict.fromkeys(COURSE_FIELDS, "")
        return [
            {**{k: v for k, v in row.items() if k != "courses"}, **course}
            for row in rows
            for course in row["courses"] or [blank]
        ]

    return _answer(query, "aktiviteter", county, year, rows, flat)


__all__ = ["router", "HttpResponse", "Schema"]
