"""Accessibility of the reception pages, read from their HTML: the report form's error
summary, the SFI course grid's errors, the review page's forms, the activity follow-up
table's headers and Swedish data on English pages."""

from __future__ import annotations

import pytest
from django.urls import reverse

from agreements.models import TargetCategory
from reception.periods import periods_ensure
from tests.activities.test_views import _report_post, _report_url
from tests.factories.accounts import client_for
from tests.factories.activities import make_activity, make_organisation
from tests.factories.reporting import make_agreement, submitted
from tests.harness import markup

pytestmark = pytest.mark.django_db


@pytest.fixture
def periods(county):
    return periods_ensure(county=county, year=2025)


def _report_form_url(period) -> str:
    return reverse("reception:report_edit", kwargs={"code": "0181", "period_pk": period.pk})


def _summary(body: str) -> str:
    start = body.index('id="error-summary"')
    return body[start : body.index("</div>", start)]


def test_report_error_summary_names_the_category_of_each_figure(reporter_a_client, periods):
    """Every category has a "Mottagna under perioden" field; out of its fieldset, in the
    summary, each error says which category it is about."""
    data = {
        "version": 0,
        "received_anvisade": "",
        "received_kvotflyktingar": "tre",
        "received_ensamkommande": "-1",
        "received_massflykt": "",
        "women_massflykt": "x",
        "action": "draft",
    }
    summary = _summary(reporter_a_client.post(_report_form_url(periods[0]), data).content.decode())
    for expected in (
        "Anvisade nyanlända (kommuntal) – Mottagna under perioden: Fyll i antalet mottagna",
        "varav kvotflyktingar – Mottagna under perioden: Skriv ett heltal",
        "Ensamkommande barn – Mottagna under perioden: Antalet kan inte vara negativt.",
        "Tillfälligt skydd (massflyktsdirektivet) – varav kvinnor: Skriv ett heltal",
    ):
        assert expected in summary
    assert '<li><a href="#id_received_anvisade">Mottagna under perioden' not in summary


def test_report_error_summary_names_the_category_in_english_on_an_english_page(
    reporter_a_client, periods
):
    reporter_a_client.cookies["django_language"] = "en"
    data = {"version": 0, "received_anvisade": "", "action": "draft"}
    summary = _summary(reporter_a_client.post(_report_form_url(periods[0]), data).content.decode())
    english = "Newly arrived assigned for settlement (municipal quota)"
    assert f"{english} – Received during the period:" in summary


def test_report_error_summary_marks_a_category_without_english_name_as_swedish(
    reporter_a_client, periods
):
    TargetCategory.objects.filter(code="anvisade").update(name_en="")
    reporter_a_client.cookies["django_language"] = "en"
    data = {"version": 0, "received_anvisade": "", "action": "draft"}
    summary = _summary(reporter_a_client.post(_report_form_url(periods[0]), data).content.decode())
    marked = '<span lang="sv">Anvisade nyanlända (kommuntal)</span>'
    assert f"{marked} – Received during the period:" in summary


def test_figure_errors_are_marked_invalid_and_tied_to_their_text(reporter_a_client, periods):
    data = {"version": 0, "received_anvisade": "-1", "action": "draft"}
    body = reporter_a_client.post(_report_form_url(periods[0]), data).content.decode()
    field = next(e for e in markup.parse(body).iter() if e.get("id") == "id_received_anvisade")
    assert field.get("aria-invalid") == "true"
    assert "id_received_anvisade-fel" in field.get("aria-describedby").split()
    assert 'id="id_received_anvisade-fel">Antalet kan inte vara negativt.' in body


@pytest.fixture
def sfi(county, staff, municipality_a):
    organisation = make_organisation(county, staff)
    return make_activity(county, staff, organisation, [municipality_a])


def test_sfi_course_cell_errors_are_tied_to_their_cells(reporter_a, sfi, periods):
    data = _report_post(continuing_women_1A="tre", dropped_men_2B="-4")
    body = client_for(reporter_a).post(_report_url(sfi, "0181", periods[0]), data)
    body = body.content.decode()
    root = markup.parse(body)
    by_id = {e.get("id"): e for e in root.iter() if e.get("id")}
    for name in ("continuing_women_1A", "dropped_men_2B"):
        cell = by_id[f"id_{name}"]
        assert cell.get("aria-invalid") == "true"
        (described,) = cell.get("aria-describedby").split()
        error = by_id[described]
        assert error.ancestor("td") is cell.ancestor("td")  # shown in the same cell
        assert error.all_text()
    untouched = by_id["id_completed_women_1A"]
    assert "aria-invalid" not in untouched.attrs and "aria-describedby" not in untouched.attrs
    assert 'href="#id_dropped_men_2B"' in _summary(body)


