"""County staff: reporting settings (the county table became reception.views.overview)."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from core.access import staff_required
from core.counties import staff_county
from core.forms import apply_service_errors

from .. import services
from ..forms import ReportingSettingsForm
from ..models import ReportingSettings


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
                overlap_months=form.cleaned_data["overlap_months"],
            )
        except ValidationError as error:
            apply_service_errors(form, error)
        else:
            messages.success(request, _("Inställningarna är sparade."))
            return redirect(f"{reverse('reception:settings')}?lan={county.code}")
    return render(request, "reception/settings.html", {"form": form, "county": county})
