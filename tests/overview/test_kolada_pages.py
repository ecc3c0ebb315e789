"""Kolada on the pages: its own panel marked "Källa: Kolada", and the staff's choice."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from core.models import Municipality
from overview.models import KoladaKpi, KoladaValue
from tests.factories.reporting import YEAR, approved, make_agreement, period_of
from tests.overview.kolada_server import KoladaServer

pytestmark = pytest.mark.django_db


@pytest.fixture
def kolada_values(municipality_a):
    kpi = KoladaKpi.objects.create(kpi_id="N00919", title="Förvärvsarbetande utrikes födda (%)")
    now = timezone.now()
    for period, value in ((2023, "58.1"), (2024, "61.4")):
        KoladaValue.objects.create(
            kpi=kpi, municipality=municipality_a, period=period, gender="T",
            value=Decimal(value), fetched_at=now,
        )  # fmt: skip
    return kpi


def municipality_page(client) -> str:
    url = reverse("overview:municipality", kwargs={"code": "0181"}) + f"?ar={YEAR}"
    response = client.get(url)
    assert response.status_code == 200
    return response.content.decode()


def panel(body: str) -> str:
    start = body.index('<section class="kolada-panel"')
    return body[start : body.index("</section>", start)]


def test_municipality_page_shows_the_newest_kolada_value_with_its_year_apart(
    staff_client, kolada_values, county, municipality_a, reporter_a, staff
):
    make_agreement(municipality_a, YEAR, {"anvisade": 40})
    approved(municipality_a, period_of(county, YEAR, 1), reporter_a, staff, anvisade=10)
    body = municipality_page(staff_client)
    kolada = panel(body)
    assert "Källa: Kolada" in kolada
    assert "61,4" in kolada and ">2024<" in kolada
    assert "58,1" not in kolada  # an older period
    # The portal's own figures are outside the panel, Kolada's never inside them.
    before = body[: body.index('<section class="kolada-panel"')]
    assert "61,4" not in before


def test_county_overview_has_the_panel_for_the_county_municipalities(staff_client, kolada_values):
    body = staff_client.get(reverse("overview:county", kwargs={"year": YEAR})).content.decode()
    kolada = panel(body)
    assert "Södertälje" in kolada and "61,4" in kolada
    assert reverse("overview:kolada_kpis") in kolada


def test_pages_work_without_any_kolada_data(staff_client, municipality_a):
    assert "Inga nyckeltal från Kolada är valda." in panel(municipality_page(staff_client))


def test_panel_queries_do_not_grow_with_municipalities(
    staff_client, kolada_values, django_assert_max_num_queries
):
    from overview import kolada

    municipalities = list(Municipality.objects.filter(county__code="01"))
    with django_assert_max_num_queries(2):
        one = kolada.panel([m for m in municipalities if m.code == "0181"])
    for municipality in municipalities:
        KoladaValue.objects.get_or_create(
            kpi=kolada_values, municipality=municipality, period=2024, gender="T",
            defaults={"value": Decimal(1), "fetched_at": timezone.now()},
        )  # fmt: skip
    with django_assert_max_num_queries(2):
        many = kolada.panel(municipalities)
    assert len(one.rows) == 1 and len(many.rows) == len(municipalities)


def test_staff_search_kolada_and_choose_then_remove_a_key_figure(staff_client, settings, staff):
    with KoladaServer() as server:
        settings.KOLADA_BASE_URL = server.base
        body = staff_client.get(reverse("overview:kolada_kpis") + "?q=sfi").content.decode()
    assert "3 träffar på ”sfi”" in body
    assert "Elever i sfi, antal" in body
    response = staff_client.post(
        reverse("overview:kolada_choose"), {"kpi_id": "U00401", "title": "Elever i sfi, antal"}
    )
    assert response.status_code == 302
    kpi = KoladaKpi.objects.get(kpi_id="U00401")
    assert kpi.chosen_by == staff
    staff_client.post(reverse("overview:kolada_remove", kwargs={"pk": kpi.pk}))
    assert not KoladaKpi.objects.exists()


def test_choose_with_a_bad_id_changes_nothing(staff_client):
    response = staff_client.post(
        reverse("overview:kolada_choose"), {"kpi_id": "DROP TABLE", "title": "x"}, follow=True
    )
    assert "kunde inte väljas" in response.content.decode()
    assert not KoladaKpi.objects.exists()


def test_search_when_kolada_is_down_says_so_and_the_page_works(staff_client):
    response = staff_client.get(reverse("overview:kolada_kpis") + "?q=sfi")
    assert response.status_code == 200
    assert "Kolada svarar inte just nu" in response.content.decode()


def test_too_short_a_search_is_a_form_error(staff_client):
    body = staff_client.get(reverse("overview:kolada_kpis") + "?q=a").content.decode()
    assert 'id="error-summary"' in body
