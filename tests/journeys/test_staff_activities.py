"""County staff: SFI and other activities for newly arrived people."""

from __future__ import annotations

import datetime

from django.utils import timezone

from activities.models import Activity
from tests.journeys.steps import (
    STAFF,
    alerts,
    error_summary,
    field,
    heading,
    main_text,
    nav,
    sign_in,
)

TITLE = "SFI kväll, studieväg 2, Nacka"


def test_staff_create_an_sfi_activity_that_the_public_then_finds(page):
    today = timezone.localdate()
    start = today + datetime.timedelta(days=30)
    end = start + datetime.timedelta(days=150)
    sign_in(page, STAFF)
    nav(page, "Hantera aktiviteter")
    page.get_by_role("link", name="Lägg till aktivitet").click()
    assert heading(page) == "Ny aktivitet"

    field(page, "Typ av aktivitet").select_option(label="SFI – svenska för invandrare")
    field(page, "Rubrik").fill(TITLE)
    page.get_by_label("Beskrivning").fill("Kvällskurs för den som arbetar dagtid.")
    field(page, "Ansvarig organisation").select_option(label="Folkhögskolan Mälarbacken")
    kommuner = page.get_by_role("group", name="Kommuner")
    kommuner.get_by_label("Nacka", exact=True).check()
    kommuner.get_by_label("Värmdö", exact=True).check()
    page.get_by_role("group", name="Undervisningsspråk").get_by_label(
        "lätt svenska", exact=True
    ).check()
    field(page, "Genomförande").select_option(label="I klassrum")
    field(page, "Studietakt").select_option(label="Ordinarie takt")
    field(page, "Startdatum").fill(end.isoformat())  # a slip: the end date first
    field(page, "Slutdatum").fill(start.isoformat())
    field(page, "Antal platser").fill("24")
    field(page, "Plats").fill("Nacka bibliotek, Järlaleden 2")
    field(page, "Kontaktperson").fill("Maria Lind")
    page.get_by_label("Kontaktens e-post").fill("maria.lind@malarbacken.example")
    page.get_by_label("Publicerad").check()
    page.get_by_role("button", name="Spara aktiviteten").click()

    assert "Slutdatum kan inte vara före startdatum" in error_summary(page)
    assert not Activity.objects.filter(title=TITLE).exists()

    field(page, "Startdatum").fill(start.isoformat())
    field(page, "Slutdatum").fill(end.isoformat())
    page.get_by_role("button", name="Spara aktiviteten").click()

    assert alerts(page)
    assert heading(page) == TITLE
    shown = main_text(page)
    assert "Folkhögskolan Mälarbacken" in shown and "Nacka" in shown and "Värmdö" in shown
    activity = Activity.objects.get(title=TITLE)
    assert activity.kind == "sfi"
    assert activity.county.code == "01"
    assert activity.places == 24
    assert (activity.start, activity.end) == (start, end)
    assert sorted(m.name for m in activity.municipalities.all()) == ["Nacka", "Värmdö"]
    assert [lang.name for lang in activity.languages.all()] == ["lätt svenska"]
    assert activity.published

    # The public finds it by municipality and language.
    nav(page, "Sfi och aktiviteter")
    field(page, "Kommun").select_option(label="Värmdö")
    field(page, "Språk").select_option(label="lätt svenska")
    page.get_by_role("button", name="Sök").click()
    assert TITLE in main_text(page)
    field(page, "Kommun").select_option(label="Solna")
    page.get_by_role("button", name="Sök").click()
    assert TITLE not in main_text(page)
