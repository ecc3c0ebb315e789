"""Who may read and write which municipality's data.

The one place that answers "which municipalities may this user read / write".
Every view fetches objects through these helpers:

* an object outside the user's scope answers **404** (its existence is not
  revealed);
* an object the user may read but not change answers **403**;
* anonymous users are sent to the sign-in page by the decorators.

County staff work with every municipality of their county. Municipality
reporters read and report for the municipalities they are tied to. The system
administrator (superuser) reads everything and acts as staff everywhere.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any, TypeVar

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import Model, QuerySet
from django.shortcuts import get_object_or_404

from .models import County, Municipality

M = TypeVar("M", bound=Model)


#: accounts.User or Django's AnonymousUser. The ground floor names no app above it (the
#: users table lives in accounts), so it relies only on what every portal user has:
#: ``is_authenticated``, ``is_superuser``, ``is_county_staff``, ``is_reporter``,
#: ``county_id`` and ``pk``.
User = Any


def is_county_staff(user: User) -> bool:
    """True for county staff and the system administrator."""
    if not user.is_authenticated:
        return False
    return bool(user.is_superuser or user.is_county_staff)


def is_reporter(user: User) -> bool:
    return bool(user.is_authenticated and user.is_reporter)


def readable_counties(user: User) -> QuerySet[County]:
    if not user.is_authenticated:
        return County.objects.none()
    if user.is_superuser:
        return County.objects.all()
    if user.is_county_staff:
        return County.objects.filter(pk=user.county_id)
    if user.is_reporter:
        return County.objects.filter(municipalities__reporters=user).distinct()
    return County.objects.none()


def staff_counties(user: User) -> QuerySet[County]:
    """Counties whose data the user may change as county staff."""
    if not user.is_authenticated:
        return County.objects.none()
    if user.is_superuser:
        return County.objects.all()
    if user.is_county_staff:
        return County.objects.filter(pk=user.county_id)
    return County.objects.none()


def readable_municipalities(user: User) -> QuerySet[Municipality]:
    """Municipalities whose (non-public) data the user may see."""
    if not user.is_authenticated:
        return Municipality.objects.none()
    if user.is_superuser:
        return Municipality.objects.all()
    if user.is_county_staff:
        return Municipality.objects.filter(county_id=user.county_id)
    if user.is_reporter:
        return Municipality.objects.filter(reporters=user)
    return Municipality.objects.none()


def staff_municipalities(user: User) -> QuerySet[Municipality]:
    """Municipalities whose agreements, quotas and reviews the user may change."""
    if not user.is_authenticated:
        return Municipality.objects.none()
    if user.is_superuser:
        return Municipality.objects.all()
    if user.is_county_staff:
        return Municipality.objects.filter(county_id=user.county_id)
    return Municipality.objects.none()


def reporting_municipalities(user: User) -> QuerySet[Municipality]:
    """Municipalities the user may submit follow-up figures for."""
    if not is_reporter(user):
        return Municipality.objects.none()
    return Municipality.objects.filter(reporters=user)


def get_municipality_for_user(user: User, code: str) -> Municipality:
    """The municipality with this SCB code, or 404 if the user may not read it."""
    return get_object_or_404(readable_municipalities(user).select_related("county"), code=code)


def get_county_for_user(user: User, code: str) -> County:
    """The county with this code, or 404 if the user may not read it."""
    return get_object_or_404(readable_counties(user), code=code)


def get_for_user(
    queryset: QuerySet[M],
    user: User,
    *,
    municipality_path: str | None = "municipality",
    county_path: str | None = None,
    **lookup: Any,
) -> M:
    """Fetch one object the user may read; 404 for anything out of scope.

    ``municipality_path`` (or ``county_path`` for county-level objects) is the
    ORM path from the object to its municipality (county).
    """
    if county_path is not None:
        queryset = queryset.filter(**{f"{county_path}__in": readable_counties(user)})
    elif municipality_path is not None:
        queryset = queryset.filter(**{f"{municipality_path}__in": readable_municipalities(user)})
    return get_object_or_404(queryset, **lookup)


def get_for_staff(
    queryset: QuerySet[M],
    user: User,
    *,
    municipality_path: str | None = "municipality",
    county_path: str | None = None,
    **lookup: Any,
) -> M:
    """Fetch one object for a change by county staff.

    404 when the user may not even read it; 403 when they may read it but
    are not staff of its county (e.g. a reporter looking at their own
    municipality's agreement).
    """
    obj = get_for_user(
        queryset,
        user,
        municipality_path=municipality_path,
        county_path=county_path,
        **lookup,
    )
    if county_path is not None:
        allowed = queryset.filter(
            pk=obj.pk, **{f"{county_path}__in": staff_counties(user)}
        ).exists()
    elif municipality_path is not None:
        allowed = queryset.filter(
            pk=obj.pk, **{f"{municipality_path}__in": staff_municipalities(user)}
        ).exists()
    else:
        allowed = is_county_staff(user)
    if not allowed:
        raise PermissionDenied
    return obj


def role_required(*checks: Callable[[Any], bool]) -> Callable:
    """Decorator: anonymous users go to sign-in; signed-in users failing every check get 403."""

    def decorator(view: Callable) -> Callable:
        @wraps(view)
        @login_required
        def wrapped(request, *args, **kwargs):
            if not any(check(request.user) for check in checks):
                raise PermissionDenied
            return view(request, *args, **kwargs)

        return wrapped

    return decorator


staff_required = role_required(is_county_staff)
reporter_required = role_required(is_reporter)
signed_in_role_required = role_required(is_county_staff, is_reporter)
