"""County staff import Migrationsverket's monthly workbook: upload, preview, map unknown
names once, then commit all rows or none."""

from __future__ import annotations

import datetime

from django import forms
from django.contrib import messages
from django.shortcuts import redirect, render
from django.utils.dates import MONTHS
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from core import clock, years
from core.access import staff_required
from core.counties import staff_county
from core.forms import BaseForm, SwedishIntegerField
from core.models import Municipality

from .. import services
from ..models import OfficialPublication
from ..official import FileProblem, SheetRow, check_rows, own_by_municipality, read_workbook


class OfficialUploadForm(BaseForm):
    submit_label = gettext_lazy("Förhandsgranska")

    file = forms.FileField(
        label=gettext_lazy("Migrationsverkets fil (Excel, .xlsx)"),
        help_text=gettext_lazy(
            "”Kommunmottagande med kommuntal <år>” som den publiceras, med kommunnamn."
        ),
        error_messages={"required": gettext_lazy("Välj en fil.")},
    )
    year = SwedishIntegerField(
        label=gettext_lazy("År"),
        validators=[years.validate_year],
        error_messages={"invalid": gettext_lazy("Ange året med fyra siffror.")},
    )
    through_month = forms.TypedChoiceField(
        label=gettext_lazy("Uppgifterna gäller till och med"),
        coerce=int,
        choices=[(n, MONTHS[n]) for n in range(1, 13)],
    )
    published_on = forms.DateField(
        label=gettext_lazy("Publicerad"),
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        help_text=gettext_lazy("Datumet Migrationsverket publicerade filen."),
    )


def _rows_from_post(post) -> list[SheetRow]:
    fields = ("row_line", "row_name", "row_received", "row_self", "row_quota")
    values = [post.getlist(name) for name in fields]
    return [
        SheetRow(int(line) if line.isdecimal() else 0, name, received, settled, quota)
        for line, name, received, settled, quota in zip(*values, strict=False)
    ][:2000]


def _meta_from_post(post) -> tuple[int, int, datetime.date] | None:
    try:
        return (
            int(post.get("year", "")),
            int(post.get("through_month", "")),
            datetime.date.fromisoformat(post.get("published_on", "")),
        )
    except ValueError:
        return None


def _preview(county, year: int, through_month: int, raw: list[SheetRow]) -> dict:
    checked = check_rows(raw, county=county, year=year, through_month=through_month)
    own = own_by_municipality(county, year, through_month)
    preview = []
    for row in checked.rows:
        mine = own.get(row.municipality.pk, 0)
        if row.received_masked:
            differs = mine >= 6
        else:
            differs = row.received is not None and row.received != mine
        preview.append({"row": row, "own": mine, "differs": differs})
    return {
        "raw": raw,
        "checked": checked,
        "preview": preview,
        "municipalities": Municipality.objects.in_county(county).order_by("name"),
    }


@staff_required
def official_import_view(request):
    county = staff_county(request)
    today = clock.today()
    upload = (
        OfficialUploadForm(request.POST, request.FILES)
        if request.method == "POST" and "file" in request.FILES
        else OfficialUploadForm(
            initial={"year": today.year, "through_month": max(today.month - 1, 1)}
        )
    )
    context: dict = {
        "county": county,
        "upload": upload,
        "publications": OfficialPublication.objects.filter(county=county)
        .select_related("imported_by")
        .order_by("-published_on")[:12],
    }
    if request.method == "POST" and "file" in request.FILES:
        if upload.is_valid():
            data = upload.cleaned_data
            try:
                raw, _columns = read_workbook(data["file"], year=data["year"])
            except FileProblem as exc:
                upload.add_error("file", str(exc))
            else:
                context |= _preview(county, data["year"], data["through_month"], raw)
                context["meta"] = (data["year"], data["through_month"], data["published_on"])
                context["file_name"] = data["file"].name
    elif request.method == "POST":
        meta = _meta_from_post(request.POST)
        raw = _rows_from_post(request.POST)
        if meta is None:
            messages.error(
                request, _("Förhandsgranskningen kunde inte läsas. Ladda upp filen igen.")
            )
            return redirect("reception:official_import")
        year, through_month, published_on = meta
        if request.POST.get("action") == "map":
            mappings = {}
            wanted = {m.code: m for m in Municipality.objects.in_county(county)}
            for name, code in zip(
                request.POST.getlist("map_name"), request.POST.getlist("map_code"), strict=False
            ):
                if code in wanted:
                    mappings[name] = wanted[code]
            services.name_mappings_save(mappings=mappings, user=request.user)
            if mappings:
                messages.success(
                    request,
                    _("%(n)s kommunnamn är sparade och används även nästa månad.")
                    % {"n": len(mappings)},
                )
        else:
            try:
                result = services.official_import(
                    county=county,
                    year=year,
                    through_month=through_month,
                    published_on=published_on,
                    rows=raw,
                    user=request.user,
                    file_name=request.POST.get("file_name", ""),
                )
            except services.OfficialImportError as exc:
                context["confirm_problems"] = exc.messages
            else:
                if result.created:
                    messages.success(
                        request,
                        _("Migrationsverkets siffror för %(n)s kommuner är inlästa.")
                        % {"n": result.rows},
                    )
                else:
                    messages.info(
                        request,
                        _("Den här publiceringen var redan inläst. Inget har ändrats."),
                    )
                return redirect("reception:official_import")
        context |= _preview(county, year, through_month, raw)
        context["meta"] = meta
        context["file_name"] = request.POST.get("file_name", "")
    if "meta" in context:
        year, through_month, published_on = context["meta"]
        context["meta_year"] = year
        context["meta_month"] = through_month
        context["meta_month_label"] = MONTHS[through_month]
        context["meta_published"] = published_on.isoformat()
    return render(request, "reception/official_import.html", context)
