"""County staff: approve the period's reports that have no warnings, all at once,
after a confirmation page that lists them."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from core.access import get_for_staff, staff_required
from core.forms import apply_service_errors

from .. import services
from ..forms import BulkApproveForm
from ..models import ReportingPeriod
from .common import absolute
from .reviewing import period_queue_url


@staff_required
def bulk_approve(request, period_pk: int):
    period = get_for_staff(
        ReportingPeriod.objects.select_related("county"),
        request.user,
        municipality_path=None,
        county_path="county",
        pk=period_pk,
    )
    clean, flagged = services.reports_approvable(period)
    form = BulkApproveForm(request.POST if request.method == "POST" else None, reports=clean)
    if request.method == "POST" and form.is_valid():
        try:
            approved = services.reports_approve_bulk(
                period=period,
                versions=form.versions(),
                user=request.user,
                link=lambda r: absolute(request, "reception:report_detail", pk=r.pk),
            )
        except ValidationError as error:
            apply_service_errors(form, error)
        else:
            messages.success(
                request,
                _("%(n)s rapporter för %(p)s är godkända: %(names)s.")
                % {
                    "n": len(approved),
                    "p": period.label,
                    "names": ", ".join(r.municipality.name for r in approved),
                },
            )
            return redirect(period_queue_url(period))
    return render(
        request,
        "reception/bulk_approve.html",
        {
            "period": period,
            "form": form,
            "clean": clean,
            "rows": list(zip(clean, form["reports"], strict=True)),
            "flagged": flagged,
            "queue": period_queue_url(period),
        },
    )
