"""Länstal and kommuntal as dated decisions: the figure on a date, revisions, the sum check,
the kommuntal decision as a tracked, published step (issue 18)."""

from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.db import connection
from django.db.migrations.recorder import MigrationRecorder
from django.urls import reverse

from agreements import services
from agreements.models import (
    CountyQuota,
    MunicipalQuotaDecision,
    Target,
    TargetRevision,
    reading_date,
)
from core import clock
from core.models import County, Municipality
from tests.factories.accounts import client_for
from tests.factories.agreements import day

pytestmark = pytest.mark.django_db


def decide(county, staff, year, places, effective_from=None, **kwargs) -> CountyQuota:
    latest = CountyQuota.objects.filter(county=county, year=year).order_by("-effective_from")
    return services.county_quota_set(
        county=county,
        year=year,
        places=places,
        effective_from=effective_from,
        user=staff,
        expected_version=latest.first().version if latest.exists() else 0,
        **kwargs,
    )


def in_force(county, on: str, year: int | None = None) -> int | None:
    found = CountyQuota.objects.in_force_on(day(on), year=year).filter(county=county).first()
    return found.places if found else None


def test_lanstal_on_a_date_before_and_after_the_2017_revision(county, staff):
    decide(county, staff, 2017, 8781, decision_reference="SFS 2016:874")
    decide(county, staff, 2017, 6904, day("2017-03-09"), decision_reference="SFS 2017:27")
    assert in_force(county, "2016-11-01", year=2017) == 8781  # decided, not yet in force
    assert in_force(county, "2017-01-01") == 8781
    assert in_force(county, "2017-03-08") == 8781
    assert in_force(county, "2017-03-09") == 6904
    assert in_force(county, "2017-12-31") == 6904
    # The earlier decision is kept beside the revision.
    assert list(
        CountyQuota.objects.filter(year=2017)
        .order_by("effective_from")
        .values_list("places", "decision_reference")
    ) == [(8781, "SFS 2016:874"), (6904, "SFS 2017:27")]


def test_lanstal_on_a_date_around_the_1_july_2024_revision(county, staff):
    decide(county, staff, 2024, 524)
    decide(county, staff, 2024, 3518, day("2024-07-01"), decision_reference="SFS 2024:480")
    assert in_force(county, "2024-06-30") == 524
    assert in_force(county, "2024-07-01") == 3518
    assert in_force(county, "2025-01-01") is None  # another year's figure is not 2024's


def test_kommuntal_on_a_date_around_the_1_july_2024_revision(
    make_agreement, municipality_a, categories, staff
):
    agreement = make_agreement(municipality_a, 2024, places={"anvisade": 10})
    services.agreement_amend(
        agreement=agreement,
        effective_from=day("2024-07-01"),
        places_by_category={categories["anvisade"]: 60},
        reason="Nytt länstal",
        user=staff,
        expected_version=agreement.version,
    )

    def on(text: str) -> int:
        return Target.objects.settlement().in_force_on(day(text)).get().places

    assert on("2023-12-01") == 10 and on("2024-06-30") == 10
    assert on("2024-07-01") == 60 and on("2024-12-31") == 60


def test_a_past_year_reads_its_final_figure_and_a_coming_year_its_first():
    today = day("2026-12-02")
    assert reading_date(2024, today) == day("2024-12-31")
    assert reading_date(2026, today) == today
    assert reading_date(2027, today) == day("2027-01-01")


def test_a_decision_on_the_same_date_corrects_it_and_a_stale_version_is_refused(county, staff):
    first = decide(county, staff, 2026, 360)
    decide(county, staff, 2026, 365)  # same date: a correction, not a new decision
    assert CountyQuota.objects.get().places == 365
    with pytest.raises(services.StaleVersion):
        services.county_quota_set(
            county=county, year=2026, places=1, user=staff, expected_version=first.version
        )
    with pytest.raises(ValidationError) as refused:
        decide(county, staff, 2026, 400, day("2027-02-01"))
    assert "effective_from" in refused.value.error_dict
    assert CountyQuota.objects.get().places == 365


def test_a_lanstal_revision_above_the_municipal_sum_must_be_confirmed(
    county, staff, make_agreement, municipality_a
):
    decide(county, staff, 2026, 40)
    make_agreement(municipality_a, 2026, places={"anvisade": 40})
    with pytest.raises(ValidationError) as warned:
        decide(county, staff, 2026, 90, day("2026-07-01"))
    assert "confirm_below" in warned.value.error_dict
    assert CountyQuota.objects.count() == 1
    decide(county, staff, 2026, 90, day("2026-07-01"), confirm_below=True)
    assert in_force(county, "2026-07-01") == 90


