"""The whole-page cache: served again while the data is unchanged, never stale, never shared."""

from __future__ import annotations

import re

import pytest
from django.contrib.messages import constants
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from agreements.models import Agreement
from core.pagecache import CSRF_PLACEHOLDER
from tests.factories.accounts import client_for

pytestmark = pytest.mark.django_db

LIST = "/overenskommelser/"


@pytest.fixture
def agreement(staff, municipality_a) -> Agreement:
    from agreements import services
    from agreements.models import TargetCategory

    category = TargetCategory.objects.get(code="anvisade")
    return services.agreement_create(
        municipality=municipality_a, year=2026, user=staff, places_by_category={category: 40}
    )


def get(client, url):
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200
    return response, len(captured)


def test_a_page_is_served_again_from_the_cache_with_few_queries(staff, agreement):
    client = client_for(staff)
    first, rendered = get(client, LIST)
    again, served = get(client, LIST)
    assert first["X-Portal-Cache"] == "miss"
    assert again["X-Portal-Cache"] == "hit"
    assert again.content.decode().replace(_token(again), "T") == first.content.decode().replace(
        _token(first), "T"
    )
    # the session and the data version (the user comes from the cache too)
    assert served == 2 < rendered


def test_a_change_shows_at_once_whatever_wrote_it(staff, agreement):
    client = client_for(staff)
    get(client, LIST)
    get(client, LIST)
    # Not through the services: a bulk update sends no signal, the trigger still sees it.
    Agreement.objects.filter(pk=agreement.pk).update(case_number="LST-2026-4711")
    page, _ = get(client, LIST)
    assert page["X-Portal-Cache"] == "miss"
    assert "LST-2026-4711" in page.content.decode()


def test_one_users_page_is_never_served_to_another(staff, other_county_staff, agreement):
    get(client_for(staff), LIST)
    other, _ = get(client_for(other_county_staff), LIST)
    assert other["X-Portal-Cache"] == "miss"
    assert agreement.municipality.name not in other.content.decode()


def _token(response) -> str:
    match = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', response.content.decode())
    assert match, "the page has a form with a CSRF token"
    return match.group(1)


def test_each_visitor_gets_their_own_working_csrf_token(staff, agreement):
    first = Client(enforce_csrf_checks=True)
    first.force_login(staff)
    second = Client(enforce_csrf_checks=True)
    second.force_login(staff)
    get(first, LIST)
    page, _ = get(second, LIST)
    assert page["X-Portal-Cache"] == "hit"
    assert CSRF_PLACEHOLDER not in page.content.decode()
    # The sign-out form of the cached page works for this visitor.
    response = second.post(reverse("accounts:logout"), {"csrfmiddlewaretoken": _token(page)})
    assert response.status_code == 302
    assert "_auth_user_id" not in second.session


def test_the_placeholder_never_reaches_a_visitor(staff, agreement, client):
    for response in (
        client_for(staff).get(LIST),
        client_for(staff).get(LIST),
        client.get("/kontakt/"),
        client.get("/kontakt/"),
    ):
        assert CSRF_PLACEHOLDER not in response.content.decode()


def test_a_visitor_with_messages_waiting_gets_a_fresh_page(staff, agreement):
    client = client_for(staff)
    get(client, LIST)
    get(client, LIST)
    # A message left by the previous request (e.g. "saved") is shown, not a cached page.
    request_messages = [{"level": constants.SUCCESS, "message": "Sparat – testmeddelande"}]
    _add_messages(client, request_messages)
    page, _ = get(client, LIST)
    assert "Sparat – testmeddelande" in page.content.decode()
    assert "X-Portal-Cache" not in page
    after, _ = get(client, LIST)
    assert "Sparat – testmeddelande" not in after.content.decode()


def _add_messages(client, items) -> None:
    from django.contrib.messages.storage.base import Message
    from django.contrib.messages.storage.cookie import CookieStorage
    from django.http import HttpRequest, HttpResponse

    storage = CookieStorage(HttpRequest())
    response = HttpResponse()
    storage._store([Message(i["level"], i["message"]) for i in items], response)
    client.cookies[storage.cookie_name] = response.cookies[storage.cookie_name].value


def test_errors_and_redirects_are_not_cached(staff, reporter_a, client):
    assert client.get(LIST).status_code == 302  # anonymous: sign in
    assert client_for(reporter_a).get(LIST).status_code == 403
    missing = client_for(staff).get("/uppfoljning/1899/")
    assert missing.status_code == 404
    assert "X-Portal-Cache" not in missing


