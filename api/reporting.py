"""For municipal case systems (report:read, report:write): what is due, targets and
received so far, a report, a draft, a submission, through the same services as the form.
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from ninja import Query, Router

from core.access import get_municipality_for_user, reporting_municipalities
from core.locking import StaleVersion
from core.models import Municipality
from reception import services
from reception.capacity import active_categories, capacity_rows
from reception.models import HANDED_IN, FollowUpReport, ReportingPeriod, ReportStatus

from . import auth
from .schemas import DraftIn, DueOut, ReportOut, SubmitIn, TargetOut
from .shared import (
    ERRORS,
    ApiProblem,
    YearQuery,
    check_year,
    figure_out,
    period_out,
    target_out,
    version_from,
)

router = Router(tags=["Rapportering (kommunens system)"])


def municipality_of(request: HttpRequest, code: str) -> Municipality:
    """The token's municipality; any other one is not found, exactly as on the pages."""
    token = request.auth  # type: ignore[attr-defined]
    if token.municipality is None or token.municipality.code != code:
        raise Http404
    municipality = get_municipality_for_user(token.user, code)
    if not reporting_municipalities(token.user).filter(pk=municipality.pk).exists():
        raise PermissionDenied
    return municipality


def period_of(municipality: Municipality, period_id: int) -> ReportingPeriod:
    return get_object_or_404(ReportingPeriod, pk=period_id, county_id=municipality.county_id)


def report_out(
    municipality: Municipality, period: ReportingPeriod, report: FollowUpReport | None
) -> dict:
    if report is None:
        return {
            "id": None,
            "municipality": municipality.code,
            "municipality_name": municipality.name,
            "period": period_out(period),
            "status": ReportStatus.NOT_STARTED.value,
            "status_label": str(ReportStatus.NOT_STARTED.label),
            "version": 0,
            "editable": True,
            "self_settled": None,
            "comment": "",
            "review_message": "",
            "submitted_at": None,
            "figures": [],
            "warnings": [],
        }
    return {
        "id": report.pk,
        "municipality": municipality.code,
        "municipality_name": municipality.name,
        "period": period_out(period),
        "status": report.status,
        "status_label": str(ReportStatus(report.status).label),
        "version": report.version,
        "editable": report.is_editable,
        "self_settled": report.self_settled,
        "comment": report.comment,
        "review_message": report.review_message,
        "submitted_at": report.submitted_at,
        "figures": [figure_out(f) for f in report.figures.select_related("category")],
        "warnings": services.report_warnings(report) if report.figures.exists() else [],
    }


def _report(municipality: Municipality, period: ReportingPeriod) -> FollowUpReport | None:
    return (
        FollowUpReport.objects.select_related("municipality", "period__county")
        .filter(municipality=municipality, period=period)
        .first()
    )


def conflict(municipality: Municipality, period: ReportingPeriod, exc: StaleVersion) -> ApiProblem:
    """409 with the report as it is now, so the client can show it and decide."""
    current = report_out(municipality, period, _report(municipality, period))
    return ApiProblem(
        409,
        exc.messages[0],
        code="stale",
        current=ReportOut(**current).model_dump(mode="json"),
        headers={"ETag": f'"{current["version"]}"'},
    )


def _with_etag(request: HttpRequest, data: dict) -> dict:
    request.api_etag = f'"{data["version"]}"'  # type: ignore[attr-defined]
    return data


@router.get(
    "/municipalities/{code}/periods",
    response={200: list[DueOut], **ERRORS},
    auth=auth.REPORT_READ,
    url_name="municipality_periods",
    summary="Vad ska lämnas och när",
    description="Årets perioder (som har börjat) med sista dag, status och version, och "
    "tidigare års perioder som är försenade eller skickade tillbaka.",
)
def periods(request: HttpRequest, code: str, filters: Query[YearQuery]):
    municipality = municipality_of(request, code)
    today = timezone.localdate()
    year = check_year(filters.year)
    found = list(
        ReportingPeriod.objects.filter(
            county_id=municipality.county_id, year__lte=year, start__lte=today
        ).order_by("start")
    )
    reports = {
        r.period_id: r
        for r in FollowUpReport.objects.filter(municipality=municipality, period__in=found)
    }
    rows = []
    for period in found:
        report = reports.get(period.pk)
        status = report.status if report else ReportStatus.NOT_STARTED
        overdue = status not in HANDED_IN and period.deadline < today
        to_fix = status in (ReportStatus.RETURNED, ReportStatus.REOPENED)
        if period.year != year and not (overdue or to_fix):
            continue
        rows.append(
            {
                "period": period_out(period),
                "status": status,
                "status_label": str(ReportStatus(status).label),
                "overdue": overdue,
                "report_id": report.pk if report else None,
                "version": report.version if report else 0,
                "review_message": report.review_message if report else "",
            }
        )
    return rows


