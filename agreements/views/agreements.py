"""Agreements: list, export, detail, create, edit, amend, status changes, audit."""

from __future__ import annotations

import datetime

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models import Prefetch, QuerySet
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from core import clock
from core.access import (
    get_for_staff,
    get_for_user,
    get_municipality_for_user,
    is_county_staff,
    staff_municipalities,
    staff_required,
)
from core.audit import AUDIT_HEADERS, audit_rows
from core.exports import ExportTitle, csv_response, form_filters, xlsx_response
from core.forms import apply_service_errors, conflict_form
from core.locking import StaleVersion
from core.pagecache import cached_page, users_county_group

from .. import panels, services
from ..audit import agreement_audit
from ..forms import (
    SORTS,
    AgreementAmendForm,
    AgreementCreateForm,
    AgreementEditForm,
    AgreementFilterForm,
    StatusForm,
)
from ..models import Agreement, Target, TargetCategory, TargetRevision

PAGE_SIZE = 25


def _categories() -> list[TargetCategory]:
    return list(TargetCategory.objects.filter(active=True).select_related("parent"))


def figures_by_agreement(agreements: QuerySet | list) -> dict[int, dict[int, int]]:
    """{agreement id: {category id: places in force today}} in one query (a past year's
    final figures, a coming year's first: ``agreements.models.reading_date``)."""
    result: dict[int, dict[int, int]] = {}
    rows = Target.objects.in_force_on(clock.today()).filter(revision__agreement__in=agreements)
    for agreement_id, category_id, places in rows.values_list(
        "revision__agreement_id", "category_id", "places"
    ):
        result.setdefault(agreement_id, {})[category_id] = places
    return result


#: The list and its exports show agreements, their targets and reference data only: a
#: report saved in the county leaves them cached.
_agreements_only = users_county_group("agreements")

#: The list's query parameters (AgreementFilterForm's fields), as the page cache keys them.
FILTERS = ("year", "status", "municipality", "category", "sort")


def _filtered(request, categories):
    scope = staff_municipalities(request.user).order_by("name")
    years = (
        Agreement.objects.filter(municipality__in=scope)
        .order_by("-year")
        .values_list("year", flat=True)
        .distinct()
    )
    form = AgreementFilterForm(
        request.GET or None,
        municipalities=scope,
        categories=TargetCategory.objects.filter(pk__in=[c.pk for c in categories]),
        years=list(years),
    )
    queryset = (
        Agreement.objects.filter(municipality__in=scope)
        .for_listing()
        .with_settlement_places(clock.today())
    )
    sort = "-ar"
    if form.is_valid():
        data = form.cleaned_data
        if data["year"]:
            queryset = queryset.filter(year=data["year"])
        if data["status"]:
            queryset = queryset.filter(status=data["status"])
        if data["municipality"]:
            queryset = queryset.filter(municipality=data["municipality"])
        if data["category"]:
            queryset = queryset.with_category(data["category"])
        sort = data["sort"] or sort
    return form, queryset.order_by(*SORTS[sort], "pk"), sort


@staff_required
@cached_page(scopes=_agreements_only, params=(*FILTERS, "sida"))
def agreement_list(request):
    categories = _categories()
    form, queryset, sort = _filtered(request, categories)
    page = Paginator(queryset, PAGE_SIZE).get_page(request.GET.get("sida"))
    agreements = list(page.object_list)
    figures = figures_by_agreement([a.pk for a in agreements])
    rows = [(a, [figures.get(a.pk, {}).get(c.pk) for c in categories]) for a in agreements]
    query = request.GET.copy()
    query.pop("sida", None)
    sort_query = query.copy()
    sort_query.pop("sort", None)
    return render(
        request,
        "agreements/list.html",
        {
            "form": form,
            "page": page,
            "rows": rows,
            "categories": categories,
            "sort": sort,
            "query": query.urlencode(),
            "sort_query": sort_query.urlencode(),
        },
    )


def _export_rows(request):
    headers, rows, _form = _export_table(request)
    return headers, rows


def _export_title(request, form) -> ExportTitle:
    counties = sorted(
        set(staff_municipalities(request.user).values_list("county__name", flat=True))
    )
    year = form.cleaned_data.get("year") if form.is_bound and form.is_valid() else ""
    return ExportTitle(
        table=_("Överenskommelser"),
        county=counties[0] if len(counties) == 1 else "",
        year=year or "",
        filters=form_filters(form, skip=("sort", "sida", "lan", "year")),
    )


