"""Lookups shared by the reception views; scope decisions come from agreements.access."""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest
from django.urls import reverse

from agreements.access import get_for_user, reporting_municipalities, staff_counties
from agreements.models import County
from integration_portal.clock import is_follow_up_year

from ..models import FollowUpReport


def report_queryset():
    return FollowUpReport.objects.select_related("municipality__county", "period__county")


def report_for_reporter(request: HttpRequest, pk: int) -> FollowUpReport:
    """404 outside the user's scope; 403 for readers who may not report for it."""
    report = get_for_user(report_queryset(), request.user, pk=pk)
    if not reporting_municipalities(request.user).filter(pk=report.municipality_id).exists():
        raise PermissionDenied
    return report


def may_edit(request: HttpRequest, report) -> bool:
    """Whether the user may change this report (of any kind) now: editable and theirs to report."""
    return (
        report.is_editable
        and reporting_municipalities(request.user).filter(pk=report.municipality_id).exists()
    )


def staff_county(request: HttpRequest) -> County:
    """The county a staff page is about: ?lan=<code> for administrators, else their own."""
    counties = staff_counties(request.user)
    code = request.GET.get("lan") or getattr(request.user.county, "code", None)
    code = code or settings.PORTAL_COUNTY_CODE
    county = counties.filter(code=code).first()
    if county is None:
        raise Http404
    return county


def year_from(request: HttpRequest, default: int) -> int:
    """The year asked for with ?ar=, if the follow-up pages cover it (else 404)."""
    try:
        year = int(request.GET.get("ar", default))
    except ValueError:
        raise Http404 from None
    if not is_follow_up_year(year):
        raise Http404
    return year


def add_service_errors(form, error: ValidationError) -> None:
    """Put a service's ValidationError on the form (field errors where they belong)."""
    if hasattr(error, "error_dict"):
        for field, messages in error.message_dict.items():
            target = field if field in form.fields else None
            for message in messages:
                form.add_error(target, message)
    else:
        for message in error.messages:
            form.add_error(None, message)


def absolute(request: HttpRequest, name: str, **kwargs) -> str:
    return request.build_absolute_uri(reverse(name, kwargs=kwargs))
