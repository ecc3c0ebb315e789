"""County staff: received vs. target vs. remaining for every municipality, and settings."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from agreements.access import staff_required
from agreements.models import Municipality

from .. import services
from ..capacity import active_categories, capacity_rows, capacity_total
from ..forms import ReportingSettingsForm
from ..models import ReportingSettings
from .common import add_service_errors, staff_county


@staff_required
def county_capacity(request, year: int):
    if not 2000 <= year <= 2100:
        raise Http404
    county = staff_county(request)
    today = timezone.localdate()
    categories = active_categories()
    code = request.GET.get("kategori")
    default = next((c for c in categories if c.is_settlement_quota), categories[0])
    category = next((c for c in categories if c.code == code), default)
    rows = capacity_rows(
        municipalities=Municipality.objects.in_county(county),
        year=year,
        on_date=today,
        categories=[category],
    )
    return render(
        request,
        "reception/capacity.html",
        {
            "county": county,
            "year": year,
            "category": category,
            "categories": categories,
            "rows": rows,
            "total": capacity_total(rows, category),
            "on_date": min(today, today.replace(year=year, month=12, day=31))
            if year <= today.year
            else None,
            "is_admin": request.user.is_superuser,
        },
    )


@staff_required
def reporting_settings(request):
    county = staff_county(request)
    config = ReportingSettings.for_county(county)
    form = ReportingSettingsForm(
        request.POST if request.method == "POST" else None,
        instance=ReportingSettings.for_county(county),
        initial={"version": config.version},
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.reporting_settings_update(
                county=county,
                user=request.user,
                version=form.cleaned_data["version"],
                frequency=form.cleaned_data["frequency"],
                deadline_days=form.cleaned_data["deadline_days"],
                reminder_days=form.cleaned_data["reminder_days"],
                jump_factor=form.cleaned_data["jump_factor"],
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Inställningarna är sparade."))
            return redirect(f"{reverse('reception:settings')}?lan={county.code}")
    return render(request, "reception/settings.html", {"form": form, "county": county})
