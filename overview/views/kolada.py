"""Staff choose the Kolada key figures shown beside the portal's own figures."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe

from core.access import staff_required
from overview import kolada, services
from overview.forms import KoladaChooseForm, KoladaSearchForm
from overview.models import KoladaKpi


@require_safe
@staff_required
def kpi_list(request: HttpRequest) -> HttpResponse:
    """The chosen key figures, and a title search in Kolada (``/v3/kpi?title=``)."""
    form = KoladaSearchForm(request.GET or None)
    found: list[dict] = []
    error = ""
    if form.is_bound and form.is_valid():
        try:
            found = kolada.search_kpis(form.cleaned_data["q"])
        except kolada.KoladaError:
            error = _("Kolada svarar inte just nu. Försök igen om en stund.")
    chosen = list(KoladaKpi.objects.order_by("title"))
    taken = {kpi.kpi_id for kpi in chosen}
    return render(
        request,
        "overview/kolada_kpis.html",
        {
            "form": form,
            "found": [dict(item, chosen=item["id"] in taken) for item in found[:50]],
            "more": max(len(found) - 50, 0),
            "error": error,
            "chosen": chosen,
        },
    )


@require_POST
@staff_required
def kpi_choose(request: HttpRequest) -> HttpResponse:
    form = KoladaChooseForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Nyckeltalet kunde inte väljas: id eller namn saknas."))
        return redirect("overview:kolada_kpis")
    kpi, created = services.kolada_kpi_choose(
        kpi_id=form.cleaned_data["kpi_id"], title=form.cleaned_data["title"], user=request.user
    )
    if created:
        messages.success(
            request,
            _("%(title)s är valt. Värdena hämtas vid nästa körning av fetch_kolada.")
            % {"title": kpi.title},
        )
    else:
        messages.info(request, _("%(title)s var redan valt.") % {"title": kpi.title})
    return redirect("overview:kolada_kpis")


@require_POST
@staff_required
def kpi_remove(request: HttpRequest, pk: int) -> HttpResponse:
    kpi = get_object_or_404(KoladaKpi, pk=pk)
    services.kolada_kpi_remove(kpi=kpi)
    messages.success(request, _("%(title)s visas inte längre.") % {"title": kpi.title})
    return redirect("overview:kolada_kpis")
