"""Lookups shared by the survey views; scope decisions come from core.access."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.db.models import Q, QuerySet
from django.http import HttpRequest
from django.shortcuts import get_object_or_404

from core import clock
from core.access import (
    get_for_staff,
    get_for_user,
    get_municipality_for_user,
    readable_counties,
    reporting_municipalities,
    staff_counties,
)
from core.models import Municipality

from ..models import Campaign, Response, Survey


def response_queryset() -> QuerySet[Response]:
    return Response.objects.select_related(
        "municipality__county", "campaign__survey", "campaign__county"
    )


def readable_surveys(user) -> QuerySet[Survey]:
    """National surveys and those of the user's counties."""
    return Survey.objects.filter(Q(county__isnull=True) | Q(county__in=readable_counties(user)))


def staff_survey(request: HttpRequest, pk: int) -> Survey:
    """A survey staff may work with: 404 if it is another county's, 403 for reporters."""
    survey = get_object_or_404(readable_surveys(request.user).select_related("county"), pk=pk)
    if survey.county_id is None:
        if not staff_counties(request.user).exists():
            raise PermissionDenied
    elif not staff_counties(request.user).filter(pk=survey.county_id).exists():
        raise PermissionDenied
    return survey


def staff_campaign(request: HttpRequest, pk: int) -> Campaign:
    """A campaign of the user's county, or a national one (each staff member sees their
    county's part of it); 403 for reporters."""
    campaign = get_object_or_404(
        Campaign.objects.select_related("survey", "county").filter(
            Q(county__isnull=True) | Q(county__in=readable_counties(request.user))
        ),
        pk=pk,
    )
    if not staff_counties(request.user).exists():
        raise PermissionDenied
    if campaign.county_id and not staff_counties(request.user).filter(pk=campaign.county_id):
        raise PermissionDenied
    return campaign


def reporter_campaign(request: HttpRequest, pk: int, code: str) -> tuple[Campaign, Municipality]:
    """The campaign and the municipality a reporter answers for: 404 for a municipality
    out of scope or a campaign that does not reach it, 403 for readers who do not report."""
    municipality = get_municipality_for_user(request.user, code)
    if not reporting_municipalities(request.user).filter(pk=municipality.pk).exists():
        raise PermissionDenied
    campaign = get_object_or_404(
        Campaign.objects.for_municipality(municipality)
        .open_on(clock.today())
        .select_related("survey"),
        pk=pk,
    )
    return campaign, municipality


def reporter_response(request: HttpRequest, pk: int) -> Response:
    """404 outside the user's scope; 403 for readers who may not report for it."""
    response = get_for_user(response_queryset(), request.user, pk=pk)
    if not reporting_municipalities(request.user).filter(pk=response.municipality_id).exists():
        raise PermissionDenied
    return response


def staff_response(request: HttpRequest, pk: int) -> Response:
    return get_for_staff(
        response_queryset()
        .select_related("submitted_by", "covered_by__municipality")
        .prefetch_related("covers__municipality"),
        request.user,
        pk=pk,
    )


def readable_response(request: HttpRequest, pk: int) -> Response:
    return get_for_user(response_queryset().select_related("submitted_by"), request.user, pk=pk)
