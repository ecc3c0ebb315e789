"""The shared access module: who may read and change which municipality."""

import pytest
from django.core.exceptions import PermissionDenied
from django.http import Http404

from core import access
from core.models import Municipality

pytestmark = pytest.mark.django_db


def codes(queryset):
    return set(queryset.values_list("code", flat=True))


def test_staff_reads_and_changes_every_municipality_of_their_county(staff):
    county_codes = codes(Municipality.objects.filter(county__code="01"))
    assert len(county_codes) == 26
    assert codes(access.readable_municipalities(staff)) == county_codes
    assert codes(access.staff_municipalities(staff)) == county_codes
    assert codes(access.reporting_municipalities(staff)) == set()


def test_other_county_staff_reads_none_of_stockholm_county(other_county_staff):
    readable = codes(access.readable_municipalities(other_county_staff))
    assert "0181" not in readable
    assert "0380" in readable


def test_reporter_reads_and_reports_only_for_their_own_municipality(reporter_a):
    assert codes(access.readable_municipalities(reporter_a)) == {"0181"}
    assert codes(access.reporting_municipalities(reporter_a)) == {"0181"}
    assert codes(access.staff_municipalities(reporter_a)) == set()


def test_reporter_tied_to_two_municipalities_reads_both(reporter_a, municipality_b):
    reporter_a.municipalities.add(municipality_b)
    assert codes(access.readable_municipalities(reporter_a)) == {"0181", "0126"}


def test_admin_reads_everything(admin):
    assert access.readable_municipalities(admin).count() == 290
    assert access.is_county_staff(admin)


def test_anonymous_reads_nothing(anonymous):
    from django.contrib.auth.models import AnonymousUser

    user = AnonymousUser()
    assert access.readable_municipalities(user).count() == 0
    assert not access.is_county_staff(user)
    assert not access.is_reporter(user)


def test_get_municipality_for_user_404_for_other_municipality(reporter_a):
    assert access.get_municipality_for_user(reporter_a, "0181").code == "0181"
    with pytest.raises(Http404):
        access.get_municipality_for_user(reporter_a, "0126")


def test_get_municipality_for_user_404_for_other_county(other_county_staff):
    with pytest.raises(Http404):
        access.get_municipality_for_user(other_county_staff, "0181")


def test_get_for_user_404_for_object_of_another_municipality(reporter_a):
    municipalities = Municipality.objects.all()
    found = access.get_for_user(municipalities, reporter_a, municipality_path="id", code="0181")
    assert found.code == "0181"
    with pytest.raises(Http404):
        access.get_for_user(municipalities, reporter_a, municipality_path="id", code="0126")


def test_get_for_staff_is_403_for_a_reporter_who_can_read_it(reporter_a):
    with pytest.raises(PermissionDenied):
        access.get_for_staff(
            Municipality.objects.all(), reporter_a, municipality_path="id", code="0181"
        )


def test_get_for_staff_is_404_for_out_of_scope_and_ok_for_staff(staff, other_county_staff):
    municipalities = Municipality.objects.all()
    assert access.get_for_staff(municipalities, staff, municipality_path="id", code="0181")
    with pytest.raises(Http404):
        access.get_for_staff(
            municipalities, other_county_staff, municipality_path="id", code="0181"
        )


def test_county_helpers(staff, other_county_staff, reporter_a):
    assert access.get_county_for_user(staff, "01").code == "01"
    with pytest.raises(Http404):
        access.get_county_for_user(other_county_staff, "01")
    assert access.get_county_for_user(reporter_a, "01").code == "01"
    assert codes(access.staff_counties(reporter_a)) == set()
