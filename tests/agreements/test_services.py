"""The write services: validation first, all-or-nothing, versions, transitions, history."""

from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import ValidationError

from agreements import services
from agreements.models import Agreement, CountyQuota, Target, TargetRevision
from core.locking import StaleVersion
from core.models import Municipality
from tests.factories.agreements import day

pytestmark = pytest.mark.django_db
S = Agreement.Status


def figures(queryset) -> dict[str, int]:
    return {t.category.code: t.places for t in queryset.select_related("category")}


def test_create_records_the_first_targets_from_the_start_of_the_period(agreement_a):
    assert agreement_a.valid_from == day("2026-01-01")
    assert agreement_a.valid_to == day("2026-12-31")
    assert figures(Target.objects.current().filter(revision__agreement=agreement_a)) == {
        "anvisade": 40,
        "kvotflyktingar": 10,
    }
    record = agreement_a.history.get()
    assert record.history_user.email == "staff@lansstyrelsen.example"
    assert record.history_change_reason == "Registrerad"


@pytest.mark.parametrize(
    ("kwargs", "field"),
    [
        ({"year": 1999}, "year"),
        ({"year": 2101}, "year"),
        ({"valid_from": day("2026-06-01"), "valid_to": day("2026-05-31")}, "valid_to"),
        ({"places": {"anvisade": -1}}, "places_anvisade"),
        ({"places": {"anvisade": 100_001}}, "places_anvisade"),
        ({"places": {"anvisade": 2.5}}, "places_anvisade"),
    ],
)
def test_create_refuses_bad_input_and_saves_nothing(make_agreement, municipality_a, kwargs, field):
    with pytest.raises(ValidationError) as error:
        make_agreement(municipality_a, **kwargs)
    assert field in error.value.message_dict
    assert not Agreement.objects.exists()
    assert not TargetRevision.objects.exists()


def test_create_refuses_a_second_agreement_for_the_same_municipality_and_year(
    agreement_a, make_agreement, municipality_a
):
    with pytest.raises(ValidationError) as error:
        make_agreement(municipality_a)
    assert "redan en överenskommelse" in error.value.message_dict["year"][0]
    assert Agreement.objects.count() == 1


def test_update_with_a_stale_version_raises_a_conflict_with_the_newer_values(agreement_a, staff):
    services.agreement_update(
        agreement=agreement_a, expected_version=1, user=staff, case_number="851-1-2026"
    )
    with pytest.raises(StaleVersion) as conflict:
        services.agreement_update(
            agreement=agreement_a, expected_version=1, user=staff, case_number="851-2-2026"
        )
    assert conflict.value.instance.version == 2
    assert conflict.value.newer_values["Diarienummer"] == "851-1-2026"
    assert conflict.value.newer_values["Anvisade nyanlända (kommuntal)"] == "40"
    agreement_a.refresh_from_db()
    assert agreement_a.case_number == "851-1-2026"


def test_update_refuses_valid_to_before_valid_from(agreement_a, staff):
    with pytest.raises(ValidationError):
        services.agreement_update(
            agreement=agreement_a,
            expected_version=1,
            user=staff,
            valid_from=day("2026-03-01"),
            valid_to=day("2026-02-01"),
        )
    agreement_a.refresh_from_db()
    assert agreement_a.valid_from == day("2026-01-01") and agreement_a.version == 1


def test_amendment_keeps_earlier_figures_and_answers_the_target_on_a_date(
    agreement_a, categories, staff
):
    services.agreement_amend(
        agreement=agreement_a,
        effective_from=day("2026-06-01"),
        places_by_category={categories["anvisade"]: 32},
        reason="Byte med Huddinge",
        user=staff,
        expected_version=1,
    )
    mine = Target.objects.filter(revision__agreement=agreement_a)
    assert figures(mine.on_date(day("2026-05-31"))) == {"anvisade": 40, "kvotflyktingar": 10}
    assert figures(mine.on_date(day("2026-06-01"))) == {"anvisade": 32, "kvotflyktingar": 10}
    assert figures(mine.current()) == {"anvisade": 32, "kvotflyktingar": 10}
    assert agreement_a.revisions.count() == 2
    agreement_a.refresh_from_db()
    assert agreement_a.version == 2
    assert agreement_a.history.first().history_change_reason == "Mål ändrade: Byte med Huddinge"


