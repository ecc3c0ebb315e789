"""County staff import Migrationsverket's monthly workbook: upload, preview, map unknown
names once, then commit all rows or none."""

from __future__ import annotations

import datetime

from django import forms
from django.contrib import messages
from django.core import signing
from django.core.exceptions import ValidationError
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
from ..models import OfficialColumnMapping, OfficialPublication
from ..official import (
    MAX_ROWS,
    MONTHS_CHOICE,
    REQUIRED_ROLES,
    ROLES,
    FileProblem,
    SheetRow,
    Table,
    check_rows,
    columns_problems,
    detect_columns,
    month_columns,
    own_by_municipality,
    read_table,
    remembered_choices,
)

#: The sheet travels between the steps in the page, signed: nothing is kept on the server
#: until staff press "Läs in", and a changed or old page is refused.
_TABLE_SALT = "reception.official_import.table"
_TABLE_MAX_AGE = 6 * 3600
ROLE_LABELS = {
    "name": gettext_lazy("Kommunens namn"),
    "received": gettext_lazy("Mottagna efter anvisning, hittills i år"),
    "self_settled": gettext_lazy("Egenbosatta, hittills i år"),
    "kommuntal": gettext_lazy("Kommuntal"),
}


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


def _table_token(table: Table) -> str:
    return signing.dumps(
        {"s": table.sheet, "l": table.header_line, "h": table.header, "r": table.rows},
        salt=_TABLE_SALT,
        compress=True,
    )


def _table_from_post(post) -> Table | None:
    try:
        data = signing.loads(post.get("table", ""), salt=_TABLE_SALT, max_age=_TABLE_MAX_AGE)
        return Table(
            sheet=str(data["s"]),
            header_line=int(data["l"]),
            header=[str(h) for h in data["h"]],
            rows=[(int(line), [str(c) for c in cells]) for line, cells in data["r"]][:MAX_ROWS],
        )
    except (signing.BadSignature, KeyError, TypeError, ValueError):
        return None


def _choices_from_post(post, prefix: str) -> dict[str, str]:
    found = {role: post.get(prefix + role, "").strip() for role in ROLES}
    return {role: choice for role, choice in found.items() if choice}


def _columns_form(table: Table, choices: dict[str, str], problems: dict[str, str]) -> list:
    """One select per role: every column of the header (letter, text, examples), the
    role's month columns summed where the sheet has them, and "no column" where allowed."""
    from openpyxl.utils import get_column_letter

    columns = [
        (
            str(index),
            _("%(letter)s: %(text)s") % {"letter": get_column_letter(index + 1), "text": text}
            if text
            else _("%(letter)s: (utan rubrik)") % {"letter": get_column_letter(index + 1)},
        )
        for index, text in enumerate(table.header)
    ]
    form = []
    for role in ROLES:
        options = [("", _("Välj kolumn") if role in REQUIRED_ROLES else _("Ingen kolumn"))]
        months = month_columns(table.header, role)
        if months and role in ("received", "self_settled"):
            options.append(
                (
                    MONTHS_CHOICE,
                    _("Summan av månadskolumnerna (%(n)s kolumner)") % {"n": len(months)},
                )
            )
        options += columns
        chosen = choices.get(role, "")
        examples = [] if not chosen or chosen == MONTHS_CHOICE else table.examples(int(chosen))
        form.append(
            {
                "role": role,
                "label": ROLE_LABELS[role],
                "options": options,
                "chosen": chosen,
                "examples": examples,
                "error": problems.get(role, ""),
            }
        )
    return form


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
    """The rows mapped and checked, beside the municipalities' own year to date."""
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


def _step(county, meta, table: Table, choices: dict[str, str], *, confirmed: bool, mapping):
    """The preview page's context: the columns (to confirm), then the rows they give."""
    problems = columns_problems(table.header, choices)
    context = {
        "meta": meta,
        "table_token": _table_token(table),
        "sheet": table,
        "choices": choices,
        "columns_form": _columns_form(table, choices, problems),
        "columns_problems": problems,
        "columns_confirmed": confirmed and not problems,
        "column_mapping": mapping,
        "raw": [],
    }
    if not problems:
        raw = table.sheet_rows(choices)
        context |= _preview(county, meta[0], meta[1], raw)
    return context


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
                table = read_table(data["file"], year=data["year"])
            except FileProblem as exc:
                upload.add_error("file", str(exc))
            else:
                mapping = OfficialColumnMapping.objects.filter(county=county).first()
                remembered = remembered_choices(mapping, table.header)
                meta = (data["year"], data["through_month"], data["published_on"])
                context |= _step(
                    county,
                    meta,
                    table,
                    remembered or detect_columns(table.header),
                    confirmed=remembered is not None,
                    mapping=mapping,
                )
                context["file_name"] = data["file"].name
    elif request.method == "POST":
        meta = _meta_from_post(request.POST)
        table = _table_from_post(request.POST)
        if meta is None or table is None:
            messages.error(
                request, _("Förhandsgranskningen kunde inte läsas. Ladda upp filen igen.")
            )
            return redirect("reception:official_import")
        year, through_month, published_on = meta
        action = request.POST.get("action")
        previewed = _choices_from_post(request.POST, "previewed_")
        chosen = _choices_from_post(request.POST, "col_")
        mapping = OfficialColumnMapping.objects.filter(county=county).first()
        confirmed = remembered_choices(mapping, table.header) == previewed
        choices, notice = previewed, ""
        if action == "columns":
            choices = chosen
            try:
                mapping = services.official_columns_save(
                    county=county, header=table.header, choices=chosen, user=request.user
                )
            except ValidationError:
                confirmed = False
            else:
                confirmed = True
                notice = _(
                    "Kolumnerna är bekräftade. De används för nästa månads fil också, om "
                    "rubrikerna är desamma."
                )
        elif action == "map":
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
        elif chosen != previewed:
            choices, confirmed = chosen, False
            notice = _(
                "Du har ändrat kolumnerna. Bekräfta dem och granska siffrorna innan du läser in."
            )
        elif not confirmed:
            notice = _("Bekräfta kolumnerna innan du läser in.")
        else:
            try:
                result = services.official_import(
                    county=county,
                    year=year,
                    through_month=through_month,
                    published_on=published_on,
                    rows=table.sheet_rows(previewed),
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
        context |= _step(county, meta, table, choices, confirmed=confirmed, mapping=mapping)
        context["columns_notice"] = notice
        context["file_name"] = request.POST.get("file_name", "")
    if "meta" in context:
        year, through_month, published_on = context["meta"]
        context["meta_year"] = year
        context["meta_month"] = through_month
        context["meta_month_label"] = MONTHS[through_month]
        context["meta_published"] = published_on.isoformat()
    return render(request, "reception/official_import.html", context)
