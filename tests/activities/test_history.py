"""The change history of an activity and of an activity report: who, when, what, old → new, why."""

from __future__ import annotations

import csv
import io

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from activities.audit import activity_audit, activity_report_audit
from activities.models import Language
from tests.factories.accounts import client_for
from tests.factories.activities import report, submit

pytestmark = pytest.mark.django_db


def _edit(client, activity, organisation, municipalities, languages, **overrides):
    data = {
        "version": activity.version,
        "kind": "sfi",
        "title": activity.title,
        "organisation": organisation.pk,
        "municipalities": [m.pk for m in municipalities],
        "languages": [Language.objects.get(code=c).pk for c in languages],
        "delivery": "classroom",
        "study_form": "regular",
        "start": "2025-01-01",
        "end": "2030-06-30",
        "places": "20",
        "hours": "300",
        "location": "Storgatan 1",
        "contact_name": "Kim Exempel",
        "contact_email": "kim@example.org",
        "published": "on",
    }
    data.update(overrides)
    response = client.post(reverse("activities:activity_edit", args=[activity.pk]), data)
    assert response.status_code == 302, response.context["form"].errors
    activity.refresh_from_db()


def test_history_page_shows_who_when_field_old_new_and_why(
    staff, sfi, organisation, municipality_a, municipality_b
):
    client = client_for(staff)
    _edit(
        client,
        sfi,
        organisation,
        [municipality_a, municipality_b],
        ["ar", "so"],
        title="SFI kväll",
        places="24",
        published="",
    )
    entries = activity_audit(sfi)
    newest = entries[0]
    assert newest.who == "Stina Staff"
    assert newest.reason == "Aktivitet ändrad"
    assert {(c.label, c.old, c.new) for c in newest.changes} == {
        ("Rubrik", "SFI studieväg 1", "SFI kväll"),
        ("Antal platser", "20", "24"),
        ("Publicerad", "Ja", "Nej"),
        ("Kommuner", "Södertälje", "Huddinge, Södertälje"),
        ("Undervisningsspråk", "arabiska, tigrinja", "arabiska, somaliska"),
    }
    created = entries[-1]
    assert created.event == "Skapad" and created.reason == "Aktivitet skapad"
    assert ("Ansvarig organisation", "–", "Lärcenter") in [
        (c.label, c.old, c.new) for c in created.changes
    ]
    assert ("Kommuner", "–", "Södertälje") in [(c.label, c.old, c.new) for c in created.changes]
    assert len(entries) == 2  # one entry a save, its municipalities and languages included

    page = client.get(reverse("activities:activity_history", args=[sfi.pk])).content.decode()
    assert "Rubrik: SFI studieväg 1 → SFI kväll" in page
    assert "Publicerad: Ja → Nej" in page
    assert page.index("SFI kväll") < page.index("Aktivitet skapad")

    download = client.get(reverse("activities:activity_history_csv", args=[sfi.pk]))
    assert download["Content-Type"].startswith("text/csv")
    assert f"historik-aktivitet-{sfi.pk}" in download["Content-Disposition"]
    rows = list(csv.reader(io.StringIO(download.content.decode("utf-8-sig")), delimiter=";"))
    assert rows[0] == ["Tidpunkt", "Vem", "Händelse", "Fält", "Före", "Efter", "Skäl"]
    assert ["Stina Staff", "Rubrik", "SFI studieväg 1", "SFI kväll", "Aktivitet ändrad"] in [
        [r[1], r[3], r[4], r[5], r[6]] for r in rows[1:]
    ]
    assert len(rows) - 1 == sum(max(1, len(e.changes)) for e in entries)


def test_two_saves_in_a_row_are_two_entries(staff, sfi, organisation, municipality_a):
    client = client_for(staff)
    _edit(client, sfi, organisation, [municipality_a], ["ar", "ti"], places="21")
    _edit(client, sfi, organisation, [municipality_a], ["ar", "ti"], places="22")
    changes = [[(c.label, c.old, c.new) for c in e.changes] for e in activity_audit(sfi)[:2]]
    assert changes == [[("Antal platser", "21", "22")], [("Antal platser", "20", "21")]]


def test_history_queries_do_not_grow_with_the_history(
    staff, sfi, organisation, municipality_a, municipality_b
):
    client = client_for(staff)
    url = reverse("activities:activity_history", args=[sfi.pk])

    def count() -> int:
        with CaptureQueriesContext(connection) as ctx:
            assert client.get(url).status_code == 200
        return len(ctx.captured_queries)

    count()  # the first request after signing in reads the user; later ones take it cached
    one = count()
    for n in range(10):
        both = [municipality_a, municipality_b] if n % 2 else [municipality_a]
        _edit(client, sfi, organisation, both, ["ar", "uk"], places=str(30 + n))
    assert count() == one
    assert one <= HISTORY_QUERIES


#: Measured 9: session, the data version and user, the activity, its history records, their
#: municipalities, languages and organisations' names, and the navigation's.
HISTORY_QUERIES = 9


def test_activity_report_history_lists_figures_and_review(
    staff, reporter_a, sfi, municipality_a, periods
):
    saved = report(sfi, municipality_a, periods[0], reporter_a, women=3, men=2)
    from activities import services

    saved = services.activity_report_save_draft(
        activity=sfi,
        municipality=municipality_a,
        period=periods[0],
        user=reporter_a,
        figures={"women": 4, "men": 2, "first_time": 1, "completed": 0, "dropped": 0},
        courses={"1A": {"continuing_women": 4, "continuing_men": 2}},
        comment="",
        version=saved.version,
        today=periods[0].end,
    )
    saved = submit(saved, reporter_a)
    changes = [(c.label, c.old, c.new) for e in activity_report_audit(saved) for c in e.changes]
    assert ("Deltagare, kvinnor", "3", "4") in changes
    assert ("Status", "Utkast", "Inskickad") in changes
    page = (
        client_for(staff)
        .get(reverse("activities:activity_report_detail", args=[saved.pk]))
        .content.decode()
    )
    assert "Deltagare, kvinnor: 3 → 4" in page