def _export_table(request):
    categories = _categories()
    form, queryset, _sort = _filtered(request, categories)
    figures = figures_by_agreement(queryset.values("pk"))
    headers = [
        "Kommunkod",
        "Kommun",
        "År",
        "Diarienummer",
        "Status",
        "Undertecknad",
        "Gäller från",
        "Gäller till",
        *[c.name for c in categories],
        "Senast ändrad",
    ]
    rows = []
    for a in queryset:
        rows.append(
            [
                a.municipality.code,
                a.municipality.name,
                a.year,
                a.case_number,
                a.get_status_display(),
                a.signed_on.isoformat() if a.signed_on else "",
                a.valid_from.isoformat(),
                a.valid_to.isoformat(),
                *[figures.get(a.pk, {}).get(c.pk) for c in categories],
                a.updated_at.strftime("%Y-%m-%d"),
            ]
        )
    return headers, rows, form


@staff_required
@cached_page(scopes=_agreements_only, params=FILTERS)
def agreement_export_csv(request) -> HttpResponse:
    headers, rows = _export_rows(request)
    return csv_response("overenskommelser", headers, rows)


@staff_required
@cached_page(scopes=_agreements_only, params=FILTERS)
def agreement_export_xlsx(request) -> HttpResponse:
    headers, rows, form = _export_table(request)
    return xlsx_response(
        "overenskommelser", headers, rows, "Överenskommelser", title=_export_title(request, form)
    )


def _revisions(agreement: Agreement) -> list[TargetRevision]:
    return list(
        agreement.revisions.select_related("created_by", "decision")
        .prefetch_related(
            Prefetch(
                "targets",
                queryset=Target.objects.select_related("category").order_by("category__order"),
            )
        )
        .order_by("effective_from", "id")
    )


def _revision_on(revisions: list[TargetRevision], day: datetime.date) -> TargetRevision | None:
    in_force = [r for r in revisions if r.effective_from <= day]
    return in_force[-1] if in_force else None


def _can_change(user, agreement: Agreement) -> bool:
    return staff_municipalities(user).filter(pk=agreement.municipality_id).exists()


@login_required
def agreement_detail(request, pk: int):
    agreement = get_for_user(Agreement.objects.for_listing(), request.user, pk=pk)
    revisions = _revisions(agreement)
    current = revisions[-1] if revisions else None
    asked_date = None
    asked_revision = None
    if request.GET.get("datum"):
        try:
            asked_date = datetime.date.fromisoformat(request.GET["datum"])
        except ValueError:
            messages.error(request, _("Ange datumet som ÅÅÅÅ-MM-DD, till exempel 2026-03-01."))
        else:
            asked_revision = _revision_on(revisions, asked_date)
    can_change = _can_change(request.user, agreement)
    today = clock.today()
    staff = is_county_staff(request.user)
    # The municipality sees a kommuntal decision once it is published; staff see all.
    decisions = list(
        {
            r.decision.pk: r.decision
            for r in revisions
            if r.decision is not None and (staff or r.decision.is_published)
        }.values()
    )
    transitions = [
        (status, Agreement.Status(status).label)
        for status in Agreement.Status.values
        if agreement.can_change_to(status)
    ]
    return render(
        request,
        "agreements/detail.html",
        {
            "agreement": agreement,
            "revisions": list(reversed(revisions)),
            "current": current,
            "has_targets": bool(current and current.targets.all()),
            "asked_date": asked_date,
            "asked_revision": asked_revision,
            "audit": agreement_audit(agreement, revisions),
            "can_change": can_change and not agreement.is_read_only,
            "transitions": transitions,
            "today": today,
            "panels": panels.render(request, agreement),
            "kommuntal_decisions": decisions,
        },
    )


@login_required
def agreement_audit_csv(request, pk: int) -> HttpResponse:
    agreement = get_for_user(Agreement.objects.for_listing(), request.user, pk=pk)
    entries = agreement_audit(agreement, _revisions(agreement))
    filename = f"historik-{agreement.municipality.code}-{agreement.year}"
    return csv_response(filename, AUDIT_HEADERS, audit_rows(entries))


