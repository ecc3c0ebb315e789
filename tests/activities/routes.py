"""Every activity URL with its expectation per persona.

build_world makes, in county 01: an organisation, an SFI activity serving
municipality A (0181) only, its 2025 periods, and reports of municipality A:
submitted (review, approve, return), approved (reopen), draft (submit).
"""

from __future__ import annotations

import datetime

from tests.harness.routes import (
    Route,
    county_object_read,
    county_object_staff_read,
    county_object_write,
    custom,
    public,
    reporter_object_write,
    reporter_page,
    staff_page,
)

LATER = datetime.date(2026, 1, 15)


def sfi_courses(women: int, men: int) -> dict:
    """All participants continuing in course 1B."""
    return {"1B": {"continuing_women": women, "continuing_men": men}}


def build_world(world: dict) -> None:
    from activities import services
    from activities.models import Language
    from core.models import County, Municipality
    from reception.periods import periods_ensure

    county = County.objects.get(code="01")
    municipality = Municipality.objects.get(code="0181")
    staff, reporter = world["staff"], world["reporter_a"]
    organisation = services.organisation_save(
        county=county,
        user=staff,
        data={"name": "Södertälje Lärcenter", "kind": "municipality", "org_number": "212000-0142"},
    )
    activity = services.activity_save(
        county=county,
        user=staff,
        data={
            "kind": "sfi",
            "title": "SFI studieväg 1",
            "organisation": organisation,
            "delivery": "classroom",
            "study_form": "regular",
            "start": datetime.date(2025, 1, 1),
            "end": datetime.date(2030, 12, 31),
            "places": 20,
            "hours": 300,
            "location": "Storgatan 1, Södertälje",
            "contact_name": "Kim Exempel",
            "published": True,
        },
        municipalities=[municipality],
        languages=Language.objects.filter(code__in=["ar", "ti"]),
    )
    periods = periods_ensure(county=county, year=2025)

    def make(period, women, men):
        return services.activity_report_save_draft(
            activity=activity,
            municipality=municipality,
            period=period,
            user=reporter,
            figures={"women": women, "men": men, "first_time": 1, "completed": 0, "dropped": 0},
            courses=sfi_courses(women, men),
            comment="",
            version=0,
            today=LATER,
        )

    approved = make(periods[0], 5, 4)
    approved = services.activity_report_submit(
        report=approved, user=reporter, version=approved.version
    )
    world["activity_approved_report"] = services.activity_report_review(
        action="approve", report=approved, user=staff, version=approved.version
    )
    submitted = make(periods[1], 6, 5)
    world["activity_report"] = services.activity_report_submit(
        report=submitted, user=reporter, version=submitted.version
    )
    world["activity_draft_report"] = make(periods[2], 3, 2)
    world["activity"] = activity
    world["organisation"] = organisation
    world["activity_open_period"] = periods[3]


ROUTES = [
    Route("activities:activity_search", expect=public(), query="?kommun=0181&sprak=ar"),
    Route("activities:activity_list", expect=staff_page()),
    Route("activities:activity_export", kwargs=lambda w: {"fmt": "csv"}, expect=staff_page()),
    Route("activities:activity_export", kwargs=lambda w: {"fmt": "xlsx"}, expect=staff_page()),
    Route("activities:activity_create", expect=staff_page()),
    Route(
        "activities:activity_detail",
        kwargs=lambda w: {"pk": w["activity"].pk},
        expect=county_object_staff_read(),
    ),
    Route(
        "activities:activity_edit",
        kwargs=lambda w: {"pk": w["activity"].pk},
        expect=county_object_staff_read(),
    ),
    Route(
        "activities:activity_history",
        kwargs=lambda w: {"pk": w["activity"].pk},
        expect=county_object_staff_read(),
    ),
    Route(
        "activities:activity_history_csv",
        kwargs=lambda w: {"pk": w["activity"].pk},
        expect=county_object_staff_read(),
    ),
    Route("activities:activity_figures", kwargs=lambda w: {"year": 2025}, expect=staff_page()),
    Route("activities:activity_inbox", expect=reporter_page()),
    Route(
        "activities:activity_report_edit",
        kwargs=lambda w: {
            "pk": w["activity"].pk,
            "code": "0181",
            "period_pk": w["activity_open_period"].pk,
        },
        expect=reporter_object_write(200),
        note="the form for a period without a report yet",
    ),
    Route(
        "activities:activity_report_detail",
        kwargs=lambda w: {"pk": w["activity_report"].pk},
        expect=county_object_read(),
    ),
    Route(
        "activities:activity_report_submit",
        kwargs=lambda w: {"pk": w["activity_draft_report"].pk},
        expect=reporter_object_write(200),
        note="the confirmation step",
    ),
    Route(
        "activities:activity_report_approve",
        method="POST",
        kwargs=lambda w: {"pk": w["activity_report"].pk},
        data=lambda w: {"version": w["activity_report"].version},
        expect=county_object_write(),
    ),
    Route(
        "activities:activity_report_return",
        method="POST",
        kwargs=lambda w: {"pk": w["activity_report"].pk},
        data=lambda w: {"version": w["activity_report"].version, "message": "Kontrollera."},
        expect=county_object_write(),
    ),
    Route(
        "activities:activity_report_reopen",
        method="POST",
        kwargs=lambda w: {"pk": w["activity_approved_report"].pk},
        data=lambda w: {"version": w["activity_approved_report"].version, "reason": "Fel."},
        expect=county_object_write(),
    ),
    Route("activities:organisation_list", expect=staff_page()),
    Route("activities:organisation_create", expect=staff_page()),
    Route(
        "activities:organisation_edit",
        kwargs=lambda w: {"pk": w["organisation"].pk},
        expect=custom(
            anonymous="login",
            staff=200,
            other_county_staff=404,
            reporter_a=403,
            reporter_b=403,
            admin=200,
        ),
        note="an organisation belongs to the county: its reporters may read the county, not edit",
    ),
]
