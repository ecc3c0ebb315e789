"""Reference data in English: target categories and languages carry an English name,
one helper (core.lang.data_label) picks it on English pages, and history event names
are looked up in the catalogue again."""

from __future__ import annotations

import pytest
from django.urls import reverse
from django.utils import translation

from activities.models import Language
from agreements.models import TargetCategory
from core.audit import event_reason
from core.lang import data_label, data_label_html
from reception.periods import periods_ensure
from tests.factories.activities import make_activity, make_organisation
from tests.factories.reporting import draft

pytestmark = pytest.mark.django_db


def test_every_seeded_category_and_language_has_an_english_name():
    assert not TargetCategory.objects.filter(name_en="").exists()
    assert not Language.objects.filter(name_en="").exists()
    assert Language.objects.get(code="ti").name_en == "Tigrinya"


def test_label_follows_the_active_language():
    category = TargetCategory.objects.get(code="ensamkommande")
    with translation.override("sv"):
        assert data_label(category) == "Ensamkommande barn" == str(category)
    with translation.override("en"):
        assert data_label(category) == "Unaccompanied minors" == str(category)


def test_label_without_english_name_is_the_swedish_one_marked_as_swedish():
    language = Language.objects.create(code="xx-test", name="testspråk")
    with translation.override("en"):
        assert data_label(language) == "testspråk"
        assert data_label_html(language) == '<span lang="sv">testspråk</span>'
    with translation.override("sv"):
        assert data_label_html(language) == "testspråk"


def test_history_event_names_are_translated_and_typed_reasons_kept():
    with translation.override("en"):
        assert event_reason("Utkast påbörjat") == "Draft started"
        assert event_reason("Kommunen bytte handläggare") == "Kommunen bytte handläggare"
    with translation.override("sv"):
        assert event_reason("Utkast påbörjat") == "Utkast påbörjat"


def _english(client):
    client.cookies["django_language"] = "en"
    return client


def test_report_form_in_english_shows_the_english_category_names(reporter_a_client, county):
    period = periods_ensure(county=county, year=2025)[0]
    url = reverse("reception:report_edit", kwargs={"code": "0181", "period_pk": period.pk})
    body = _english(reporter_a_client).get(url).content.decode()
    assert "<legend>Newly arrived assigned for settlement (municipal quota)</legend>" in body
    assert "<legend>Unaccompanied minors</legend>" in body
    assert "Ensamkommande barn" not in body


def test_report_history_in_english_names_the_events_in_english(
    reporter_a_client, county, municipality_a, reporter_a
):
    period = periods_ensure(county=county, year=2025)[0]
    report = draft(municipality_a, period, reporter_a, anvisade=2)
    url = reverse("reception:report_detail", kwargs={"pk": report.pk})
    body = _english(reporter_a_client).get(url).content.decode()
    assert "Draft started" in body
    assert "Utkast påbörjat" not in body
    assert "Newly arrived assigned for settlement (municipal quota), received" in body


def test_activity_pages_in_english_show_english_language_names(
    client, county, staff, municipality_a
):
    organisation = make_organisation(county, staff)
    activity = make_activity(county, staff, organisation, [municipality_a], languages=("ar", "ti"))
    client.force_login(staff)
    body = (
        _english(client)
        .get(reverse("activities:activity_detail", kwargs={"pk": activity.pk}))
        .content.decode()
    )
    assert "Arabic" in body and "Tigrinya" in body
    assert "arabiska" not in body