def test_a_signed_in_page_is_not_served_after_signing_out(staff, agreement):
    client = client_for(staff)
    get(client, LIST)
    client.logout()
    assert client.get(LIST).status_code == 302


def test_a_deactivated_user_is_signed_out_at_the_next_request(staff, agreement):
    from accounts.models import User

    client = client_for(staff)
    get(client, LIST)
    get(client, LIST)
    User.objects.filter(pk=staff.pk).update(is_active=False)
    assert client.get(LIST).status_code == 302


def test_a_new_password_signs_out_the_other_sessions_at_once(staff, agreement):
    client = client_for(staff)
    get(client, LIST)
    get(client, LIST)
    staff.set_password("Ett-helt-nytt-losenord-2026")
    staff.save(update_fields=["password"])
    assert client.get(LIST).status_code == 302


def test_a_reporter_who_loses_a_municipality_loses_its_pages_at_once(reporter_a, municipality_a):
    client = client_for(reporter_a)
    url = reverse("overview:municipality", kwargs={"code": municipality_a.code})
    get(client, url)
    get(client, url)
    reporter_a.municipalities.remove(municipality_a)
    assert client.get(url).status_code == 404


def test_a_user_from_the_cache_is_a_fresh_instance(reporter_a):
    """The cached user is rebuilt as if read from the database: its relations load as usual
    (django-zeal raises on an N+1 if a pickled instance brought its old loading context)."""
    client = client_for(reporter_a)
    for _ in range(3):
        response = client.get(reverse("accounts:home"))
        assert response.status_code == 200
        assert reporter_a.municipalities.first().name in response.content.decode()


def test_active_categories_are_cached_per_data_version(db, django_assert_num_queries):
    from agreements.models import TargetCategory
    from core import dataversion
    from reception.capacity import active_categories

    dataversion.request_started()
    try:
        first = [c.code for c in active_categories()]
        with django_assert_num_queries(0):
            assert [c.code for c in active_categories()] == first
        TargetCategory.objects.filter(code=first[-1]).update(active=False)
        dataversion.request_finished()
        dataversion.request_started()  # the next request sees the new version
        assert [c.code for c in active_categories()] == first[:-1]
    finally:
        dataversion.request_finished()


# --- finer invalidation: per county, bookkeeping, query strings --------------------------


def test_a_write_in_another_county_leaves_the_page_cached(staff, other_county, agreement):
    from contacts.models import PageBlock

    client = client_for(staff)
    get(client, LIST)
    PageBlock.objects.create(county=other_county, key="annat", heading="H", body="B")
    again, served = get(client, LIST)
    assert again["X-Portal-Cache"] == "hit"
    assert served == 2


def test_a_write_in_the_pages_county_shows_at_once(staff, agreement):
    client = client_for(staff)
    get(client, LIST)
    with connection.cursor() as cursor:  # not even the ORM: SQL typed by hand
        cursor.execute(
            "UPDATE agreements_agreement SET case_number = 'LST-2026-0815' WHERE id = %s",
            [agreement.pk],
        )
    page, _ = get(client, LIST)
    assert page["X-Portal-Cache"] == "miss"
    assert "LST-2026-0815" in page.content.decode()


def test_someone_signing_in_leaves_the_page_cached(staff, other_county_staff, agreement, client):
    from tests.factories.accounts import PASSWORD

    staff_client = client_for(staff)
    get(staff_client, LIST)
    response = client.post(
        reverse("accounts:login"), {"username": other_county_staff.email, "password": PASSWORD}
    )
    assert response.status_code == 302
    again, _ = get(staff_client, LIST)
    assert again["X-Portal-Cache"] == "hit"


def test_a_reporters_page_stays_cached_when_another_county_saves(
    reporter_a, municipality_a, other_county
):
    from contacts.models import PageBlock

    client = client_for(reporter_a)
    url = reverse("overview:municipality", kwargs={"code": municipality_a.code})
    get(client, url)  # the first view of a year creates its periods (a write in the county)
    get(client, url)
    PageBlock.objects.create(county=other_county, key="annat", heading="H", body="B")
    assert get(client, url)[0]["X-Portal-Cache"] == "hit"
    PageBlock.objects.create(county=municipality_a.county, key="eget", heading="H", body="B")
    assert get(client, url)[0]["X-Portal-Cache"] == "miss"


