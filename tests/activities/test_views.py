"""The pages: bad input in forms (clear errors, nothing saved), scope, flow through the browser."""

from __future__ import annotations

import uuid

import pytest
from django.urls import reverse

from accounts.models import User
from activities.models import Activity, ActivityReport, Language, Organisation
from reception.models import ReportStatus
from tests.factories.accounts import PASSWORD, client_for
from tests.factories.activities import report, submit

pytestmark = pytest.mark.django_db


def _activity_post(organisation, municipality, **overrides) -> dict:
    data = {
        "version": 0,
        "form_token": uuid.uuid4().hex,  # a fresh form each time
        "kind": "sfi",
        "title": "SFI Södertälje",
        "organisation": organisation.pk,
        "municipalities": [municipality.pk],
        "languages": [Language.objects.get(code="ar").pk],
        "delivery": "classroom",
        "study_form": "regular",
        "start": "2026-01-10",
        "end": "2026-06-10",
        "places": "1 200",
        "hours": "300",
        "location": "Storgatan 1",
        "contact_name": "Kim",
        "published": "on",
    }
    data.update(overrides)
    return data


def test_staff_creates_an_activity_with_swedish_number_format(staff, organisation, municipality_a):
    response = client_for(staff).post(
        reverse("activities:activity_create"), _activity_post(organisation, municipality_a)
    )
    activity = Activity.objects.get()
    assert response.status_code == 302
    assert activity.places == 1200
    assert list(activity.languages.values_list("code", flat=True)) == ["ar"]


@pytest.mark.parametrize(
    ("overrides", "field", "message"),
    [
        ({"end": "2025-12-31"}, "end", "Slutdatum kan inte vara före startdatum."),
        ({"places": "-3"}, "places", "Antalet kan inte vara negativt."),
        ({"places": "tolv"}, "places", "Skriv ett heltal"),
        ({"kind": "civic", "hours": "80"}, "hours", "SFS 2010:1138"),
        ({"kind": "civic", "hours": ""}, "hours", "minst 100 timmar"),
        ({"start": "2026-13-40"}, "start", "år-månad-dag"),
        ({"languages": []}, "languages", "Välj minst ett undervisningsspråk."),
        ({"hours": "-5"}, "hours", "negativt"),
        ({"hours": "tio"}, "hours", "Skriv ett heltal"),
        ({"places": ""}, "places", ""),
        ({"municipalities": []}, "municipalities", ""),
        ({"kind": "civic", "hours": "99"}, "hours", "minst 100 timmar"),
    ],
)
def test_activity_form_bad_input_shows_error_and_saves_nothing(
    staff, organisation, municipality_a, overrides, field, message
):
    response = client_for(staff).post(
        reverse("activities:activity_create"),
        _activity_post(organisation, municipality_a, **overrides),
    )
    assert response.status_code == 200
    assert message in " ".join(response.context["form"].errors[field])
    assert 'id="error-summary"' in response.content.decode()
    assert not Activity.objects.exists()


def test_activity_form_refuses_another_countys_municipality(
    staff, organisation, other_county_municipality
):
    response = client_for(staff).post(
        reverse("activities:activity_create"),
        _activity_post(organisation, other_county_municipality),
    )
    assert "municipalities" in response.context["form"].errors
    assert not Activity.objects.exists()


def test_staff_edits_an_activity(staff, sfi, organisation, municipality_a, municipality_b):
    data = _activity_post(organisation, municipality_a, version=sfi.version, title="Nytt namn")
    data["municipalities"] = [municipality_a.pk, municipality_b.pk]
    response = client_for(staff).post(reverse("activities:activity_edit", args=[sfi.pk]), data)
    assert response.status_code == 302
    sfi.refresh_from_db()
    assert sfi.title == "Nytt namn" and sfi.municipalities.count() == 2


def test_organisation_form_refuses_invalid_number_and_saves_nothing(staff):
    response = client_for(staff).post(
        reverse("activities:organisation_create"),
        {"version": 0, "name": "Bolaget", "kind": "company", "org_number": "556016-0681"},
    )
    assert response.status_code == 200
    assert "kontrollsiffran" in response.context["form"].errors["org_number"][0]
    assert not Organisation.objects.exists()


def test_organisation_form_saves_valid_number_normalised(staff):
    response = client_for(staff).post(
        reverse("activities:organisation_create"),
        {"version": 0, "name": "Bolaget", "kind": "company", "org_number": "5560160680"},
    )
    assert response.status_code == 302
    assert Organisation.objects.get().org_number == "556016-0680"


