"""Every reception URL with its expectation per persona.

build_world makes, in municipality A (0181, county 01), three 2025 periods and
reports: a submitted one (review, approve, return, receipt, detail), a draft
(edit and submit step) and an approved one (reopen).
"""

from __future__ import annotations

from tests.harness.routes import (
    LOGIN,
    Route,
    county_object_read,
    county_object_staff_read,
    county_object_write,
    custom,
    reporter_object_write,
    reporter_page,
    staff_page,
)


def build_world(world: dict) -> None:
    import datetime

    from core.models import Municipality
    from reception import services
    from reception.periods import periods_ensure

    municipality = Municipality.objects.select_related("county").get(code="0181")
    periods = periods_ensure(county=municipality.county, year=2025)
    reporter, staff = world["reporter_a"], world["staff"]
    later = datetime.date(2026, 1, 15)

    def make(period, n):
        return services.report_save_draft(
            municipality=municipality,
            period=period,
            user=reporter,
            figures={
                "anvisade": {"received": n},
                "kvotflyktingar": {"received": 0},
                "ensamkommande": {"received": 0},
                "massflykt": {"received": 0},
            },
            self_settled=1,
            comment="",
            version=0,
            today=later,
        )

    approved = make(periods[0], 3)
    approved = services.report_submit(
        report=approved, user=reporter, version=approved.version, confirmed=True, today=later
    )
    world["approved_report"] = services.report_approve(
        report=approved, user=staff, version=approved.version
    )
    submitted = make(periods[1], 4)
    world["report"] = services.report_submit(
        report=submitted, user=reporter, version=submitted.version, confirmed=True, today=later
    )
    world["period"] = periods[1]
    world["draft_report"] = make(periods[2], 2)
    world["open_period"] = periods[3]


ROUTES = [
    Route("reception:inbox", expect=reporter_page()),
    Route(
        "reception:report_edit",
        kwargs=lambda w: {"code": "0181", "period_pk": w["open_period"].pk},
        expect=reporter_object_write(200),
        note="the report form for a period without a report yet",
    ),
    Route(
        "reception:report_detail",
        kwargs=lambda w: {"pk": w["report"].pk},
        expect=county_object_read(),
    ),
    Route(
        "reception:report_submit",
        kwargs=lambda w: {"pk": w["draft_report"].pk},
        expect=reporter_object_write(200),
        note="the confirmation step",
    ),
    Route(
        "reception:report_receipt",
        kwargs=lambda w: {"pk": w["report"].pk},
        expect=county_object_read(),
    ),
    Route(
        "reception:report_review",
        kwargs=lambda w: {"pk": w["report"].pk},
        expect=county_object_staff_read(),
    ),
    Route(
        "reception:report_approve",
        method="POST",
        kwargs=lambda w: {"pk": w["report"].pk},
        data=lambda w: {"version": w["report"].version},
        expect=county_object_write(),
    ),
    Route(
        "reception:report_return",
        method="POST",
        kwargs=lambda w: {"pk": w["report"].pk},
        data=lambda w: {"version": w["report"].version, "message": "Kontrollera antalet."},
        expect=county_object_write(),
    ),
    Route(
        "reception:report_reopen",
        method="POST",
        kwargs=lambda w: {"pk": w["approved_report"].pk},
        data=lambda w: {"version": w["approved_report"].version, "reason": "Fel månad."},
        expect=county_object_write(),
    ),
    Route("reception:settings", expect=staff_page()),
    Route(
        "reception:official_import",
        expect=staff_page(),
        note="each staff member imports for their own county",
    ),
]

#: A county's period: its staff and the administrator, 404 for another county's staff,
#: 403 for reporters (not their role).
_PERIOD_STAFF = custom(
    anonymous=LOGIN, staff=200, other_county_staff=404, reporter_a=403, reporter_b=403, admin=200
)

ROUTES += [
    Route(
        "reception:bulk_approve",
        kwargs=lambda w: {"period_pk": w["period"].pk},
        expect=_PERIOD_STAFF,
        note="the confirmation page listing the period's reports without warnings (its form "
        "posts back here; the form fuzzer and tests/reception/test_bulk_approve.py post it)",
    ),
]
