"""Issue #6's "Bad input" and "Show" lists, the cases the other files did not cover:
course cells, unknown course codes through the form, stale edits, public search
combinations, rounding and what the fill rate counts, and flat query counts of the
report pages."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from activities import services
from activities.figures import activity_fill_rates, fill_rate
from activities.models import Activity, ActivityReport, Organisation
from tests.factories.accounts import client_for
from tests.factories.activities import make_activity, report, submit

from .test_views import _activity_post, _report_post, _report_url

pytestmark = pytest.mark.django_db


# Bad input: the report form (the cells are in test_views.py's table)


def test_unknown_course_code_in_the_form_is_not_counted(reporter_a, sfi, periods):
    """A cell for a course that does not exist (9Z) is not a field: it adds nothing to the
    totals, which come from the nine courses only."""
    data = _report_post(continuing_women_1A="1", continuing_men_1A="0", first_time="0")
    data.update({"continuing_women_9Z": "3", "continuing_men_9Z": "2"})
    client_for(reporter_a).post(_report_url(sfi, "0181", periods[0]), data)
    saved = ActivityReport.objects.get()
    assert (saved.women, saved.men) == (1, 0)
    assert list(saved.courses.values_list("course", flat=True)) == ["1A"]


def test_first_time_more_than_the_course_participants_is_refused(reporter_a, sfi, periods):
    data = _report_post(first_time="6", completed_women_1A="3", completed_men_1A="1",
                        continuing_women_1A="0", continuing_men_1A="0",
                        dropped_men_1A="1")  # fmt: skip
    response = client_for(reporter_a).post(_report_url(sfi, "0181", periods[0]), data)
    assert "än det fanns deltagare (5)" in " ".join(response.context["form"].errors["first_time"])
    assert not ActivityReport.objects.exists()


def test_report_form_with_a_stale_version_saves_nothing(reporter_a, sfi, municipality_a, periods):
    saved = report(sfi, municipality_a, periods[0], reporter_a, women=3, men=2)
    response = client_for(reporter_a).post(
        _report_url(sfi, "0181", periods[0]),
        _report_post(
            version=saved.version - 1, women="9", continuing_women_1A="9", action="save"
        ),  # fmt: skip
    )
    assert "Någon annan har ändrat rapporten" in response.content.decode()
    assert ActivityReport.objects.get().women == 3


# Bad input: activities and organisations (more cells in test_views.py)


def test_activity_edit_with_a_stale_version_is_a_conflict_and_saves_nothing(
    staff, sfi, organisation, municipality_a
):
    data = _activity_post(organisation, municipality_a, version=sfi.version - 1, title="Nytt")
    response = client_for(staff).post(reverse("activities:activity_edit", args=[sfi.pk]), data)
    assert response.status_code == 200
    assert "Någon annan har sparat ändringar" in response.content.decode()
    assert Activity.objects.get().title == "SFI studieväg 1"


def test_activity_edit_cannot_shorten_civic_orientation_below_100_hours(
    county, staff, organisation, municipality_a
):
    civic = make_activity(county, staff, organisation, [municipality_a], kind="civic", hours=120)
    data = _activity_post(organisation, municipality_a, version=civic.version, kind="civic",
                          hours="60")  # fmt: skip
    response = client_for(staff).post(reverse("activities:activity_edit", args=[civic.pk]), data)
    assert "SFS 2010:1138" in " ".join(response.context["form"].errors["hours"])
    civic.refresh_from_db()
    assert civic.hours == 120


@pytest.mark.parametrize("number", ["12345", "5560160681", "556016-068A"])
def test_organisation_number_of_wrong_shape_or_check_digit_saves_nothing(staff, number):
    response = client_for(staff).post(
        reverse("activities:organisation_create"),
        {"version": 0, "name": "Bolaget", "kind": "company", "org_number": number},
    )
    assert response.status_code == 200
    assert response.context["form"].errors["org_number"]
    assert not Organisation.objects.exists()


# Show: the public search


@pytest.fixture
def public_world(county, staff, organisation, municipality_a, municipality_b):
    today = timezone.localdate()
    future = {"start": today, "end": today + datetime.timedelta(days=60)}
    make_activity(county, staff, organisation, [municipality_a, municipality_b],
                  title="Gemensam SO", kind="civic", hours=100, languages=("ti", "so"),
                  mother_tongue=True, **future)  # fmt: skip
    make_activity(county, staff, organisation, [municipality_b], title="Dold SFI",
                  languages=("ti",), published=False, **future)  # fmt: skip


def _public(query: str) -> list[str]:
    response = client_for(None).get(reverse("activities:activity_search") + query)
    assert response.status_code == 200
    return [a.title for a in response.context["activities"]]


def test_joint_activity_is_found_from_every_municipality_it_serves(public_world):
    assert _public("?kommun=0181") == ["Gemensam SO"]
    assert _public("?kommun=0126") == ["Gemensam SO"]
    assert _public("?kommun=0114") == []


def test_search_by_municipality_and_language_together(public_world):
    assert _public("?kommun=0126&sprak=ti") == ["Gemensam SO"]
    assert _public("?kommun=0126&sprak=so") == ["Gemensam SO"]
    assert _public("?kommun=0126&sprak=ar") == []


def test_unpublished_activity_is_never_shown_whatever_the_search(public_world):
    for query in ("", "?kommun=0126", "?sprak=ti", "?kommun=0126&sprak=ti"):
        assert "Dold SFI" not in _public(query)
        page = client_for(None).get(reverse("activities:activity_search") + query)
        assert "Dold SFI" not in page.content.decode()


# Show: fill rate on hand-computed examples


def test_fill_rate_rounds_half_up_to_one_decimal():
    assert fill_rate(1, 16) == Decimal("6.3")  # 6.25 %
    assert fill_rate(1, 8) == Decimal("12.5")
    assert fill_rate(0, 20) == Decimal("0.0")


def test_fill_rate_counts_submitted_and_approved_not_returned_or_drafts(
    county, staff, organisation, municipality_a, municipality_b, reporter_a, reporter_b, periods
):
    joint = make_activity(county, staff, organisation, [municipality_a, municipality_b], places=8)
    approved = submit(report(joint, municipality_a, periods[0], reporter_a, women=2, men=1),
                      reporter_a)  # fmt: skip
    services.activity_report_review(
        action="approve", report=approved, user=staff, version=approved.version
    )
    returned = submit(report(joint, municipality_b, periods[0], reporter_b, women=4, men=4),
                      reporter_b)  # fmt: skip
    services.activity_report_review(
        action="return", report=returned, user=staff, version=returned.version, message="Fel."
    )
    rows = activity_fill_rates(joint)
    # 3 of 8 places: 37.5 %; the returned 8 are not counted until handed in again.
    assert [(r["participants"], r["places"], r["fill_rate"]) for r in rows] == [
        (3, 8, Decimal("37.5"))
    ]
    page = client_for(staff).get(reverse("activities:activity_detail", args=[joint.pk]))
    assert "37,5\u00a0%" in page.content.decode()


# Show: query budgets of the report pages


def _count(client, url: str) -> int:
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url).status_code == 200
    return len(ctx.captured_queries)


def test_activity_report_detail_queries_do_not_grow_with_history(
    staff, reporter_a, sfi, municipality_a, periods
):
    saved = report(sfi, municipality_a, periods[0], reporter_a)
    client = client_for(staff)
    url = reverse("activities:activity_report_detail", args=[saved.pk])
    _count(client, url)  # the first request after signing in reads the user; later ones don't
    one = _count(client, url)
    for n in range(2, 15):
        saved = services.activity_report_save_draft(
            activity=sfi,
            municipality=municipality_a,
            period=periods[0],
            user=reporter_a,
            figures={"women": n, "men": 1, "first_time": 1, "completed": 0, "dropped": 0},
            courses={"1A": {"continuing_women": n, "continuing_men": 1}},
            comment=f"Version {n}",
            version=saved.version,
            today=periods[0].end,
        )
    assert _count(client, url) == one
    assert one <= 7  # measured: session, data version, user, report, courses, history, scope


def test_confirmation_page_queries_are_fixed(reporter_a, sfi, municipality_a, periods):
    saved = report(sfi, municipality_a, periods[0], reporter_a)
    url = reverse("activities:activity_report_submit", args=[saved.pk])
    # measured 8 on the first request after signing in (the user is read once, then cached)
    assert _count(client_for(reporter_a), url) <= 8
