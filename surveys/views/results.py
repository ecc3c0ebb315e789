"""Staff: a campaign's results per question, and the exports (raw answers, tables)."""

from __future__ import annotations

from django.http import Http404
from django.shortcuts import render
from django.utils.translation import gettext as _

from core.access import staff_required
from core.counties import staff_county
from core.exports import ExportTitle, csv_response, xlsx_response

from ..charts import distribution_chart
from ..results import campaign_results, previous_campaign, raw_rows
from .common import staff_campaign

RAW_HEADERS = [
    "Kommunkod",
    "Kommun",
    "Frågekod",
    "Fråga",
    "Antal",
    "Varav kvinnor",
    "Varav män",
    "Svar",
    "Text",
    "Kommentar",
]


def _scope(request, campaign):
    if campaign.county_id is None and request.user.is_superuser and not request.GET.get("lan"):
        return None
    return staff_county(request)


@staff_required
def campaign_results_view(request, pk: int):
    campaign = staff_campaign(request, pk)
    county = _scope(request, campaign)
    results = campaign_results(campaign, county, with_national=True)
    for r in results:
        if r.has_distribution:
            r.chart = distribution_chart(
                f"diagram-{r.question.code}", r.question.text, r.rows, r.answered
            )
    return render(
        request,
        "surveys/campaign_results.html",
        {
            "campaign": campaign,
            "survey": campaign.survey,
            "county": county or campaign.county,
            "results": results,
            "previous": previous_campaign(campaign),
            "national": any(r.national for r in results),
        },
    )


def table_rows(results, *, national: bool = False) -> list[list]:
    """The tables of the results page as rows: question, row label, count, last year (and
    the whole country's count, for a county of a national campaign)."""
    rows = []
    for r in results:
        if r.is_number:
            for label, name in ((_("Totalt"), "total"), (_("Kvinnor"), "women"), (_("Män"), "men")):
                if name != "total" and not r.is_split:
                    continue
                row = [r.question.code, r.question.text, label, getattr(r, name), _prev(r, name)]
                rows.append([*row, _of(r.national, name)] if national else row)
        for line in r.rows:
            row = [r.question.code, r.question.text, line["option"], line["count"]]
            row.append(line["previous"])
            rows.append([*row, line["national"]] if national else row)
    return rows


def _prev(result, name: str):
    return _of(result.previous, name)


def _of(result, name: str):
    return getattr(result, name) if result else None


@staff_required
def campaign_export(request, pk: int, what: str, fmt: str):
    if what not in ("svar", "tabeller") or fmt not in ("csv", "xlsx"):
        raise Http404
    campaign = staff_campaign(request, pk)
    county = _scope(request, campaign)
    name = f"{campaign.survey.kind}-{campaign.survey.year}-{county.code if county else 'riket'}"
    if what == "svar":
        headers, rows = RAW_HEADERS, raw_rows(campaign, county)
        name = f"{name}-svar"
    else:
        results = campaign_results(campaign, county, with_national=True)
        national = any(r.national for r in results)
        headers = ["Frågekod", "Fråga", "Rad", "Antal", "Förra året"]
        headers += ["Hela landet"] if national else []
        rows = table_rows(results, national=national)
        name = f"{name}-tabeller"
    if fmt == "csv":
        return csv_response(name, headers, rows)
    title = ExportTitle(
        table=f"{campaign.survey.title} {campaign.survey.year}",
        county=county.name if county else "",
        year=campaign.survey.year,
    )
    formats = [None] * len(headers)
    return xlsx_response(name, headers, rows, campaign.survey.title, formats, title=title)
