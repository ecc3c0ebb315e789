"""Activity and activity-report services: rules, all-or-nothing, the shared review flow."""

from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import ValidationError

from activities import services
from activities.models import Activity, ActivityCourseFigure, ActivityReport
from reception import workflow
from reception.models import ReportStatus
from tests.factories.activities import (
    activity_data,
    make_activity,
    make_organisation,
    report,
    submit,
)

pytestmark = pytest.mark.django_db


def _errors(call) -> dict:
    with pytest.raises(ValidationError) as error:
        call()
    return error.value.message_dict


def test_activity_ending_before_start_is_refused_and_nothing_saved(
    county, staff, organisation, municipality_a
):
    errors = _errors(
        lambda: make_activity(
            county, staff, organisation, [municipality_a], end=datetime.date(2024, 12, 31)
        )
    )
    assert errors["end"] == ["Slutdatum kan inte vara före startdatum."]
    assert not Activity.objects.exists()


def test_civic_orientation_under_100_hours_is_refused(county, staff, organisation, municipality_a):
    errors = _errors(
        lambda: make_activity(county, staff, organisation, [municipality_a], kind="civic", hours=60)
    )
    assert "SFS 2010:1138" in errors["hours"][0]
    assert not Activity.objects.exists()


def test_civic_orientation_of_100_hours_is_accepted(county, staff, organisation, municipality_a):
    activity = make_activity(
        county, staff, organisation, [municipality_a], kind="civic", hours=100, mother_tongue=True
    )
    assert activity.mother_tongue


def test_negative_places_are_refused(county, staff, organisation, municipality_a):
    errors = _errors(
        lambda: make_activity(county, staff, organisation, [municipality_a], places=-1)
    )
    assert "places" in errors


def test_municipality_of_another_county_is_refused(
    county, staff, organisation, other_county_municipality
):
    errors = _errors(
        lambda: make_activity(county, staff, organisation, [other_county_municipality])
    )
    assert "municipalities" in errors


def test_joint_activity_serves_several_municipalities(
    county, staff, organisation, municipality_a, municipality_b
):
    activity = make_activity(county, staff, organisation, [municipality_a, municipality_b])
    assert set(activity.municipalities.values_list("code", flat=True)) == {"0181", "0126"}


def test_invalid_organisation_number_is_refused(county, staff):
    errors = _errors(
        lambda: services.organisation_save(
            county=county,
            user=staff,
            data={"name": "X", "kind": "company", "org_number": "556016-0681"},
        )
    )
    assert "kontrollsiffran" in errors["org_number"][0]


def test_organisation_edit_with_old_version_is_stale(county, staff):
    org = make_organisation(county, staff)
    with pytest.raises(ValidationError) as error:
        services.organisation_save(
            county=county, user=staff, data={"name": "Nytt"}, organisation=org, version=0
        )
    assert error.value.code == "stale"


def test_activity_edit_with_old_version_is_stale(sfi, county, staff, municipality_a, organisation):
    with pytest.raises(ValidationError) as error:
        services.activity_save(
            county=county,
            user=staff,
            data=activity_data(organisation, title="Nytt"),
            municipalities=[municipality_a],
            languages=sfi.languages.all(),
            activity=sfi,
            version=sfi.version - 1,
        )
    assert error.value.code == "stale"
    sfi.refresh_from_db()
    assert sfi.title == "SFI studieväg 1"


def test_sfi_totals_come_from_the_courses_not_from_typed_figures(
    sfi, municipality_a, periods, reporter_a
):
    saved = report(
        sfi,
        municipality_a,
        periods[0],
        reporter_a,
        women=30,
        men=20,
        completed=9,
        courses={
            "1A": {"continuing_women": 2, "completed_men": 1},
            "2C": {"completed_women": 1, "dropped_men": 2, "continuing_men": 1},
        },
    )
    assert (saved.women, saved.men, saved.completed, saved.dropped) == (3, 4, 2, 2)


def test_sfi_first_time_more_than_the_course_participants_is_refused(
    sfi, municipality_a, periods, reporter_a
):
    errors = _errors(
        lambda: report(
            sfi,
            municipality_a,
            periods[0],
            reporter_a,
            first_time=6,
            courses={"1A": {"continuing_women": 3, "continuing_men": 2}},
        )
    )
    assert errors == {
        "first_time": ["Fler kan inte ha börjat för första gången än det fanns deltagare (5)."]
    }
    assert not ActivityReport.objects.exists()


def test_civic_typed_figures_must_fit_together(
    county, staff, organisation, municipality_a, periods, reporter_a
):
    civic = make_activity(
        county, staff, organisation, [municipality_a], kind="civic", hours=100, mother_tongue=True
    )
    errors = _errors(
        lambda: report(civic, municipality_a, periods[0], reporter_a, completed=4, dropped=2)
    )
    assert "inte vara fler än deltagarna (5)" in errors["completed"][0]


def test_unknown_course_code_is_refused(sfi, municipality_a, periods, reporter_a):
    errors = _errors(
        lambda: report(
            sfi,
            municipality_a,
            periods[0],
            reporter_a,
            women=1,
            men=0,
            courses={"4A": {"continuing_women": 1}},
        )
    )
    assert "Okänd kurskod: 4A" in errors["__all__"][0]
    assert not ActivityReport.objects.exists()


