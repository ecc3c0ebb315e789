"""Municipal quota allocation per year: county quota, one-form editor, file import."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from agreements.models import Agreement, CountyQuota
from core import clock, years
from core.access import staff_required
from core.counties import staff_county
from core.forms import apply_service_errors
from core.locking import StaleVersion
from core.models import County, Municipality

from .. import services
from ..audit import county_quota_audit
from ..forms import AllocationForm, CountyQuotaForm, ImportForm
from ..imports import AllocationImportError, FileProblem, read_allocation_file, validate_rows


@dataclass
class AllocationRow:
    municipality: Municipality
    agreement: Agreement | None
    places: int | None


def _check_year(year: int) -> None:
    years.year_or_404(year)


def _rows(county: County, year: int) -> list[AllocationRow]:
    agreements = {
        a.municipality_id: a
        for a in Agreement.objects.filter(
            year=year, municipality__county=county
        ).with_settlement_places()
    }
    return [
        AllocationRow(
            m,
            agreements.get(m.pk),
            agreements[m.pk].settlement_places if m.pk in agreements else None,
        )
        for m in Municipality.objects.filter(county=county).order_by("name")
    ]


def _quota(county: County, year: int) -> CountyQuota | None:
    return (
        CountyQuota.objects.filter(county=county, year=year, category__is_settlement_quota=True)
        .select_related("category")
        .first()
    )


def _url(name: str, county: County, year: int, request) -> str:
    url = reverse(name, kwargs={"year": year})
    return f"{url}?lan={county.code}" if request.user.is_superuser else url


def _default_effective_from(year: int) -> datetime.date:
    today = clock.today()
    return min(max(today, datetime.date(year, 1, 1)), datetime.date(year, 12, 31))


@staff_required
def allocation(request, year: int):
    _check_year(year)
    county = staff_county(request)
    rows = _rows(county, year)
    form = AllocationForm(
        request.POST or None,
        rows=rows,
        initial={"effective_from": _default_effective_from(year)},
    )
    conflict = None
    if request.method == "POST" and form.is_valid():
        try:
            result = services.allocation_save(
                county=county,
                year=year,
                places_by_municipality=form.places_by_municipality(),
                effective_from=form.cleaned_data["effective_from"],
                reason=form.cleaned_data["reason"],
                user=request.user,
                expected_versions=form.expected_versions(),
            )
        except StaleVersion as exc:
            conflict = exc
            form.add_error(
                None,
                _(
                    "Någon annan har ändrat kommuntalen medan du arbetade. Inget har sparats. "
                    "Sidan visar nu de nya siffrorna; gör om dina ändringar."
                ),
            )
            rows = _rows(county, year)
            errors = form.errors
            form = AllocationForm(
                None, rows=rows, initial={"effective_from": form.cleaned_data["effective_from"]}
            )
            form._errors = errors  # keep the message on the fresh form
        except ValidationError as exc:
            apply_service_errors(form, exc)
        else:
            messages.success(
                request,
                _(
                    "Kommuntalen är sparade: %(created)s nya, %(amended)s ändrade, "
                    "%(same)s oförändrade."
                )
                % {"created": result.created, "amended": result.amended, "same": result.unchanged},
            )
            return redirect(_url("agreements:allocation", county, year, request))
    quota = _quota(county, year)
    total = sum(row.places or 0 for row in rows)
    return render(
        request,
        "agreements/allocation.html",
        {
            "county": county,
            "year": year,
            "quota": quota,
            "total": total,
            "excess": max(total - quota.places, 0) if quota else 0,
            "shortfall": max(quota.places - total, 0) if quota else 0,
            "form": form,
            "conflict": conflict,
            "lan_query": f"?lan={county.code}" if request.user.is_superuser else "",
        },
    )


@staff_required
def county_quota(request, year: int):
    _check_year(year)
    county = staff_county(request)
    quota = _quota(county, year)
    initial = {"version": quota.version if quota else 0}
    if quota:
        initial |= {
            "places": quota.places,
            "decision_reference": quota.decision_reference,
            "decision_date": quota.decision_date,
            "notes": quota.notes,
        }
    form = CountyQuotaForm(request.POST or None, initial=initial)
    conflict = None
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.county_quota_set(
                county=county,
                year=year,
                places=data["places"],
                decision_reference=data["decision_reference"],
                decision_date=data["decision_date"],
                notes=data["notes"],
                user=request.user,
                expected_version=data["version"],
            )
        except StaleVersion as exc:
            conflict = exc
            data = request.POST.copy()
            data["version"] = exc.instance.version
            form = CountyQuotaForm(data)
            form.is_valid()
            form.add_error(
                None,
                _("Någon annan har ändrat länstalet medan du arbetade. Inget har sparats."),
            )
        except ValidationError as exc:
            apply_service_errors(form, exc)
        else:
            messages.success(request, _("Länstalet för %(year)s är sparat.") % {"year": year})
            return redirect(_url("agreements:allocation", county, year, request))
    return render(
        request,
        "agreements/county_quota.html",
        {
            "county": county,
            "year": year,
            "quota": quota,
            "form": form,
            "conflict": conflict,
            "audit": county_quota_audit(quota) if quota else [],
            "lan_query": f"?lan={county.code}" if request.user.is_superuser else "",
        },
    )


def _preview(rows, county: County, year: int):
    parsed, errors = validate_rows(rows, county=county)
    current = {row.municipality.pk: row.places for row in _rows(county, year)}
    preview = [
        {
            "line": row.line,
            "municipality": row.municipality,
            "current": current.get(row.municipality.pk),
            "places": row.places,
            "changed": current.get(row.municipality.pk) != row.places,
        }
        for row in parsed
    ]
    return preview, errors


@staff_required
def allocation_import_view(request, year: int):
    _check_year(year)
    county = staff_county(request)
    upload = ImportForm(request.POST, request.FILES) if request.method == "POST" else ImportForm()
    context = {
        "county": county,
        "year": year,
        "upload": upload,
        "lan_query": f"?lan={county.code}" if request.user.is_superuser else "",
        "effective_from": request.POST.get("effective_from")
        or _default_effective_from(year).isoformat(),
        "reason": request.POST.get("reason", ""),
    }
    if request.method == "POST" and "confirm" in request.POST:
        raw = list(
            zip(
                request.POST.getlist("row_line"),
                request.POST.getlist("row_code"),
                request.POST.getlist("row_places"),
                strict=False,
            )
        )
        rows = [(int(line) if line.isdecimal() else 0, code, places) for line, code, places in raw]
        upload = ImportForm()
        context["upload"] = upload
        problems = []
        try:
            effective_from = datetime.date.fromisoformat(request.POST.get("effective_from", ""))
        except ValueError:
            effective_from = None
            problems.append(_("Ange från vilket datum kommuntalen gäller (ÅÅÅÅ-MM-DD)."))
        if effective_from is not None:
            try:
                result = services.allocation_import(
                    county=county,
                    year=year,
                    rows=rows,
                    effective_from=effective_from,
                    reason=request.POST.get("reason", ""),
                    user=request.user,
                )
            except AllocationImportError as exc:
                problems.append(str(exc))
            except ValidationError as exc:
                problems.extend(exc.messages)
            else:
                messages.success(
                    request,
                    _(
                        "Importen är klar: %(created)s nya, %(amended)s ändrade, "
                        "%(same)s oförändrade."
                    )
                    % {
                        "created": result.created,
                        "amended": result.amended,
                        "same": result.unchanged,
                    },
                )
                return redirect(_url("agreements:allocation", county, year, request))
        context["preview"], context["row_errors"] = _preview(rows, county, year)
        context["confirm_problems"] = problems
    elif request.method == "POST" and upload.is_valid():
        try:
            rows = read_allocation_file(upload.cleaned_data["file"])
        except FileProblem as exc:
            upload.add_error("file", str(exc))
        else:
            context["preview"], context["row_errors"] = _preview(rows, county, year)
    return render(request, "agreements/import.html", context)
