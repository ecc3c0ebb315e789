"""The public page: published activities that have not ended, by municipality and language."""

from __future__ import annotations

from django.conf import settings
from django.shortcuts import render
from django.utils import timezone

from activities.forms import PublicSearchForm
from activities.models import Activity
from core.models import Municipality


def activity_search(request):
    today = timezone.localdate()
    county_code = settings.PORTAL_COUNTY_CODE
    activities = (
        Activity.objects.published_upcoming(today)
        .filter(county__code=county_code)
        .with_lists()
        .order_by("start", "title")
    )
    municipalities = Municipality.objects.filter(county__code=county_code).order_by("name")
    form = PublicSearchForm(request.GET or None, municipalities=municipalities)
    searched = False
    if form.is_valid():
        if form.cleaned_data["kommun"]:
            activities = activities.filter(municipalities=form.cleaned_data["kommun"])
            searched = True
        if form.cleaned_data["sprak"]:
            activities = activities.filter(languages=form.cleaned_data["sprak"])
            searched = True
    return render(
        request,
        "activities/public_list.html",
        {"form": form, "activities": activities, "searched": searched, "today": today},
    )