@pytest.mark.parametrize(
    ("when", "reason", "field"),
    [
        ("2026-06-01", "", "reason"),
        ("2025-12-31", "Fel år", "effective_from"),
        ("2027-01-01", "Fel år", "effective_from"),
    ],
)
def test_amendment_refuses_missing_reason_or_date_outside_the_period(
    agreement_a, categories, staff, when, reason, field
):
    with pytest.raises(ValidationError) as error:
        services.agreement_amend(
            agreement=agreement_a,
            expected_version=agreement_a.version,
            effective_from=day(when),
            places_by_category={categories["anvisade"]: 1},
            reason=reason,
            user=staff,
        )
    assert field in error.value.message_dict
    assert agreement_a.revisions.count() == 1


def test_amendment_cannot_be_dated_before_the_latest_one(agreement_a, categories, staff):
    services.agreement_amend(
        agreement=agreement_a,
        expected_version=agreement_a.version,
        effective_from=day("2026-06-01"),
        places_by_category={categories["anvisade"]: 30},
        reason="Byte",
        user=staff,
    )
    with pytest.raises(ValidationError):
        services.agreement_amend(
            agreement=agreement_a,
            expected_version=agreement_a.version,
            effective_from=day("2026-03-01"),
            places_by_category={categories["anvisade"]: 20},
            reason="Bakåt",
            user=staff,
        )
    assert agreement_a.revisions.count() == 2


def test_amendment_refuses_negative_places_and_writes_nothing(agreement_a, categories, staff):
    with pytest.raises(ValidationError):
        services.agreement_amend(
            agreement=agreement_a,
            expected_version=agreement_a.version,
            effective_from=day("2026-06-01"),
            places_by_category={categories["anvisade"]: -3},
            reason="Fel",
            user=staff,
        )
    assert agreement_a.revisions.count() == 1
    agreement_a.refresh_from_db()
    assert agreement_a.version == 1


ALLOWED = [(old, new) for old, targets in Agreement.TRANSITIONS.items() for new in sorted(targets)]
REFUSED = [
    (old, new) for old in S.values for new in S.values if new not in Agreement.TRANSITIONS[old]
]


@pytest.mark.parametrize(("old", "new"), ALLOWED)
def test_allowed_status_transitions_succeed(agreement_a, staff, old, new):
    Agreement.objects.filter(pk=agreement_a.pk).update(status=old)
    changed = services.agreement_change_status(
        agreement=agreement_a, expected_version=agreement_a.version, status=new, user=staff
    )
    assert changed.status == new
    if new == S.SIGNED:
        assert changed.signed_on == datetime.date.today()


@pytest.mark.parametrize(("old", "new"), REFUSED)
def test_other_status_transitions_are_refused(agreement_a, staff, old, new):
    Agreement.objects.filter(pk=agreement_a.pk).update(status=old)
    with pytest.raises(ValidationError):
        services.agreement_change_status(
            agreement=agreement_a, expected_version=agreement_a.version, status=new, user=staff
        )
    agreement_a.refresh_from_db()
    assert agreement_a.status == old


def test_terminated_agreement_is_read_only(agreement_a, categories, staff):
    services.agreement_change_status(
        agreement=agreement_a,
        expected_version=agreement_a.version,
        status=S.TERMINATED,
        user=staff,
        reason="Ersatt",
    )
    with pytest.raises(ValidationError):
        services.agreement_update(agreement=agreement_a, expected_version=2, user=staff, notes="x")
    with pytest.raises(ValidationError):
        services.agreement_amend(
            agreement=agreement_a,
            expected_version=agreement_a.version,
            effective_from=day("2026-06-01"),
            places_by_category={categories["anvisade"]: 1},
            reason="x",
            user=staff,
        )
    assert agreement_a.revisions.count() == 1
    assert agreement_a.history.first().history_change_reason == "Avslutad: Ersatt"


def test_county_quota_set_creates_then_updates_with_version_check(county, staff):
    quota = services.county_quota_set(
        county=county, year=2026, places=360, user=staff, expected_version=0
    )
    assert quota.version == 1 and quota.category.is_settlement_quota
    services.county_quota_set(county=county, year=2026, places=380, user=staff, expected_version=1)
    with pytest.raises(StaleVersion) as conflict:
        services.county_quota_set(
            county=county, year=2026, places=400, user=staff, expected_version=1
        )
    assert conflict.value.newer_values["Länstal"] == "380"
    assert CountyQuota.objects.get().places == 380
    assert [h.places for h in CountyQuota.objects.get().history.all()] == [380, 360]


@pytest.mark.parametrize("places", [-1, 100_001])
def test_county_quota_refuses_bad_places(county, staff, places):
    with pytest.raises(ValidationError):
        services.county_quota_set(
            county=county, year=2026, places=places, user=staff, expected_version=0
        )
    assert not CountyQuota.objects.exists()


