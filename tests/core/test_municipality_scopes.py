"""A municipality's own rows raise its own version: pages about another municipality of the
county stay cached, and never show stale figures (``core.dataversion``, ``m<code>``)."""

from __future__ import annotations

import re

import pytest
from django.db import connection
from django.db.models import F
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from agreements.models import Agreement
from core import dataversion
from core.models import Municipality
from reception.models import FollowUpReport, ReportFigure, ReportingPeriod
from tests.factories.accounts import client_for
from tests.factories.reporting import YEAR, draft, make_agreement, period_of, submitted

pytestmark = pytest.mark.django_db


def scopes(county, *municipalities):
    here = dataversion.county_scope(county.code)
    return {
        "county": here,
        "shared": dataversion.group_scope(here, dataversion.SHARED),
        **{m.code: dataversion.municipality_scope(m.code) for m in municipalities},
    }


def changed(names: dict, write) -> set[str]:
    """The keys of ``names`` whose version ``write()`` raised."""
    before = dataversion.read(names.values())
    write()
    after = dataversion.read(names.values())
    return {key for key, scope in names.items() if after[scope] != before[scope]}


def test_a_report_raises_its_municipality_and_county_not_the_shared_part(
    county, municipality_a, municipality_b, reporter_b
):
    names = scopes(county, municipality_a, municipality_b)
    period = period_of(county, YEAR, 1)
    report = None

    def save():
        nonlocal report
        report = draft(municipality_b, period, reporter_b, anvisade=3)

    assert changed(names, save) == {"county", municipality_b.code}
    # a bulk update of its figures: no signal, the trigger still sees it
    assert changed(
        names,
        lambda: ReportFigure.objects.filter(report=report).update(received=F("received") + 1),
    ) == {"county", municipality_b.code}

    def by_hand(sql, params):
        def run():
            with connection.cursor() as cursor:
                cursor.execute(sql, params)

        return run

    sql = "UPDATE reception_followupreport SET comment = 'ändrad' WHERE id = %s"
    assert changed(names, by_hand(sql, [report.pk])) == {"county", municipality_b.code}
    # moved to another municipality: both show it (or stop showing it)
    sql = "UPDATE reception_followupreport SET municipality_id = %s WHERE id = %s"
    assert changed(names, by_hand(sql, [municipality_a.pk, report.pk])) == {
        "county",
        municipality_a.code,
        municipality_b.code,
    }
    assert changed(names, lambda: FollowUpReport.objects.filter(pk=report.pk).delete()) == {
        "county",
        municipality_a.code,
    }


def test_the_countys_other_rows_raise_its_shared_part_not_a_municipalitys(
    county, municipality_a, municipality_b
):
    names = scopes(county, municipality_a, municipality_b)
    period_of(county, YEAR, 1)
    assert changed(
        names,
        lambda: ReportingPeriod.objects.filter(county=county).update(deadline=F("deadline")),
    ) == {"county", "shared"}
    # an agreement is the municipality's, but the county's pages of every municipality
    # may compare with it: it is shared
    assert changed(names, lambda: make_agreement(municipality_a, YEAR, {"anvisade": 10})) == {
        "county",
        "shared",
    }
    assert changed(names, lambda: Agreement.objects.update(notes="x")) == {"county", "shared"}


def test_reference_data_still_raises_what_every_page_follows(county, municipality_a):
    names = {**scopes(county, municipality_a), "g": dataversion.GLOBAL}
    assert "g" in changed(
        names, lambda: Municipality.objects.filter(pk=municipality_a.pk).update(name="Nytt")
    )


def test_every_model_that_declares_its_municipality_leads_to_one():
    declared = {
        table: dataversion.municipality_path(model)
        for table, model in dataversion._models_by_table(dataversion.global_apps).items()
        if dataversion.municipality_path(model) is not None
    }
    assert set(declared) == {
        "reception_followupreport",
        "reception_historicalfollowupreport",
        "reception_reportfigure",
        "reception_historicalreportfigure",
        "reception_sentreminder",
    }
    for path in declared.values():
        assert path[-1].related_model is Municipality


def test_a_restore_moves_the_municipalities_versions_too(county, municipality_a):
    scope = dataversion.municipality_scope(municipality_a.code)
    shared = dataversion.group_scope(dataversion.county_scope(county.code), dataversion.SHARED)
    before = dataversion.read([scope, shared])
    dataversion.jump()
    after = dataversion.read([scope, shared])
    assert after[scope] >= before[scope] + dataversion.JUMP
    assert after[shared] >= before[shared] + dataversion.JUMP


def get(client, url):
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200, (url, response.status_code)
    return response, len(captured)


def test_the_municipality_page_stays_cached_while_another_municipality_reports(
    staff, county, municipality_a, municipality_b, reporter_a, reporter_b
):
    from django.utils import timezone

    year = timezone.localdate().year
    period = period_of(county, year, 1)  # the year's periods (a write in the county)
    client = client_for(staff)
    url = reverse("overview:municipality", kwargs={"code": municipality_a.code})
    get(client, url)
    page, _ = get(client, url)
    assert page["X-Portal-Cache"] == "hit"
    draft(municipality_b, period, reporter_b, anvisade=7)
    again, served = get(client, url)
    assert again["X-Portal-Cache"] == "hit"
    assert served <= 3  # session, the user's versions, the municipality's
    # its own report shows at once, however it was written
    report = submitted(municipality_a, period, reporter_a, anvisade=4)
    assert get(client, url)[0]["X-Portal-Cache"] == "miss"
    ReportFigure.objects.filter(report=report, category__code="anvisade").update(received=1234)
    page, _ = get(client, url)
    assert page["X-Portal-Cache"] == "miss"
    assert re.search(r"1(\s|&nbsp;|\u00a0|\u202f)234", page.content.decode())
    # and so does a change to the county's shared rows (a period's deadline by SQL)
    get(client, url)
    with connection.cursor() as cursor:
        cursor.execute(
            "UPDATE reception_reportingperiod SET deadline = deadline WHERE id = %s", [period.pk]
        )
    assert get(client, url)[0]["X-Portal-Cache"] == "miss"


def test_the_reporters_inbox_and_form_stay_cached_while_another_municipality_reports(
    county, municipality_a, municipality_b, reporter_a, reporter_b
):
    from django.utils import timezone

    year = timezone.localdate().year
    period = period_of(county, year, 1)  # the year's periods (a write in the county)
    client = client_for(reporter_a)
    inbox = reverse("reception:inbox")
    form = reverse(
        "reception:report_edit", kwargs={"code": municipality_a.code, "period_pk": period.pk}
    )
    get(client, inbox)
    get(client, form)
    draft(municipality_b, period, reporter_b, anvisade=7)
    page, served = get(client, inbox)
    assert page["X-Portal-Cache"] == "hit"
    assert served == 2  # the municipality's version is read with the user's
    assert get(client, form)[0]["X-Portal-Cache"] == "hit"
    report = draft(municipality_a, period, reporter_a, anvisade=4)
    assert get(client, inbox)[0]["X-Portal-Cache"] == "miss"
    page = get(client, form)[0]
    assert page["X-Portal-Cache"] == "miss"
    assert 'value="4"' in page.content.decode()
    FollowUpReport.objects.filter(pk=report.pk).update(comment="Ändrad utan signal")
    page = get(client, form)[0]
    assert page["X-Portal-Cache"] == "miss"
    assert "Ändrad utan signal" in page.content.decode()