def _report_url(activity, code, period):
    return reverse(
        "activities:activity_report_edit",
        kwargs={"pk": activity.pk, "code": code, "period_pk": period.pk},
    )


def _report_post(**overrides) -> dict:
    data = {
        "version": 0,
        "women": "3",
        "men": "2",
        "first_time": "1",
        "completed": "0",
        "dropped": "0",
        "continuing_women_1A": "3",
        "continuing_men_1A": "2",
        "action": "submit",
    }
    data.update(overrides)
    return data


def test_reporter_saves_sfi_figures_and_goes_to_the_confirmation_step(
    reporter_a, sfi, municipality_a, periods
):
    response = client_for(reporter_a).post(_report_url(sfi, "0181", periods[0]), _report_post())
    saved = ActivityReport.objects.get()
    assert response["Location"] == reverse("activities:activity_report_submit", args=[saved.pk])
    assert saved.status == ReportStatus.DRAFT
    assert saved.courses.get().course == "1A"


@pytest.mark.parametrize(
    ("overrides", "field", "message"),
    [
        ({"first_time": "9"}, "first_time", "första gången"),
        ({"first_time": "6"}, "first_time", "deltagare (5)"),
        ({"first_time": ""}, "first_time", "Fyll i"),
        ({"continuing_women_1A": "-3"}, "continuing_women_1A", "negativt"),
        ({"continuing_women_1A": "tre"}, "continuing_women_1A", "Skriv ett heltal"),
        ({"completed_men_2B": "1,5"}, "completed_men_2B", "Skriv ett heltal"),
    ],
)
def test_report_form_bad_input_shows_error_and_saves_nothing(
    reporter_a, sfi, periods, overrides, field, message
):
    response = client_for(reporter_a).post(
        _report_url(sfi, "0181", periods[0]), _report_post(**overrides)
    )
    assert response.status_code == 200
    assert message in " ".join(response.context["form"].errors[field])
    assert not ActivityReport.objects.exists()


def test_sfi_report_form_has_no_total_fields(reporter_a, sfi, periods):
    form = client_for(reporter_a).get(_report_url(sfi, "0181", periods[0])).context["form"]
    assert not {"women", "men", "completed", "dropped"} & set(form.fields)
    assert "first_time" in form.fields


def test_sfi_totals_are_derived_from_the_course_cells_whatever_else_is_sent(
    reporter_a, sfi, periods
):
    data = _report_post(
        women="99", men="99", completed="99", dropped="99",
        completed_women_1A="2", dropped_men_2B="1", continuing_women_1A="1",
        continuing_men_1A="2", continuing_men_3D="4",
    )  # fmt: skip
    client_for(reporter_a).post(_report_url(sfi, "0181", periods[0]), data)
    saved = ActivityReport.objects.get()
    assert (saved.women, saved.men, saved.completed, saved.dropped) == (3, 7, 2, 1)
    assert saved.courses.count() == 3


def test_sfi_form_after_an_error_shows_the_sums_of_the_cells_as_sent(reporter_a, sfi, periods):
    data = _report_post(first_time="99", completed_women_1A="2", continuing_men_2B="x")
    html = client_for(reporter_a).post(_report_url(sfi, "0181", periods[0]), data)
    body = html.content.decode()
    assert 'data-sfi-total="women">5<' in body  # 1A: 3 continuing + 2 completed
    assert 'data-sfi-total="men">2<' in body  # the "x" counts 0 until corrected
    assert 'data-sfi-total="completed">2<' in body
    assert not ActivityReport.objects.exists()


def test_reporting_for_an_activity_the_municipality_is_not_in_is_404(
    sfi, periods, municipality_a, municipality_b
):
    both = User.objects.create_user("both@kommun.example", PASSWORD, role=User.Role.REPORTER)
    both.municipalities.set([municipality_a, municipality_b])
    client = client_for(both)
    assert client.get(_report_url(sfi, "0126", periods[0])).status_code == 404
    assert client.post(_report_url(sfi, "0126", periods[0]), _report_post()).status_code == 404
    assert not ActivityReport.objects.exists()
    assert client.get(_report_url(sfi, "0181", periods[0])).status_code == 200


