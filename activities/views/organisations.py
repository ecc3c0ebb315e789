"""County staff: the register of organisations that run activities."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import Count
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from activities import services
from activities.forms import OrganisationForm
from activities.models import Organisation
from activities.views.common import organisation_for_staff
from core.access import signed_in_role_required, staff_required
from core.counties import staff_county
from core.forms import apply_service_errors


@staff_required
def organisation_list(request):
    county = staff_county(request)
    organisations = (
        Organisation.objects.for_staff(request.user)
        .filter(county=county)
        .annotate(activity_count=Count("activities"))
        .order_by("name")
    )
    return render(
        request,
        "activities/organisation_list.html",
        {"county": county, "organisations": organisations},
    )


def _form_page(request, form, organisation, county):
    return render(
        request,
        "activities/organisation_form.html",
        {"form": form, "organisation": organisation, "county": county},
    )


@staff_required
def organisation_create(request):
    county = staff_county(request)
    form = OrganisationForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.organisation_save(county=county, user=request.user, data=form.cleaned_data)
        except ValidationError as error:
            apply_service_errors(form, error)
        else:
            messages.success(request, _("Organisationen är registrerad."))
            return redirect("activities:organisation_list")
    return _form_page(request, form, None, county)


@signed_in_role_required
def organisation_edit(request, pk: int):
    organisation = organisation_for_staff(request, pk)
    form = OrganisationForm(
        request.POST or None, instance=organisation, initial={"version": organisation.version}
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.organisation_save(
                county=organisation.county,
                user=request.user,
                data=form.cleaned_data,
                organisation=organisation,
                version=form.cleaned_data["version"],
            )
        except ValidationError as error:
            apply_service_errors(form, error)
        else:
            messages.success(request, _("Ändringarna är sparade."))
            return redirect("activities:organisation_list")
    return _form_page(request, form, organisation, organisation.county)