def test_allocation_below_the_lanstal_warns_and_saves_once_confirmed(
    staff_client, county, staff, make_agreement, municipality_a
):
    decide(county, staff, 2026, 100)
    url = reverse("agreements:allocation", kwargs={"year": 2026})
    data = {f"m_{m.code}": "" for m in county.municipalities.all()}
    data |= {f"v_{m.code}": "0" for m in county.municipalities.all()}  # no agreement yet
    data |= {"m_0181": "60", "effective_from": "2026-01-01", "reason": ""}
    data |= {"decision_reference": "851-111-2025", "decision_date": "2025-11-14"}
    response = staff_client.post(url, data)
    page = response.content.decode()
    assert response.status_code == 200
    assert "Summan av kommuntalen (60) blir lägre än länstalet (100)" in page
    assert 'type="checkbox" name="confirm_below"' in page
    assert not TargetRevision.objects.exists() and not MunicipalQuotaDecision.objects.exists()

    response = staff_client.post(url, {**data, "confirm_below": "on"})
    assert response.status_code == 302
    decision = MunicipalQuotaDecision.objects.get()
    assert (decision.reference, decision.decision_date) == ("851-111-2025", day("2025-11-14"))
    assert decision.decided_by == staff and not decision.is_published
    assert TargetRevision.objects.get().decision == decision


def test_allocation_page_shows_the_revision_history_and_the_figure_in_force(
    staff_client, county, staff
):
    decide(county, staff, 2026, 360, decision_reference="SFS 2025:500")
    decide(county, staff, 2026, 420, day("2026-07-01"), decision_reference="SFS 2026:77")
    response = staff_client.get(reverse("agreements:allocation", kwargs={"year": 2026}))
    page = response.content.decode()
    assert response.context["quota"].places == 420  # today (2026-12-02) it is the revision
    assert [d.places for d in response.context["quota_decisions"]] == [360, 420]
    assert "SFS 2025:500" in page and "SFS 2026:77" in page and "2026-07-01" in page


def test_staff_enter_a_revision_through_the_form_and_the_first_stays(staff_client, county, staff):
    decide(county, staff, 2026, 360)
    url = reverse("agreements:county_quota", kwargs={"year": 2026})
    form = staff_client.get(url).context["form"]
    assert form.initial["places"] == 360 and form.initial["version"] == 1
    data = {
        "version": "1",
        "places": "1 200",
        "effective_from": "2026-07-01",
        "decision_reference": "SFS 2026:480",
        "decision_date": "2026-06-20",
        "notes": "",
        "confirm_below": "",
    }
    assert staff_client.post(url, data).status_code == 302
    assert list(
        CountyQuota.objects.order_by("effective_from").values_list("places", "effective_from")
    ) == [(360, day("2026-01-01")), (1200, day("2026-07-01"))]
    bad = staff_client.post(url, {**data, "version": "2", "effective_from": "31/12"})
    assert "effective_from" in bad.context["form"].errors
    assert CountyQuota.objects.count() == 2


def test_publishing_a_kommuntal_decision_shows_it_to_the_municipality(
    county, staff, reporter_a, make_agreement, municipality_a
):
    services.allocation_save(
        county=county,
        year=2026,
        places_by_municipality={municipality_a: 30},
        effective_from=day("2026-01-01"),
        reason="",
        user=staff,
        decision_reference="851-222-2025",
    )
    agreement = municipality_a.agreements.get(year=2026)
    detail = reverse("agreements:detail", kwargs={"pk": agreement.pk})
    reporter = client_for(reporter_a)
    assert "851-222-2025" not in reporter.get(detail).content.decode()

    decision = MunicipalQuotaDecision.objects.get()
    publish = reverse("agreements:kommuntal_publish", kwargs={"year": 2026, "pk": decision.pk})
    assert client_for(staff).post(publish).status_code == 302
    decision.refresh_from_db()
    assert decision.is_published and decision.published_by == staff
    assert decision.published_at is not None
    assert "851-222-2025" in reporter.get(detail).content.decode()
    # Publishing twice changes nothing.
    published_at = decision.published_at
    client_for(staff).post(publish)
    decision.refresh_from_db()
    assert decision.published_at == published_at