def test_submitted_report_form_redirects_to_read_view(reporter_a, sfi, municipality_a, periods):
    saved = submit(report(sfi, municipality_a, periods[0], reporter_a), reporter_a)
    response = client_for(reporter_a).get(_report_url(sfi, "0181", periods[0]))
    assert response["Location"] == reverse("activities:activity_report_detail", args=[saved.pk])


def test_staff_returns_with_message_and_reporter_sees_it(
    staff, reporter_a, sfi, municipality_a, periods
):
    saved = submit(report(sfi, municipality_a, periods[0], reporter_a), reporter_a)
    client = client_for(staff)
    empty = client.post(
        reverse("activities:activity_report_return", args=[saved.pk]),
        {"version": saved.version, "message": ""},
    )
    assert empty.status_code == 200
    saved.refresh_from_db()
    assert saved.status == ReportStatus.SUBMITTED
    client.post(
        reverse("activities:activity_report_return", args=[saved.pk]),
        {"version": saved.version, "message": "Antalet män verkar fel."},
    )
    page = client_for(reporter_a).get(_report_url(sfi, "0181", periods[0])).content.decode()
    assert "Antalet män verkar fel." in page


def test_inbox_lists_periods_of_the_reporters_activities(reporter_a, reporter_b, sfi):
    mine = client_for(reporter_a).get(reverse("activities:activity_inbox")).content.decode()
    assert "SFI studieväg 1" in mine and "Rapportera" in mine
    other = client_for(reporter_b).get(reverse("activities:activity_inbox")).content.decode()
    assert "SFI studieväg 1" not in other


def test_staff_list_filters(staff, county, organisation, municipality_a, municipality_b):
    from tests.factories.activities import make_activity

    make_activity(county, staff, organisation, [municipality_a], title="SFI A", languages=("ar",))
    make_activity(
        county,
        staff,
        organisation,
        [municipality_b],
        title="SO B",
        kind="civic",
        hours=100,
        languages=("uk",),
        published=False,
    )
    client = client_for(staff)
    url = reverse("activities:activity_list")

    def titles(query):
        return {a.title for a in client.get(url + query).context["activities"]}

    assert titles("") == {"SFI A", "SO B"}
    assert titles("?typ=civic") == {"SO B"}
    assert titles("?kommun=0181") == {"SFI A"}
    assert titles("?sprak=uk") == {"SO B"}
    assert titles("?status=unpublished") == {"SO B"}
    assert titles(f"?organisation={organisation.pk}") == {"SFI A", "SO B"}


def test_export_as_csv_and_xlsx(staff, sfi):
    client = client_for(staff)
    csv = client.get(reverse("activities:activity_export", kwargs={"fmt": "csv"}))
    text = csv.content.decode("utf-8-sig")
    assert text.splitlines()[0].startswith("Typ;Rubrik;Organisation")
    assert "SFI studieväg 1" in text and "arabiska" in text
    xlsx = client.get(reverse("activities:activity_export", kwargs={"fmt": "xlsx"}))
    assert xlsx["Content-Type"].startswith("application/vnd.openxmlformats")
    assert (
        client.get(reverse("activities:activity_export", kwargs={"fmt": "pdf"})).status_code == 404
    )


def test_xlsx_export_has_a_title_block_with_county_and_the_filters_used(staff, sfi):
    import io

    from openpyxl import load_workbook

    from core.exports import HEADER_ROW

    url = reverse("activities:activity_export", kwargs={"fmt": "xlsx"}) + "?status=published"
    sheet = load_workbook(io.BytesIO(client_for(staff).get(url).content)).active
    lines = [sheet.cell(row=r, column=1).value for r in range(1, HEADER_ROW + 1)]
    assert lines[0] == "Aktiviteter" and lines[1] == "Län: Stockholms län"
    assert lines[3].startswith("Filter: ") and "Publicerade" in lines[3]
    assert lines[4].startswith("Uttaget ") and lines[5].startswith("Källa: ")
    assert lines[HEADER_ROW - 1] == "Typ"


def test_an_activity_form_posted_twice_creates_one_activity(staff, organisation, municipality_a):
    client = client_for(staff)
    data = _activity_post(organisation, municipality_a)
    assert client.post(reverse("activities:activity_create"), data).status_code == 302
    again = client.post(reverse("activities:activity_create"), data)
    assert again.status_code == 200
    assert "Någon annan sparade samma uppgifter alldeles nyss" in again.content.decode()
    assert Activity.objects.filter(title="SFI Södertälje").count() == 1
