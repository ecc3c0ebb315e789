"""Municipal quota allocation per year: county quota, one-form editor, file import."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import Count, Exists, OuterRef
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from agreements.models import (
    PLAN_MONTHS,
    Agreement,
    CountyQuota,
    MunicipalQuotaDecision,
    PacePlan,
    reading_date,
)
from core import clock, years
from core.access import get_for_staff, staff_required
from core.counties import staff_county
from core.forms import VersionField, apply_service_errors
from core.locking import StaleVersion
from core.models import County, Municipality

from .. import services
from ..audit import county_quota_audit
from ..forms import (
    AllocationForm,
    CountyQuotaForm,
    ImportForm,
    PacePlanForm,
    show_confirm_below,
)
from ..imports import (
    MAX_ROWS,
    AllocationImportError,
    FileProblem,
    read_allocation_file,
    validate_rows,
)


@dataclass
class AllocationRow:
    municipality: Municipality
    agreement: Agreement | None
    places: int | None
    has_plan: bool = False


def _check_year(year: int) -> None:
    years.year_or_404(year)


def _rows(county: County, year: int) -> list[AllocationRow]:
    agreements = {
        a.municipality_id: a
        for a in Agreement.objects.filter(
            year=year, municipality__county=county
        ).with_settlement_places()
    }
    plans = PacePlan.objects.filter(municipality=OuterRef("pk"), year=year)
    return [
        AllocationRow(
            m,
            agreements.get(m.pk),
            agreements[m.pk].settlement_places if m.pk in agreements else None,
            m.has_plan,
        )
        for m in Municipality.objects.filter(county=county)
        .annotate(has_plan=Exists(plans))
        .order_by("name")
    ]


def _quota(county: County, year: int) -> CountyQuota | None:
    """The länstal in force today; for a past year its final figure, for a coming year its
    first decision (``reading_date``)."""
    return services.county_quota_in_force(county, year, reading_date(year, clock.today()))


def _quota_decisions(county: County, year: int) -> list[CountyQuota]:
    """Every länstal decision of the year, the earliest first (the revision history)."""
    return list(
        CountyQuota.objects.settlement()
        .filter(county=county, year=year)
        .select_related("created_by")
        .order_by("effective_from", "id")
    )


def _kommuntal_decisions(county: County, year: int) -> list[MunicipalQuotaDecision]:
    return list(
        MunicipalQuotaDecision.objects.for_year(county, year)
        .annotate(municipalities=Count("revisions__agreement", distinct=True))
        .order_by("effective_from", "id")
    )


def _is_below(exc: ValidationError) -> bool:
    return hasattr(exc, "error_dict") and "confirm_below" in exc.error_dict


def _url(name: str, county: County, year: int, request) -> str:
    url = reverse(name, kwargs={"year": year})
    return f"{url}?lan={county.code}" if request.user.is_superuser else url


def _default_effective_from(year: int) -> datetime.date:
    return reading_date(year, clock.today())


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
                expected_absent=form.expected_absent(),
                decision_reference=form.cleaned_data["decision_reference"],
                decision_date=form.cleaned_data["decision_date"],
                confirm_below=form.cleaned_data["confirm_below"],
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
            if _is_below(exc):
                show_confirm_below(form)
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
            "quota_decisions": _quota_decisions(county, year),
            "kommuntal_decisions": _kommuntal_decisions(county, year),
            "kommuntal_due": MunicipalQuotaDecision.due_date(year),
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
    """Record a länstal decision: the year's first, or a revision from a later date."""
    _check_year(year)
    county = staff_county(request)
    decisions = _quota_decisions(county, year)
    latest = decisions[-1] if decisions else None
    initial = {
        "version": latest.version if latest else 0,
        "effective_from": _default_effective_from(year) if latest else datetime.date(year, 1, 1),
    }
    if latest:
        initial["places"] = latest.places
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
                effective_from=data["effective_from"],
                notes=data["notes"],
                user=request.user,
                expected_version=data["version"],
                confirm_below=data["confirm_below"],
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
            if _is_below(exc):
                show_confirm_below(form)
            apply_service_errors(form, exc)
        else:
            messages.success(
                request, _("Beslutet om länstal för %(year)s är sparat.") % {"year": year}
            )
            return redirect(_url("agreements:allocation", county, year, request))
    return render(
        request,
        "agreements/county_quota.html",
        {
            "county": county,
            "year": year,
            "quota": latest,
            "quota_decisions": decisions,
            "in_force": _quota(county, year),
            "form": form,
            "conflict": conflict,
            "audit": county_quota_audit(decisions) if decisions else [],
            "lan_query": f"?lan={county.code}" if request.user.is_superuser else "",
        },
    )


@staff_required
@require_POST
def kommuntal_decision_publish_view(request, year: int, pk: int):
    """Publish a kommuntal decision to the municipalities of the county."""
    county = staff_county(request)
    decision = get_object_or_404(MunicipalQuotaDecision, pk=pk, county=county, year=year)
    try:
        services.kommuntal_decision_publish(decision=decision, user=request.user)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(
            request,
            _("Beslutet om kommuntal är publicerat. Kommunerna ser det på sina överenskommelser."),
        )
    return redirect(_url("agreements:allocation", county, year, request))


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


