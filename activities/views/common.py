"""Scope lookups for the activity views; decisions come from core.access."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.http import HttpRequest
from django.shortcuts import get_object_or_404

from activities.models import Activity, ActivityReport, Organisation
from core.access import (
    get_for_staff,
    get_for_user,
    is_county_staff,
    reporting_municipalities,
    staff_counties,
)


def activity_for_reader(request: HttpRequest, pk: int) -> Activity:
    """404 unless the user is staff of its county or reports for a municipality it serves."""
    return get_object_or_404(
        Activity.objects.for_user(request.user).select_related("organisation", "county"), pk=pk
    )


def activity_for_staff(request: HttpRequest, pk: int) -> Activity:
    """404 outside the user's scope, 403 for a reporter who may only read it."""
    activity = activity_for_reader(request, pk)
    if not (
        is_county_staff(request.user)
        and staff_counties(request.user).filter(pk=activity.county_id).exists()
    ):
        raise PermissionDenied
    return activity


def organisation_for_staff(request: HttpRequest, pk: int) -> Organisation:
    return get_for_staff(Organisation.objects.all(), request.user, county_path="county", pk=pk)


def report_queryset():
    return ActivityReport.objects.select_related(
        "activity__organisation", "municipality__county", "period__county", "submitted_by"
    )


def report_for_reader(request: HttpRequest, pk: int) -> ActivityReport:
    return get_for_user(report_queryset(), request.user, pk=pk)


def report_for_reporter(request: HttpRequest, pk: int) -> ActivityReport:
    """404 outside the user's scope; 403 for readers who may not report for its municipality."""
    report = report_for_reader(request, pk)
    if not reporting_municipalities(request.user).filter(pk=report.municipality_id).exists():
        raise PermissionDenied
    return report


def report_for_staff(request: HttpRequest, pk: int) -> ActivityReport:
    return get_for_staff(report_queryset(), request.user, pk=pk)
