"""A test-only URLconf: the portal plus one pattern no route table lists.

Used by test_harness_bites.py to prove the walker's coverage check fails on a
new URL. Never part of the portal.
"""

from django.http import HttpResponse
from django.urls import path

from integration_portal.urls import urlpatterns as portal_urlpatterns


def unlisted(request):
    return HttpResponse("not in any route table")


urlpatterns = [*portal_urlpatterns, path("ny-sida-utan-rad/", unlisted, name="unlisted_page")]