#: A row number in the confirmation is the file's line: at most MAX_ROWS, so 4 digits.
_LINE_DIGITS = len(str(MAX_ROWS))


def _confirmed_rows(post) -> tuple[list[tuple[int, str, str]], list[str]]:
    """The (line, municipality, places) rows posted back by the preview, or problems.

    A NUL, a row number that is no short whole number, or more rows than a file may
    have means the confirmation was not the preview's: the user uploads again.
    """
    lines = post.getlist("row_line")
    codes = post.getlist("row_code")
    places = post.getlist("row_places")
    values = [*lines, *codes, *places, post.get("reason", ""), post.get("effective_from", "")]
    damaged = (
        any("\x00" in value for value in values)
        or len(lines) > MAX_ROWS
        or not (len(lines) == len(codes) == len(places))
        or not all(
            line.isascii() and line.isdigit() and len(line) <= _LINE_DIGITS for line in lines
        )
    )
    if damaged:
        return [], [
            _(
                "Bekräftelsen gick inte att läsa (den innehöll otillåtna tecken eller "
                "radnummer). Inget har sparats. Ladda upp filen igen."
            )
        ]
    return [(int(line), code, n) for line, code, n in zip(lines, codes, places, strict=True)], []


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
        rows, problems = _confirmed_rows(request.POST)
        upload = ImportForm()
        context["upload"] = upload
        if problems:
            # The confirmation is the preview's hidden fields sent back; if they are not
            # what the preview drew, nothing in them is trusted (or shown again): the
            # upload form says so, and the user uploads the file again.
            context["damaged_confirmation"] = problems
            return render(request, "agreements/import.html", context)
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
                    confirm_below=request.POST.get("confirm_below") == "on",
                )
            except AllocationImportError as exc:
                problems.append(str(exc))
            except ValidationError as exc:
                context["ask_confirm_below"] = _is_below(exc)
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


@staff_required
def pace_plan(request, year: int, code: str):
    """A municipality's planned receptions per month: the expected pace of its kommuntal."""
    _check_year(year)
    municipality = get_for_staff(
        Municipality.objects.select_related("county"),
        request.user,
        municipality_path=None,
        county_path="county",
        code=code,
    )
    county = municipality.county
    plan = PacePlan.objects.filter(municipality=municipality, year=year).first()
    back = _url("agreements:allocation", county, year, request)
    form = PacePlanForm(
        request.POST if request.method == "POST" and "remove" not in request.POST else None,
        initial=PacePlanForm.initial_for(plan),
    )
    conflict = None
    if request.method == "POST" and "remove" in request.POST:
        try:
            services.pace_plan_remove(
                municipality=municipality,
                year=year,
                expected_version=VersionField().clean(request.POST.get("version")),
            )
        except ValidationError:  # a stale or missing version: nothing removed
            messages.error(
                request,
                _(
                    "Planen ändrades eller togs bort av någon annan medan du arbetade. "
                    "Inget har tagits bort. Se planen som den är nu."
                ),
            )
            return redirect(
                request.path + (f"?lan={county.code}" if request.user.is_superuser else "")
            )
        messages.success(
            request,
            _("Planen för %(m)s %(y)s är borttagen. Förväntad takt är nu jämn över året.")
            % {"m": municipality.name, "y": year},
        )
        return redirect(back)
    if request.method == "POST":
        try:
            if form.is_valid():
                services.pace_plan_save(
                    municipality=municipality,
                    year=year,
                    months=form.months(),
                    source=form.cleaned_data["source"],
                    user=request.user,
                    expected_version=form.cleaned_data["version"],
                )
                messages.success(
                    request,
                    _("Planerad takt för %(m)s %(y)s är sparad.")
                    % {"m": municipality.name, "y": year},
                )
                return redirect(back)
        except StaleVersion:
            conflict = True
            plan = PacePlan.objects.filter(municipality=municipality, year=year).first()
            data = request.POST.copy()
            data["version"] = plan.version if plan else 0
            form = PacePlanForm(data, initial=PacePlanForm.initial_for(plan))
            form.is_valid()
            form.add_error(
                None,
                _(
                    "Någon annan har ändrat planen medan du arbetade. Inget har sparats. "
                    "Se den sparade planen nedan och spara igen om dina siffror stämmer."
                ),
            )
        except ValidationError as exc:
            apply_service_errors(form, exc)
    target = (
        Agreement.objects.filter(municipality=municipality, year=year)
        .with_settlement_places()
        .first()
    )
    return render(
        request,
        "agreements/pace_plan.html",
        {
            "municipality": municipality,
            "county": county,
            "year": year,
            "plan": plan,
            "plan_rows": list(zip(PLAN_MONTHS, plan.months, strict=True)) if plan else [],
            "kommuntal": getattr(target, "settlement_places", None),
            "form": form,
            "conflict": conflict,
            "back": back,
            "lan_query": f"?lan={county.code}" if request.user.is_superuser else "",
        },
    )
