"""Every URL of the agreements app and who may use it."""

from __future__ import annotations

from agreements import services
from agreements.models import TargetCategory
from core.models import Municipality
from tests.harness.routes import (
    Route,
    county_object_read,
    county_object_staff_read,
    county_object_write,
    staff_page,
)

YEAR = 2026


def build_world(world: dict) -> None:
    """An agreement for municipality A (0181) with targets, and the county quota."""
    municipality = Municipality.objects.get(code="0181")
    categories = {c.code: c for c in TargetCategory.objects.all()}
    world["agreement"] = services.agreement_create(
        municipality=municipality,
        year=YEAR,
        user=world.get("staff"),
        case_number="851-1234-2025",
        places_by_category={categories["anvisade"]: 40, categories["kvotflyktingar"]: 10},
    )
    world["county_quota"] = services.county_quota_set(
        county=municipality.county,
        year=YEAR,
        places=360,
        user=world.get("staff"),
        expected_version=0,
    )


def _pk(w: dict) -> dict:
    return {"pk": w["agreement"].pk}


def _year(w: dict) -> dict:
    return {"year": YEAR}


ROUTES = [
    Route("agreements:list", expect=staff_page()),
    Route("agreements:export_csv", expect=staff_page()),
    Route("agreements:export_xlsx", expect=staff_page()),
    Route("agreements:create", expect=staff_page()),
    Route("agreements:detail", kwargs=_pk, expect=county_object_read()),
    Route("agreements:edit", kwargs=_pk, expect=county_object_staff_read()),
    Route("agreements:amend", kwargs=_pk, expect=county_object_staff_read()),
    Route(
        "agreements:status",
        method="POST",
        kwargs=_pk,
        data=lambda w: {"status": "negotiation", "version": w["agreement"].version},
        expect=county_object_write(),
        note="redirects back to the detail page (with a message) also when refused",
    ),
    Route("agreements:audit_csv", kwargs=_pk, expect=county_object_read()),
    Route(
        "agreements:municipality",
        kwargs=lambda w: {"code": "0181"},
        expect=county_object_read(),
    ),
    Route(
        "agreements:allocation",
        kwargs=_year,
        expect=staff_page(),
        note="each staff member sees their own county",
    ),
    Route("agreements:county_quota", kwargs=_year, expect=staff_page()),
    Route("agreements:import", kwargs=_year, expect=staff_page()),
]