def test_other_county_staff_cannot_publish_a_decision(county, staff, other_county_staff):
    decision = MunicipalQuotaDecision.objects.create(
        county=county, year=2026, effective_from=day("2026-01-01")
    )
    publish = reverse("agreements:kommuntal_publish", kwargs={"year": 2026, "pk": decision.pk})
    assert client_for(other_county_staff).post(publish).status_code == 404
    decision.refresh_from_db()
    assert not decision.is_published


def test_decision_pages_query_count_does_not_grow_with_decisions(staff_client, county, staff):
    urls = [
        reverse("agreements:allocation", kwargs={"year": 2026}),
        reverse("agreements:county_quota", kwargs={"year": 2026}),
    ]
    decide(county, staff, 2026, 100)
    municipalities = list(Municipality.objects.filter(county=county).order_by("code"))
    services.allocation_save(
        county=county,
        year=2026,
        places_by_municipality={municipalities[0]: 100},
        effective_from=day("2026-01-01"),
        reason="",
        user=staff,
    )
    counts = []
    for url in urls:
        with CaptureQueries() as one:
            staff_client.get(url)
        counts.append(len(one))
    for month in range(2, 8):
        decide(county, staff, 2026, 100 + month, datetime.date(2026, month, 1), confirm_below=True)
        services.allocation_save(
            county=county,
            year=2026,
            places_by_municipality={m: 100 + month for m in municipalities[:month]},
            effective_from=datetime.date(2026, month, 1),
            reason="Ny fördelning",
            user=staff,
        )
    for url, before in zip(urls, counts, strict=True):
        with CaptureQueries() as many:
            staff_client.get(url)
        assert len(many) <= before, url


class CaptureQueries:
    def __enter__(self):
        from django.test.utils import CaptureQueriesContext

        self.context = CaptureQueriesContext(connection)
        self.context.__enter__()
        return self

    def __exit__(self, *exc):
        self.context.__exit__(*exc)

    def __len__(self) -> int:
        return len(self.context)


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_migration_turns_each_yearly_quota_into_a_decision_and_refuses_a_lossy_reverse():
    county = County.objects.get(code="01")
    call_command("migrate", "agreements", "0009", verbosity=0)
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT id FROM agreements_targetcategory WHERE is_settlement_quota")
            category = cursor.fetchone()[0]
            cursor.execute(
                "INSERT INTO agreements_countyquota (county_id, year, category_id, places, "
                "decision_reference, notes, version) VALUES (%s, 2024, %s, 524, '', '', 1)",
                [county.pk, category],
            )
        call_command("migrate", "agreements", verbosity=0)
        quota = CountyQuota.objects.get()
        assert (quota.places, quota.effective_from) == (524, day("2024-01-01"))
        CountyQuota.objects.create(
            county=county,
            year=2024,
            category_id=category,
            places=3518,
            effective_from=day("2024-07-01"),
        )
        with pytest.raises(RuntimeError, match="more than one länstal decision"):
            call_command("migrate", "agreements", "0009", verbosity=0)
        assert MigrationRecorder.Migration.objects.filter(
            app="agreements", name="0010_quota_decisions"
        ).exists()
        CountyQuota.objects.filter(effective_from=day("2024-07-01")).delete()
        call_command("migrate", "agreements", "0009", verbosity=0)
        with connection.cursor() as cursor:
            cursor.execute("SELECT year, places FROM agreements_countyquota")
            assert cursor.fetchall() == [(2024, 524)]
    finally:
        call_command("migrate", verbosity=0)


def test_agreement_list_reads_the_kommuntal_in_force_today_not_a_later_decision(
    staff_client, make_agreement, municipality_a, categories, staff
):
    today = clock.today()
    new_years_eve = datetime.date(today.year, 12, 31)
    if today == new_years_eve:
        pytest.skip("no later day in the year to decide for")
    agreement = make_agreement(municipality_a, today.year, places={"anvisade": 40})
    services.agreement_amend(
        agreement=agreement,
        effective_from=new_years_eve,
        places_by_category={categories["anvisade"]: 55},
        reason="Beslutat i förväg",
        user=staff,
        expected_version=agreement.version,
    )
    response = staff_client.get(reverse("agreements:list"))
    rows = {a.pk: (a.settlement_places, figures) for a, figures in response.context["rows"]}
    places, figures = rows[agreement.pk]
    column = [c.code for c in response.context["categories"]].index("anvisade")
    assert places == 40 and figures[column] == 40