def test_allocation_creates_amends_and_leaves_unchanged_alone(
    county, staff, agreement_a, municipality_b, municipality_c, categories
):
    result = services.allocation_save(
        county=county,
        year=2026,
        places_by_municipality={
            agreement_a.municipality: 35,
            municipality_b: 20,
            municipality_c: 0,
        },
        effective_from=day("2026-04-01"),
        reason="Ny fördelning",
        user=staff,
        expected_versions={agreement_a.pk: 1},
    )
    assert (result.created, result.amended, result.unchanged) == (2, 1, 0)
    current = {
        t.revision.agreement.municipality.code: t.places
        for t in Target.objects.current()
        .filter(category=categories["anvisade"])
        .select_related("revision__agreement__municipality")
    }
    assert current == {"0181": 35, "0126": 20, "0180": 0}
    # Quota refugees keep their figure in the new revision.
    assert figures(Target.objects.current().filter(revision__agreement=agreement_a)) == {
        "anvisade": 35,
        "kvotflyktingar": 10,
    }
    again = services.allocation_save(
        county=county,
        year=2026,
        places_by_municipality={agreement_a.municipality: 35},
        effective_from=day("2026-04-01"),
        reason="",
        user=staff,
    )
    assert again.unchanged == 1


def test_allocation_is_all_or_nothing(
    county, staff, agreement_a, municipality_b, other_county_municipality
):
    with pytest.raises(ValidationError) as error:
        services.allocation_save(
            county=county,
            year=2026,
            places_by_municipality={
                municipality_b: 20,
                agreement_a.municipality: 5,
                other_county_municipality: 3,
            },
            effective_from=day("2026-04-01"),
            reason="x",
            user=staff,
        )
    assert "m_0380" in error.value.message_dict
    assert Agreement.objects.count() == 1 and agreement_a.revisions.count() == 1


def test_allocation_refuses_a_terminated_agreement_and_rolls_back(
    county, staff, agreement_a, municipality_b
):
    services.agreement_change_status(
        agreement=agreement_a, expected_version=agreement_a.version, status=S.TERMINATED, user=staff
    )
    with pytest.raises(ValidationError):
        services.allocation_save(
            county=county,
            year=2026,
            places_by_municipality={municipality_b: 20, agreement_a.municipality: 5},
            effective_from=day("2026-04-01"),
            reason="x",
            user=staff,
        )
    assert not Agreement.objects.filter(municipality=municipality_b).exists()


def test_allocation_with_a_stale_version_is_a_conflict(county, staff, agreement_a):
    services.agreement_update(agreement=agreement_a, expected_version=1, user=staff, notes="x")
    with pytest.raises(StaleVersion) as conflict:
        services.allocation_save(
            county=county,
            year=2026,
            places_by_municipality={agreement_a.municipality: 5},
            effective_from=day("2026-04-01"),
            reason="x",
            user=staff,
            expected_versions={agreement_a.pk: 1},
        )
    assert conflict.value.newer_values == {"Södertälje": "40"}
    assert agreement_a.revisions.count() == 1


def test_allocation_change_needs_a_reason(county, staff, agreement_a):
    with pytest.raises(ValidationError) as error:
        services.allocation_save(
            county=county,
            year=2026,
            places_by_municipality={agreement_a.municipality: 5},
            effective_from=day("2026-04-01"),
            reason=" ",
            user=staff,
        )
    assert "reason" in error.value.message_dict


def test_allocation_import_commits_nothing_when_one_row_is_bad(county, staff, agreement_a):
    from agreements.imports import AllocationImportError

    with pytest.raises(AllocationImportError) as error:
        services.allocation_import(
            county=county,
            year=2026,
            rows=[(2, "0126", "20"), (3, "9999", "5")],
            effective_from=day("2026-04-01"),
            reason="Import",
            user=staff,
        )
    assert [e.line for e in error.value.row_errors] == [3]
    assert not Agreement.objects.filter(municipality=Municipality.objects.get(code="0126")).exists()


def test_a_long_reason_is_kept_in_full_on_the_revision_and_in_history(
    agreement_a, categories, staff
):
    reason = "Byte av platser " * 30
    revision = services.agreement_amend(
        agreement=agreement_a,
        expected_version=agreement_a.version,
        effective_from=day("2026-06-01"),
        places_by_category={categories["anvisade"]: 30},
        reason=reason,
        user=staff,
    )
    assert revision.reason == reason.strip()
    assert reason.strip() in agreement_a.history.first().history_change_reason
