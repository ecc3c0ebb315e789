import itertools

import pytest
from django.urls import reverse
from zeal import ZealError

from accounts.models import User
from tests.factories.accounts import client_for

from .queries import assert_same_query_count

pytestmark = pytest.mark.django_db

_serial = itertools.count()


def _add_staff(county):
    def add(n: int) -> None:
        for _ in range(n):
            User.objects.create_user(
                f"person{next(_serial)}@lansstyrelsen.example", role="staff", county=county
            )

    return add


def test_my_pages_query_count_does_not_grow_with_rows(staff, county):
    count = assert_same_query_count(
        client_for(staff), reverse("accounts:home"), add_rows=_add_staff(county), budget=10
    )
    assert count > 0


def test_query_budget_helper_fails_on_a_query_per_row(client, county, settings):
    settings.ROOT_URLCONF = "tests.harness.per_row_urls"
    with pytest.raises(AssertionError, match="a query per row"):
        assert_same_query_count(client, "/count-per-row/", add_rows=_add_staff(county))


def test_zeal_raises_on_n_plus_one_in_a_request(client, county, settings):
    settings.ROOT_URLCONF = "tests.harness.per_row_urls"
    _add_staff(county)(3)
    with pytest.raises(ZealError, match="N\\+1 detected on accounts.User.county"):
        client.get("/relation-per-row/")
