"""A test-only URLconf with two pages that query once per row (never part of the portal).

Used by test_queries.py to prove the query budget helper and django-zeal bite.
"""

from django.http import HttpResponse
from django.urls import path

from accounts.models import User
from core.models import County
from integration_portal.urls import urlpatterns as portal_urlpatterns


def count_per_row(request):
    # A count() per row: not a relation access, so only the query budget sees it.
    lines = [str(County.objects.filter(pk=u.county_id).count()) for u in User.objects.all()]
    return HttpResponse("\n".join(lines))


def relation_per_row(request):
    # user.county without select_related: the classic N+1 that zeal raises on.
    return HttpResponse("\n".join(str(u.county) for u in User.objects.all()))


urlpatterns = [
    *portal_urlpatterns,
    path("count-per-row/", count_per_row),
    path("relation-per-row/", relation_per_row),
]