def test_review_page_forms_each_have_their_own_ids(staff, reporter_a, municipality_a, periods):
    report = submitted(municipality_a, periods[0], reporter_a, anvisade=2)
    url = reverse("reception:report_review", kwargs={"pk": report.pk})
    body = client_for(staff).get(url).content.decode()
    assert markup.duplicate_ids(markup.parse(body)) == []
    assert 'id="id_approve_version"' in body and 'id="id_return_version"' in body
    assert 'for="id_return_message"' in body


def test_a_returned_review_form_links_its_error_to_its_own_field(
    staff, reporter_a, municipality_a, periods
):
    report = submitted(municipality_a, periods[0], reporter_a, anvisade=2)
    url = reverse("reception:report_return", kwargs={"pk": report.pk})
    body = client_for(staff).post(url, {"version": report.version, "message": ""})
    body = body.content.decode()
    assert 'href="#id_return_message"' in _summary(body)
    assert 'id="id_return_message"' in body
    assert markup.problems(body) == {}


def test_activity_follow_up_table_ties_every_cell_to_its_group_and_column(
    staff, reporter_a, sfi, periods
):
    body = client_for(staff).get(reverse("activities:activity_figures", kwargs={"year": 2025}))
    root = markup.parse(body.content.decode())
    (table,) = (e for e in root.iter() if e.tag == "table")
    assert [c.get("span") for c in table.children if c.tag == "colgroup"] == ["", "4", "4"]
    headers = {e.get("id"): e.all_text() for e in table.iter() if e.tag == "th" and e.get("id")}
    cells = [e for e in table.iter() if e.tag == "td"]
    assert cells
    for cell in cells:
        row, group, column = cell.get("headers").split()
        assert {row, group, column} <= set(headers)
    first = cells[0]
    assert [headers[h] for h in first.get("headers").split()] == ["Botkyrka", "Sfi", "Kvinnor"]
    last = cells[-1]
    assert [headers[h] for h in last.get("headers").split()] == [
        "Hela länet",
        "Samhällsorientering",
        "Avbröt",
    ]
    assert markup.table_headers(root) == []


def test_category_names_are_english_or_marked_swedish_on_english_pages(
    reporter_a_client, municipality_a, periods
):
    make_agreement(municipality_a, 2025, {"anvisade": 24})
    url = _report_form_url(periods[0])
    swedish = reporter_a_client.get(url).content.decode()
    assert "<legend>Anvisade nyanlända (kommuntal)</legend>" in swedish
    assert 'lang="sv">' not in swedish.split("<body>", 1)[1].replace('lang="sv" hreflang="sv"', "")
    reporter_a_client.cookies["django_language"] = "en"
    english = reporter_a_client.get(url).content.decode()
    assert "<legend>Newly arrived assigned for settlement (municipal quota)</legend>" in english
    TargetCategory.objects.filter(code="anvisade").update(name_en="")  # no English name yet
    english = reporter_a_client.get(url).content.decode()
    assert '<legend><span lang="sv">Anvisade nyanlända (kommuntal)</span></legend>' in english


def test_activity_titles_and_descriptions_are_marked_swedish_on_english_pages(
    client, county, staff, municipality_a
):
    organisation = make_organisation(county, staff)
    make_activity(
        county,
        staff,
        organisation,
        [municipality_a],
        title="Språkcafé på biblioteket",
        description="Vi pratar svenska varje tisdag.",
    )
    client.cookies["django_language"] = "en"
    body = client.get(reverse("activities:activity_search")).content.decode()
    root = markup.parse(body)
    marked = [e for e in root.iter() if e.get("lang") == "sv"]
    texts = {e.all_text() for e in marked}
    assert "Språkcafé på biblioteket" in texts
    assert "Vi pratar svenska varje tisdag." in texts