def test_sfi_report_stores_course_rows(sfi, municipality_a, periods, reporter_a):
    saved = report(
        sfi,
        municipality_a,
        periods[0],
        reporter_a,
        women=4,
        men=3,
        completed=3,
        dropped=1,
        courses={
            "1A": {"completed_women": 2, "completed_men": 1, "continuing_women": 1},
            "2B": {"dropped_men": 1, "continuing_women": 1, "continuing_men": 1},
        },
    )
    rows = {c.course: c for c in ActivityCourseFigure.objects.filter(report=saved)}
    assert set(rows) == {"1A", "2B"}
    assert (rows["1A"].women, rows["1A"].men) == (3, 1)
    assert saved.participants == 7


def test_more_first_timers_than_participants_is_refused(sfi, municipality_a, periods, reporter_a):
    errors = _errors(
        lambda: report(sfi, municipality_a, periods[0], reporter_a, women=1, men=0, first_time=2)
    )
    assert "first_time" in errors


def test_negative_or_missing_figures_are_refused(
    county, staff, organisation, municipality_a, periods, reporter_a, sfi
):
    civic = make_activity(
        county, staff, organisation, [municipality_a], kind="civic", hours=100, mother_tongue=True
    )
    errors = _errors(lambda: report(civic, municipality_a, periods[0], reporter_a, women=-1))
    assert "women" in errors
    errors = _errors(lambda: report(civic, municipality_a, periods[0], reporter_a, dropped=None))
    assert "dropped" in errors
    errors = _errors(lambda: report(sfi, municipality_a, periods[0], reporter_a, first_time=None))
    assert "first_time" in errors


def test_reporting_for_a_municipality_not_in_the_activity_is_refused(
    sfi, municipality_b, periods, reporter_b
):
    with pytest.raises(ValidationError) as error:
        report(sfi, municipality_b, periods[0], reporter_b)
    assert error.value.code == "scope"


def test_activity_report_runs_the_shared_review_flow(
    sfi, municipality_a, periods, reporter_a, staff
):
    saved = submit(report(sfi, municipality_a, periods[0], reporter_a), reporter_a)
    assert saved.status == ReportStatus.SUBMITTED and saved.submitted_by == reporter_a
    returned = services.activity_report_review(
        action="return",
        report=saved,
        user=staff,
        version=saved.version,
        message="Kontrollera männen.",
    )
    assert returned.status == ReportStatus.RETURNED
    assert returned.review_message == "Kontrollera männen."
    again = submit(returned, reporter_a)
    approved = services.activity_report_review(
        action="approve", report=again, user=staff, version=again.version
    )
    assert approved.status == ReportStatus.APPROVED
    reopened = services.activity_report_review(
        action="reopen",
        report=approved,
        user=staff,
        version=approved.version,
        message="Fel period.",
    )
    assert reopened.status == ReportStatus.REOPENED
    reasons = list(
        reopened.history.order_by("history_date").values_list("history_change_reason", flat=True)
    )
    assert reasons == [
        "Utkast påbörjat",
        "Inskickad",
        "Skickad tillbaka: Kontrollera männen.",
        "Inskickad igen efter retur",
        "Godkänd",
        "Öppnad igen: Fel period.",
    ]


def test_approving_a_draft_is_refused_with_the_shared_message(
    sfi, municipality_a, periods, reporter_a, staff
):
    draft = report(sfi, municipality_a, periods[0], reporter_a)
    with pytest.raises(ValidationError) as error:
        services.activity_report_review(
            action="approve", report=draft, user=staff, version=draft.version
        )
    assert error.value.messages == [str(workflow.MOVES["approve"].refused)]


def test_submitted_report_cannot_be_changed(sfi, municipality_a, periods, reporter_a):
    saved = submit(report(sfi, municipality_a, periods[0], reporter_a), reporter_a)
    with pytest.raises(ValidationError) as error:
        services.activity_report_save_draft(
            activity=sfi,
            municipality=municipality_a,
            period=periods[0],
            user=reporter_a,
            figures={"women": 1, "men": 0, "first_time": 0, "completed": 0, "dropped": 0},
            courses={"1A": {"continuing_women": 1}},
            comment="",
            version=saved.version,
            today=datetime.date(2026, 1, 15),
        )
    assert error.value.code == "locked"


def test_return_without_message_is_refused(sfi, municipality_a, periods, reporter_a, staff):
    saved = submit(report(sfi, municipality_a, periods[0], reporter_a), reporter_a)
    with pytest.raises(ValidationError):
        services.activity_report_review(
            action="return", report=saved, user=staff, version=saved.version, message=" "
        )
    saved.refresh_from_db()
    assert saved.status == ReportStatus.SUBMITTED


def test_stale_version_is_refused_by_the_shared_lock(
    sfi, municipality_a, periods, reporter_a, staff
):
    saved = submit(report(sfi, municipality_a, periods[0], reporter_a), reporter_a)
    with pytest.raises(ValidationError) as error:
        services.activity_report_review(
            action="approve", report=saved, user=staff, version=saved.version - 1
        )
    assert error.value.code == "stale"