@staff_required
def agreement_create_view(request):
    categories = _categories()
    form = AgreementCreateForm(
        request.POST or None,
        municipalities=staff_municipalities(request.user).order_by("name"),
        categories=categories,
        initial={"year": clock.today().year + 1},
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            agreement = services.agreement_create(
                municipality=data["municipality"],
                year=data["year"],
                case_number=data["case_number"],
                valid_from=data["valid_from"],
                valid_to=data["valid_to"],
                notes=data["notes"],
                places_by_category=form.places_by_category(),
                user=request.user,
            )
        except ValidationError as exc:
            apply_service_errors(form, exc)
        else:
            messages.success(
                request,
                _("Överenskommelsen för %(name)s %(year)s är registrerad.")
                % {"name": agreement.municipality.name, "year": agreement.year},
            )
            return redirect("agreements:detail", pk=agreement.pk)
    return render(
        request,
        "agreements/form.html",
        {"form": form, "title": _("Ny överenskommelse")},
    )


def _read_only_redirect(request, agreement: Agreement):
    messages.error(request, _("Överenskommelsen är avslutad och kan inte längre ändras."))
    return redirect("agreements:detail", pk=agreement.pk)


@login_required  # get_for_staff: 404 out of scope, 403 read-only
def agreement_edit(request, pk: int):
    agreement = get_for_staff(Agreement.objects.for_listing(), request.user, pk=pk)
    if agreement.is_read_only:
        return _read_only_redirect(request, agreement)
    initial = {name: getattr(agreement, name) for name in services.EDITABLE_FIELDS} | {
        "version": agreement.version
    }
    form = AgreementEditForm(request.POST or None, initial=initial)
    conflict = None
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            agreement = services.agreement_update(
                agreement=agreement,
                expected_version=data["version"],
                user=request.user,
                reason=data["reason"],
                **{name: data[name] for name in services.EDITABLE_FIELDS},
            )
        except StaleVersion as exc:
            conflict = exc
            form = conflict_form(AgreementEditForm, request, exc)
        except ValidationError as exc:
            apply_service_errors(form, exc)
        else:
            messages.success(request, _("Ändringarna är sparade."))
            return redirect("agreements:detail", pk=agreement.pk)
    return render(
        request,
        "agreements/form.html",
        {
            "form": form,
            "agreement": agreement,
            "conflict": conflict,
            "title": _("Ändra uppgifter om överenskommelsen"),
        },
    )


@login_required  # get_for_staff: 404 out of scope, 403 read-only
def agreement_amend_view(request, pk: int):
    agreement = get_for_staff(Agreement.objects.for_listing(), request.user, pk=pk)
    if agreement.is_read_only:
        return _read_only_redirect(request, agreement)
    categories = _categories()
    current = {t.category.code: t.places for t in services.current_targets(agreement)}
    today = clock.today()
    default_date = min(max(today, agreement.valid_from), agreement.valid_to)
    kwargs = {"categories": categories, "current": current}
    form = AgreementAmendForm(
        request.POST or None,
        initial={"version": agreement.version, "effective_from": default_date},
        **kwargs,
    )
    conflict = None
    if request.method == "POST" and form.is_valid():
        try:
            services.agreement_amend(
                agreement=agreement,
                effective_from=form.cleaned_data["effective_from"],
                places_by_category=form.places_by_category(),
                reason=form.cleaned_data["reason"],
                user=request.user,
                expected_version=form.cleaned_data["version"],
            )
        except StaleVersion as exc:
            conflict = exc
            form = conflict_form(AgreementAmendForm, request, exc, **kwargs)
        except ValidationError as exc:
            apply_service_errors(form, exc)
        else:
            messages.success(
                request, _("De nya målen är sparade. De tidigare finns kvar i historiken.")
            )
            return redirect("agreements:detail", pk=agreement.pk)
    return render(
        request,
        "agreements/form.html",
        {
            "form": form,
            "agreement": agreement,
            "conflict": conflict,
            "current": current,
            "title": _("Ändra målen"),
            "intro": _(
                "Ange de nya siffrorna och från vilket datum de gäller. De tidigare siffrorna "
                "sparas, så att det går att se vad som gällde ett visst datum."
            ),
        },
    )


@login_required  # get_for_staff: 404 out of scope, 403 read-only
@require_POST
def agreement_status(request, pk: int):
    agreement = get_for_staff(Agreement.objects.for_listing(), request.user, pk=pk)
    form = StatusForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Statusändringen kunde inte läsas. Försök igen."))
        return redirect("agreements:detail", pk=agreement.pk)
    data = form.cleaned_data
    try:
        agreement = services.agreement_change_status(
            agreement=agreement,
            status=data["status"],
            user=request.user,
            expected_version=data["version"],
            signed_on=data["signed_on"],
            reason=data["reason"],
            without_targets=data["without_targets"],
        )
    except StaleVersion as exc:
        messages.error(
            request,
            _("Någon annan har ändrat överenskommelsen. Status är nu: %(status)s. Inget ändrades.")
            % {"status": exc.instance.get_status_display()},
        )
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(
            request,
            _("Status är nu: %(status)s.") % {"status": agreement.get_status_display()},
        )
    return redirect("agreements:detail", pk=agreement.pk)


@login_required
def municipality_agreements(request, code: str):
    """Read-only: a municipality's agreements and current targets (its reporters and staff)."""
    municipality = get_municipality_for_user(request.user, code)
    categories = _categories()
    agreements = list(
        Agreement.objects.filter(municipality=municipality).for_listing().order_by("-year")
    )
    figures = figures_by_agreement([a.pk for a in agreements])
    rows = [(a, [figures.get(a.pk, {}).get(c.pk) for c in categories]) for a in agreements]
    return render(
        request,
        "agreements/municipality.html",
        {"municipality": municipality, "rows": rows, "categories": categories},
    )
