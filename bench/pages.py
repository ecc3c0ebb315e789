"""The measured pages: one entry each (name, URL builder, persona, method, target).

Pages are found by URL name. Entries for pages other branches are still
building (county overview, municipality page, open-data CSV) list the URL names
they may get; the entry is measured as soon as one of them exists, and skipped
with a printed note until then. To add a page, add an entry here.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from django.urls import NoReverseMatch, get_resolver, reverse


@dataclass
class Fixtures:
    """Values the URL builders fill in, read from the benchmark database."""

    year: int
    county_code: str  # the staff persona's county
    municipality_code: str  # the reporter persona's municipality
    period_pk: int  # a period the reporter may edit (its report is a draft)


@dataclass
class Page:
    name: str
    #: URL names to try in order; the first that exists is measured.
    url_names: tuple[str, ...]
    persona: str | None  # None: anonymous; else a key of run.PERSONAS
    target_ratio: float | None
    method: str = "GET"
    query: str = ""
    note: str = ""
    pending: bool = False  # built on another branch; skipped until its URL exists
    url_kwargs: Callable[[Fixtures], dict] | None = field(default=None, repr=False)


def _year(f: Fixtures) -> dict:
    return {"year": f.year}


def _report_form(f: Fixtures) -> dict:
    return {"code": f.municipality_code, "period_pk": f.period_pk}


#: Values a pending page's URL parameters may take, by parameter name.
def _known(f: Fixtures) -> dict:
    return {
        "year": f.year,
        "ar": f.year,
        "code": f.municipality_code,
        "municipality": f.municipality_code,
        "kommun": f.municipality_code,
        "county": f.county_code,
        "county_code": f.county_code,
        "lan": f.county_code,
        "period_pk": f.period_pk,
    }


PAGES: list[Page] = [
    Page("baseline", ("benchmark_baseline",), None, None, note="middleware only"),
    Page("contact page /kontakt/", ("contacts:contact",), None, 0.60),
    Page("integration page /", ("contacts:home",), None, 0.25),
    Page(
        "county overview /uppfoljning/<year>/",
        ("overview:county",),
        "staff",
        0.15,
        url_kwargs=_year,
    ),
    Page("agreements list", ("agreements:list",), "staff", 0.25),
    Page("reporter inbox", ("reception:inbox",), "reporter", 0.25),
    Page("report form GET", ("reception:report_edit",), "reporter", 0.25, url_kwargs=_report_form),
    Page(
        "report form POST (draft save)",
        ("reception:report_edit",),
        "reporter",
        0.25,
        method="POST",
        url_kwargs=_report_form,
    ),
    Page(
        "municipality page (issue 8)",
        ("overview:municipality",),
        "staff",
        0.25,
    ),
    Page(
        "open-data CSV",
        ("overview:opendata_csv",),
        None,
        0.30,
    ),
]


def resolve(page: Page, fixtures: Fixtures) -> str | None:
    """The page's path, or None when none of its URL names exists (or fits)."""
    for name in page.url_names:
        if page.url_kwargs is not None:
            try:
                return reverse(name, kwargs=page.url_kwargs(fixtures)) + page.query
            except NoReverseMatch:
                continue
        path = _reverse_with_known(name, _known(fixtures))
        if path is not None:
            return path + page.query
    return None


def _reverse_with_known(name: str, known: dict) -> str | None:
    """Reverse ``name`` filling each URL parameter from ``known`` by its name."""
    namespace, _, short = name.rpartition(":")
    resolver = get_resolver()
    for part in filter(None, namespace.split(":")):
        if part not in resolver.namespace_dict:
            return None
        resolver = resolver.namespace_dict[part][1]
    for possibility, *_ in resolver.reverse_dict.getlist(short):
        for _pattern, params in possibility:
            if all(p in known for p in params):
                try:
                    return reverse(name, kwargs={p: known[p] for p in params})
                except NoReverseMatch:
                    continue
    return None
