"""Query counts stay flat from 1 to 50 agreements (no per-row queries)."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from agreements import services
from agreements.models import Agreement
from core.models import Municipality
from tests.factories.agreements import day

pytestmark = pytest.mark.django_db


def make_many(make_agreement, n: int) -> list:
    municipalities = list(Municipality.objects.filter(county__code="01").order_by("code"))
    made = []
    for i in range(n):
        year = 2025 + i // len(municipalities)
        made.append(
            make_agreement(
                municipalities[i % len(municipalities)],
                year,
                places={"anvisade": 10 + i, "kvotflyktingar": 3, "massflykt": 1},
            )
        )
    return made


def count(client, url, params=None) -> int:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url, params or {})
    assert response.status_code == 200
    print(f"{url} {params or ''}: {len(queries)} queries")
    return len(queries)


PAGES = [
    ("agreements:list", {}, {}),
    ("agreements:list", {}, {"category": "massflykt", "sort": "-kommuntal"}),
    ("agreements:export_csv", {}, {}),
    ("agreements:export_xlsx", {}, {}),
    ("agreements:allocation", {"year": 2025}, {}),
]


@pytest.mark.parametrize(("name", "kwargs", "params"), PAGES)
def test_staff_pages_use_the_same_number_of_queries_for_1_and_50_agreements(
    staff_client, make_agreement, django_assert_max_num_queries, name, kwargs, params
):
    url = reverse(name, kwargs=kwargs)
    make_many(make_agreement, 1)
    one = count(staff_client, url, params)
    Agreement.objects.all().delete()
    make_many(make_agreement, 50)
    with django_assert_max_num_queries(one):
        staff_client.get(url, params)
    assert one <= 12


def test_reporter_page_is_flat(
    reporter_a_client, make_agreement, municipality_a, django_assert_max_num_queries
):
    url = reverse("agreements:municipality", kwargs={"code": "0181"})
    make_agreement(municipality_a, 2017)
    one = count(reporter_a_client, url)
    for year in range(2018, 2027):
        make_agreement(municipality_a, year)
    with django_assert_max_num_queries(one):
        reporter_a_client.get(url)


def test_detail_is_flat_in_the_number_of_amendments(
    staff_client, agreement_a, staff, categories, django_assert_max_num_queries
):
    url = reverse("agreements:detail", kwargs={"pk": agreement_a.pk})
    one = count(staff_client, url)
    for month in range(2, 12):
        agreement_a.refresh_from_db()
        services.agreement_amend(
            agreement=agreement_a,
            expected_version=agreement_a.version,
            effective_from=day(f"2026-{month:02d}-01"),
            places_by_category={categories["anvisade"]: month},
            reason=f"Ändring {month}",
            user=staff,
        )
    with django_assert_max_num_queries(one):
        staff_client.get(url)
    assert one <= 12
