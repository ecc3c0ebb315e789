"""Every URL of the agreements app and who may use it."""

from __future__ import annotations

import datetime

from agreements import services
from agreements.models import MunicipalQuotaDecision, TargetCategory
from core.models import Municipality
from tests.harness.routes import (
    LOGIN,
    Route,
    county_object_read,
    county_object_staff_read,
    county_object_write,
    custom,
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

    world["kommuntal_decision"] = MunicipalQuotaDecision.objects.create(
        county=municipality.county,
        year=YEAR,
        reference="851-4711-2025",
        effective_from=datetime.date(YEAR, 1, 1),
        decided_by=world.get("staff"),
    )


def _pk(w: dict) -> dict:
    return {"pk": w["agreement"].pk}


def _year(w: dict) -> dict:
    return {"year": YEAR}


# Valid POSTs (form fuzzer round trip; tests/harness/test_form_fields.py proves the page
# draws every name they send): the target figures are what staff came to enter.


def _create_post(w: dict) -> dict:
    return {
        "municipality": Municipality.objects.get(code="0126").pk,
        "year": YEAR + 1,
        "case_number": "851-4321-2026",
        "valid_from": "",
        "valid_to": "",
        "notes": "",
        "places_anvisade": "1 200",
        "places_kvotflyktingar": "300",
        "places_ensamkommande": "0",
        "places_massflykt": "",
    }


def _targets(agreement) -> dict[str, int]:
    return {t.category.code: t.places for t in services.current_targets(agreement)}


def _created(w: dict, data: dict) -> bool:
    from agreements.models import Agreement

    agreement = Agreement.objects.get(municipality_id=data["municipality"], year=data["year"])
    return agreement.case_number == data["case_number"] and _targets(agreement) == {
        "anvisade": 1200,
        "kvotflyktingar": 300,
        "ensamkommande": 0,
    }


def _amend_post(w: dict) -> dict:
    return {
        "version": w["agreement"].version,
        "effective_from": f"{YEAR}-06-01",
        "places_anvisade": "32",
        "places_kvotflyktingar": "12",
        "places_ensamkommande": "",
        "places_massflykt": "5",
        "reason": "Byte av platser med Huddinge",
    }


def _amended(w: dict, data: dict) -> bool:
    agreement = w["agreement"]
    revision = agreement.revisions.order_by("-effective_from", "-id").first()
    return (revision.effective_from.isoformat(), revision.reason) == (
        data["effective_from"],
        data["reason"],
    ) and _targets(agreement) == {"anvisade": 32, "kvotflyktingar": 12, "massflykt": 5}


PLAN = [0, 2, 4, 4, 3, 3, 2, 2, 4, 6, 6, 4]


def _plan_post(w: dict) -> dict:
    data = {f"m{n:02d}": str(count) for n, count in enumerate(PLAN, start=1)}
    return data | {"source": "Migrationsverkets årsplanering 2026-01-15", "version": "0"}


def _plan_stored(w: dict, data: dict) -> bool:
    from agreements.models import PacePlan

    plan = PacePlan.objects.get(municipality__code="0181", year=YEAR)
    return plan.months == PLAN and plan.source == data["source"]


ROUTES = [
    Route("agreements:list", expect=staff_page()),
    Route("agreements:export_csv", expect=staff_page()),
    Route("agreements:export_xlsx", expect=staff_page()),
    Route(
        "agreements:create",
        expect=staff_page(),
        extra={"valid_post": _create_post, "stored": _created},
    ),
    Route("agreements:detail", kwargs=_pk, expect=county_object_read()),
    Route("agreements:edit", kwargs=_pk, expect=county_object_staff_read()),
    Route(
        "agreements:amend",
        kwargs=_pk,
        expect=county_object_staff_read(),
        extra={"valid_post": _amend_post, "stored": _amended},
    ),
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
    Route(
        "agreements:pace_plan",
        kwargs=lambda w: {"year": YEAR, "code": "0181"},
        expect=custom(
            anonymous=LOGIN,
            staff=200,
            other_county_staff=404,
            reporter_a=403,
            reporter_b=403,
            admin=200,
        ),
        extra={"valid_post": _plan_post, "stored": _plan_stored},
        note="a municipality of county 01; a reporter has the wrong role (403)",
    ),
    Route("agreements:import", kwargs=_year, expect=staff_page()),
    Route(
        "agreements:kommuntal_publish",
        method="POST",
        kwargs=lambda w: {"year": YEAR, "pk": w["kommuntal_decision"].pk},
        expect=custom(
            anonymous=LOGIN,
            staff=302,
            other_county_staff=404,
            reporter_a=403,
            reporter_b=403,
            admin=302,
        ),
        note="a decision of county 01: other counties' staff do not find it",
    ),
]
