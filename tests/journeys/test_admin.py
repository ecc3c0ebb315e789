"""The system administrator (Django superuser): the admin site, and every county's overview."""

from __future__ import annotations

from django.utils import timezone

from accounts.models import User
from agreements.models import Agreement
from core.models import County
from reception.models import FollowUpReport
from tests.journeys.steps import ADMIN, field, heading, main_text, nav, sign_in


def test_admin_reach_the_django_admin_from_the_portals_navigation(page):
    sign_in(page, ADMIN)
    nav(page, "Administration")
    assert page.url.endswith("/admin/")
    assert page.get_by_role("heading", name="Webbplatsadministration").is_visible()
    assert "Integrationsportalen – administration" in page.locator("#site-name").inner_text()

    page.get_by_role("link", name="Användare", exact=True).click()
    page.wait_for_load_state()
    listed = page.locator("#result_list tbody tr")
    listed.first.wait_for()
    assert listed.count() == User.objects.count()
    assert page.locator("#result_list").get_by_role("link", name=ADMIN.email).is_visible()
    assert User.objects.get(email=ADMIN.email).is_superuser


def test_admin_open_the_county_overview_of_another_county(page):
    year = timezone.localdate().year
    sign_in(page, ADMIN)
    nav(page, "Översikt")
    assert heading(page) == f"Översikt {year} – Stockholms län"
    assert "Södertälje" in main_text(page)

    field(page, "Län").select_option(label="Uppsala län")
    page.get_by_role("button", name="Visa", exact=True).click()
    page.wait_for_load_state()
    assert heading(page) == f"Översikt {year} – Uppsala län"
    assert "lan=03" in page.url
    assert field(page, "Län").evaluate("s => s.options[s.selectedIndex].text") == "Uppsala län"
    text = main_text(page)
    uppsala = County.objects.get(code="03")
    # What the page shows for Uppsala is what the database holds for it: nothing yet.
    assert not Agreement.objects.filter(municipality__county=uppsala, year=year).exists()
    assert not FollowUpReport.objects.filter(municipality__county=uppsala).exists()
    assert f"Inga uppgifter för {year}" in text and "Uppsala län" in text
    assert "Södertälje" not in text  # nothing of Stockholm county leaks in
