"""Lookups shared by the reception views; scope decisions come from core.access."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.http import HttpRequest
from django.urls import reverse

from core.access import get_for_user, reporting_municipalities

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


def absolute(request: HttpRequest, name: str, **kwargs) -> str:
    return request.build_absolute_uri(reverse(name, kwargs=kwargs))
