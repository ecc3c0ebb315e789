"""The layout's parts that are a function of a few values — the stylesheets and scripts,
the footer, the main menu — are rendered once per process for each set of those values
(`core/templatetags/portal.py`: `{% constant_partial %}`, `{% main_nav %}`; bench/README.md,
"Round 4"). Every page must be the same bytes as with the old `base.html` (kept in
`templates_before/`, which includes the menu and writes the rest inline), for every
persona on every page of the menu (where `aria-current` moves), a municipality's pages,
a page no route resolves, English, and a reporter of one and of two municipalities."""

from __future__ import annotations

import datetime
from pathlib import Path

import pytest
from django.test import override_settings
from django.urls import reverse

from tests.before import same_as_before
from tests.factories.accounts import client_for, make_user

pytestmark = pytest.mark.django_db

BEFORE = Path(__file__).parent / "templates_before"
YEAR = datetime.date.today().year

PUBLIC = [
    reverse("contacts:home"),
    reverse("contacts:contact"),
    reverse("activities:activity_search"),
    reverse("overview:opendata"),
    reverse("contacts:accessibility"),
]
STAFF = [
    reverse("overview:dashboard"),
    reverse("overview:review_queue"),
    reverse("overview:county", kwargs={"year": YEAR}),
    reverse("overview:municipality", kwargs={"code": "0181"}),
    reverse("agreements:list"),
    reverse("agreements:allocation", kwargs={"year": YEAR}),
    reverse("activities:activity_list"),
    reverse("surveys:survey_list"),
    reverse("contacts:manage_contacts"),
    reverse("activities:organisation_list"),
    reverse("reception:settings"),
    reverse("accounts:home"),
]
REPORTER = [
    reverse("reception:inbox"),
    reverse("activities:activity_inbox"),
    reverse("agreements:municipality", kwargs={"code": "0181"}),
    reverse("overview:municipality", kwargs={"code": "0181"}),
    reverse("accounts:home"),
]


def _same_as_before(client, url: str, status: int = 200) -> str:
    return same_as_before(
        client,
        url,
        before=BEFORE,
        template="base.html",
        loop='{% include "partials/nav.html" %}',
        status=status,
    )


def _walk(client, urls: list[str]) -> list[str]:
    pages = [_same_as_before(client, url) for url in urls]
    _same_as_before(client, "/finns-inte/", status=404)
    return pages


def test_public_pages_and_the_not_found_page(client):
    pages = _walk(client, PUBLIC)
    assert all('aria-current="page"' in page for page in pages[:4])
    assert "site-footer__links" in pages[0] and "portal.css" in pages[0]


def test_staff_on_every_page_of_their_menu_and_in_english(staff):
    client = client_for(staff)
    pages = _walk(client, STAFF + PUBLIC)
    assert all('aria-current="page"' in page for page in pages[:-1])
    client.get("/sprak/en/", {"next": "/"})
    for page in _walk(client, STAFF[:3]):
        assert 'lang="en"' in page


def test_the_administrator_sees_the_administration_link(admin):
    pages = _walk(client_for(admin), STAFF[:2])
    assert reverse("admin:index") in pages[0]


def test_a_reporter_of_one_municipality(reporter_a):
    pages = _walk(client_for(reporter_a), REPORTER + PUBLIC[:2])
    assert all('aria-current="page"' in page for page in pages)


def test_a_reporter_of_two_municipalities(reporter_a, municipality_b):
    reporter_a.municipalities.add(municipality_b)
    client = client_for(reporter_a)
    pages = _walk(client, REPORTER + [reverse("overview:municipality", kwargs={"code": "0126"})])
    assert "Uppföljning Huddinge" in pages[0]
    client.get("/sprak/en/", {"next": "/"})
    _walk(client, REPORTER[:1])


def test_a_signed_in_person_without_a_role(db):
    _walk(client_for(make_user("ingen.roll@example.se")), [reverse("accounts:home")])


@override_settings(PORTAL_ORGANISATION="Länsstyrelsen i Provlän")
def test_the_footer_follows_the_organisation_setting(client):
    page = _same_as_before(client, reverse("contacts:contact"))
    assert page.count("Länsstyrelsen i Provlän") >= 2