def test_open_data_pages_follow_published_versions_not_the_counties(
    staff, agreement, other_county, client
):
    """The national open-data pages show published versions (scope ``g``), never live
    figures: a county's write leaves them cached, a version written by hand does not."""
    from contacts.models import PageBlock
    from overview.models import OpenDataVersion

    get(client, "/oppna-data/")
    assert get(client, "/oppna-data/")[0]["X-Portal-Cache"] == "hit"
    PageBlock.objects.create(county=other_county, key="annat", heading="H", body="B")
    assert get(client, "/oppna-data/")[0]["X-Portal-Cache"] == "hit"
    OpenDataVersion.objects.create(
        year=2025, number=1, rows=[], checksum="0" * 64, reason="För hand."
    )
    page, _ = get(client, "/oppna-data/")
    assert page["X-Portal-Cache"] == "miss" and "/oppna-data/2025.csv" in page.content.decode()


def test_unknown_query_parameters_are_neither_stored_apart_nor_echoed(client, db):
    first, _ = get(client, "/kontakt/?utm_source=junk1")
    again, _ = get(client, "/kontakt/?utm_source=junk2&x=%3Cscript%3E")
    assert first["X-Portal-Cache"] == "miss"
    assert again["X-Portal-Cache"] == "hit"  # the same page as /kontakt/
    for response in (first, again):
        body = response.content.decode()
        assert "junk" not in body and "%3Cscript" not in body  # not even in the language links
    assert get(client, "/kontakt/")[0]["X-Portal-Cache"] == "hit"


def test_the_parameters_a_page_reads_still_key_it(client, db):
    everyone, _ = get(client, "/kontakt/")
    one, _ = get(client, "/kontakt/?kommun=0181&junk=1")
    assert one["X-Portal-Cache"] == "miss"  # a page of its own…
    again, _ = get(client, "/kontakt/?junk=2&kommun=0181")
    assert again["X-Portal-Cache"] == "hit"  # …whatever junk comes with it
    assert again.content == one.content != everyone.content


def test_every_cached_page_names_the_query_parameters_it_reads():
    """A cached view reading a parameter it did not declare would never see it: the
    declared ones are exactly those its filter form (or code) reads."""
    from agreements.forms import AgreementFilterForm
    from agreements.views.agreements import agreement_list
    from overview.views.county import county_overview
    from reception.forms import OverviewFilterForm

    assert set(AgreementFilterForm.base_fields) | {"sida"} == set(agreement_list.cache_params)
    # ``skillnader``: the "differences from Migrationsverket" filter, read by the view.
    overview_params = set(OverviewFilterForm.base_fields) | {"lan", "skillnader"}
    assert overview_params == set(county_overview.cache_params)


def test_the_contact_page_stays_cached_when_the_county_saves_a_report(
    staff, agreement, client, municipality_a
):
    from contacts.models import PageBlock

    get(client, "/kontakt/")
    assert get(client, "/kontakt/")[0]["X-Portal-Cache"] == "hit"
    with connection.cursor() as cursor:  # a write in the county, outside the contacts app
        cursor.execute(
            "UPDATE agreements_agreement SET case_number = 'LST-2026-0816' WHERE id = %s",
            [agreement.pk],
        )
    assert get(client, "/kontakt/")[0]["X-Portal-Cache"] == "hit"
    # A write to the contacts app's rows of the county shows at once, whatever wrote it.
    PageBlock.objects.filter(county=municipality_a.county).update(heading="Ny rubrik")
    PageBlock.objects.create(county=municipality_a.county, key="ny", heading="H", body="B")
    assert get(client, "/kontakt/")[0]["X-Portal-Cache"] == "miss"


def test_the_agreements_list_stays_cached_when_a_report_is_saved_and_shows_an_agreement_at_once(
    staff, agreement, municipality_a
):
    from reception.models import ReportingPeriod

    client = client_for(staff)
    get(client, LIST)
    ReportingPeriod.objects.filter(county=municipality_a.county).update(deadline="2026-12-31")
    from contacts.models import PageBlock

    PageBlock.objects.create(county=municipality_a.county, key="eget", heading="H", body="B")
    assert get(client, LIST)[0]["X-Portal-Cache"] == "hit"
    Agreement.objects.filter(pk=agreement.pk).update(case_number="LST-2026-0817")
    page, _ = get(client, LIST)
    assert page["X-Portal-Cache"] == "miss"
    assert "LST-2026-0817" in page.content.decode()