@router.get(
    "/municipalities/{code}/targets",
    response={200: list[TargetOut], **ERRORS},
    auth=auth.REPORT_READ,
    url_name="municipality_targets",
    summary="Mål och mottagna hittills",
    description="Per kategori: målet (kommuntal och andra mål), godkänt och inskickat i år, "
    "kvar och förväntat i dag. Kategorikoderna är nycklarna i en rapports figures.",
)
def targets(request: HttpRequest, code: str, filters: Query[YearQuery]):
    municipality = municipality_of(request, code)
    today = timezone.localdate()
    year = check_year(filters.year)
    rows = capacity_rows(
        municipalities=Municipality.objects.filter(pk=municipality.pk),
        year=year,
        on_date=today,
        categories=active_categories(),
    )
    return [target_out(row, year) for row in rows]


@router.get(
    "/municipalities/{code}/reports/{period_id}",
    response={200: ReportOut, **ERRORS},
    auth=auth.REPORT_READ,
    url_name="municipality_report",
    summary="Läs en rapport",
    description="Kommunens rapport för perioden, med version (också som ETag) och "
    'varningar. En rapport som inte är påbörjad har status "not_started" och version 0.',
)
def report_read(request: HttpRequest, code: str, period_id: int):
    municipality = municipality_of(request, code)
    period = period_of(municipality, period_id)
    return _with_etag(request, report_out(municipality, period, _report(municipality, period)))


@router.put(
    "/municipalities/{code}/reports/{period_id}",
    response={200: ReportOut, **ERRORS},
    auth=auth.REPORT_WRITE,
    url_name="municipality_report_save",
    summary="Spara ett utkast",
    description="Samma kontroller som formuläret: alla aktiva kategorier, varav-reglerna "
    "(kvinnor + män = mottagna, barn högst mottagna, en del högst sin helhet). Versionen "
    "måste vara den du läste (409 annars, med rapporten som den är nu).",
)
def report_save(request: HttpRequest, code: str, period_id: int, body: DraftIn):
    municipality = municipality_of(request, code)
    period = period_of(municipality, period_id)
    version = version_from(request, body.version)
    known = {c.code for c in active_categories()}
    unknown = sorted(set(body.figures) - known)
    if unknown:
        raise ApiProblem(
            422,
            _("Okända kategorier. Giltiga koder: %(codes)s.") % {"codes": ", ".join(sorted(known))},
            code="unknown_category",
            errors=[
                {"field": f"figures.{key}", "message": _("Okänd kategori.")} for key in unknown
            ],
        )
    figures = {key: value.model_dump(exclude_none=False) for key, value in body.figures.items()}
    try:
        report = services.report_save_draft(
            municipality=municipality,
            period=period,
            user=request.auth.user,  # type: ignore[attr-defined]
            figures=figures,
            self_settled=body.self_settled,
            comment=body.comment,
            version=version,
            via=request.auth.label,  # type: ignore[attr-defined]
        )
    except StaleVersion as exc:
        raise conflict(municipality, period, exc) from None
    return _with_etag(request, report_out(municipality, period, report))


@router.post(
    "/municipalities/{code}/reports/{period_id}/submit",
    response={200: ReportOut, **ERRORS},
    auth=auth.REPORT_WRITE,
    url_name="municipality_report_submit",
    summary="Skicka in",
    description="Lämnar in rapporten när perioden är slut. Har rapporten varningar krävs "
    '"confirm_warnings": true (annars 422 med varningarna). Kvittot e-postas till '
    "nyckelns ägare och länets handläggare får besked, som i webbläsaren.",
)
def report_submit(request: HttpRequest, code: str, period_id: int, body: SubmitIn):
    municipality = municipality_of(request, code)
    period = period_of(municipality, period_id)
    version = version_from(request, body.version)
    report = _report(municipality, period)
    if report is None:
        raise Http404
    link = request.build_absolute_uri(reverse("reception:report_receipt", args=[report.pk]))
    try:
        report = services.report_submit(
            report=report,
            user=request.auth.user,  # type: ignore[attr-defined]
            version=version,
            confirmed=body.confirm_warnings,
            link=link,
            via=request.auth.label,  # type: ignore[attr-defined]
        )
    except StaleVersion as exc:
        raise conflict(municipality, period, exc) from None
    except ValidationError as exc:
        if getattr(exc, "code", None) == "unconfirmed":
            raise ApiProblem(
                422,
                exc.messages[0],
                code="unconfirmed",
                errors=[{"field": "confirm_warnings", "message": exc.messages[0]}],
                warnings=services.report_warnings(report),
            ) from None
        raise
    return _with_etag(request, report_out(municipality, period, report))
