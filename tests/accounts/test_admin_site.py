"""The Django admin's user list, as the system administrator uses it."""

from __future__ import annotations

import pytest
from django.urls import reverse

from tests.factories.accounts import client_for

pytestmark = pytest.mark.django_db


def test_admin_user_list_shows_every_user_with_their_county_in_one_query_for_counties(
    admin, staff, other_county_staff, reporter_a, django_assert_max_num_queries
):
    """Users of two counties: the county column must not be read user by user (zeal raises)."""
    client = client_for(admin)
    with django_assert_max_num_queries(12):
        response = client.get(reverse("admin:accounts_user_changelist"))
    assert response.status_code == 200
    page = response.content.decode()
    for user in (admin, staff, other_county_staff, reporter_a):
        assert user.email in page
    assert "Stockholms län" in page and "Uppsala län" in page
