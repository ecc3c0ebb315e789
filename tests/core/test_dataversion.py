"""The data version changes with every write to the portal's data, in the same transaction."""

from __future__ import annotations

import datetime

import pytest
from django.db import connection, transaction

from agreements.models import Agreement, TargetCategory
from contacts.models import PageBlock
from core import dataversion
from core.models import County, Municipality

pytestmark = pytest.mark.django_db


def test_every_table_of_the_portals_apps_carries_the_trigger():
    tables = dataversion.data_tables()
    assert "agreements_agreement" in tables
    assert "reception_followupreport" in tables
    assert "contacts_contact" in tables
    assert "accounts_user_municipalities" in tables  # many-to-many tables too
    assert "core_dataversion" not in tables
    assert "django_session" not in tables  # signing in is not a data change
    assert set(tables) <= dataversion.tables_with_trigger()


@pytest.mark.parametrize(
    "write",
    [
        pytest.param(lambda c: c.save(), id="save"),
        pytest.param(lambda c: County.objects.filter(pk=c.pk).update(name="Ändrat"), id="update"),
        pytest.param(
            lambda c: PageBlock.objects.bulk_create(
                [PageBlock(county=c, key=f"k{n}", heading="H", body="B") for n in range(3)]
            ),
            id="bulk_create",
        ),
        pytest.param(lambda c: PageBlock.objects.filter(county=c).delete(), id="delete"),
        pytest.param(
            lambda c: connection.cursor().execute(
                "UPDATE agreements_targetcategory SET name = name WHERE 1 = 1"
            ),
            id="raw SQL",
        ),
    ],
)
def test_every_kind_of_write_changes_the_version(county, write):
    PageBlock.objects.create(county=county, key="x", heading="H", body="B")
    before = dataversion.current()
    write(county)
    assert dataversion.current() > before


def test_reading_does_not_change_the_version(county):
    before = dataversion.current()
    list(Municipality.objects.filter(county=county))
    list(Agreement.objects.all())
    TargetCategory.objects.count()
    assert dataversion.current() == before


def test_a_rolled_back_write_leaves_the_version_as_it_was(county):
    before = dataversion.current()
    with pytest.raises(RuntimeError):
        with transaction.atomic():
            County.objects.filter(pk=county.pk).update(name="Ändrat")
            assert dataversion.current() > before  # seen inside the transaction
            raise RuntimeError("roll back")
    assert dataversion.current() == before
    county.refresh_from_db()
    assert county.name != "Ändrat"


def _drop_pageblock_triggers() -> None:
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(
                "SELECT tgname FROM pg_trigger WHERE tgrelid = 'contacts_pageblock'::regclass "
                "AND tgname LIKE 'portal_dv%%'"
            )
            for (name,) in cursor.fetchall():
                cursor.execute(f"DROP TRIGGER {name} ON contacts_pageblock")
        else:
            cursor.execute(
                "SELECT name FROM sqlite_master WHERE type = 'trigger' AND tbl_name = %s",
                ["contacts_pageblock"],
            )
            for (name,) in cursor.fetchall():
                cursor.execute(f'DROP TRIGGER "{name}"')


def test_a_table_of_a_later_migration_gets_its_trigger_when_migrate_runs(county):
    # post_migrate reinstalls every trigger: dropping one and running the handler restores it.
    _drop_pageblock_triggers()
    assert "contacts_pageblock" not in dataversion.tables_with_trigger()
    from django.apps import apps

    dataversion.on_post_migrate(sender=None, app_config=apps.get_app_config("core"))
    assert "contacts_pageblock" in dataversion.tables_with_trigger()
    before = dataversion.current()
    PageBlock.objects.create(county=county, key="y", heading="H", body="B")
    assert dataversion.current() > before


# --- per county, bookkeeping, bounded --------------------------------------------------


def _versions(*counties) -> dict[str, int]:
    scopes = [dataversion.GLOBAL, dataversion.ALL]
    scopes += [dataversion.county_scope(c.code) for c in counties]
    return dataversion.read(scopes)


def test_a_write_in_one_county_raises_that_countys_version_only(county, other_county):
    before = _versions(county, other_county)
    PageBlock.objects.create(county=county, key="x", heading="H", body="B")
    after = _versions(county, other_county)
    here, there = dataversion.county_scope(county.code), dataversion.county_scope(other_county.code)
    assert after[here] > before[here]
    assert after[dataversion.ALL] > before[dataversion.ALL]
    assert after[there] == before[there]
    assert after[dataversion.GLOBAL] == before[dataversion.GLOBAL]


def test_a_row_belongs_to_the_county_its_foreign_keys_lead_to(county, other_county):
    # A figure → its report → its municipality → the county (three tables away), by raw SQL.
    from reception.models import FollowUpReport, Frequency, ReportFigure, ReportingPeriod

    municipality = Municipality.objects.filter(county=county).first()
    period = ReportingPeriod.objects.create(
        county=county,
        frequency=Frequency.MONTHLY,
        year=2026,
        number=1,
        start="2026-01-01",
        end="2026-01-31",
        deadline="2026-02-10",
    )
    report = FollowUpReport.objects.create(municipality=municipality, period=period)
    figure = ReportFigure.objects.create(
        report=report, category=TargetCategory.objects.first(), received=1
    )
    before = _versions(county, other_county)
    with connection.cursor() as cursor:
        cursor.execute("UPDATE reception_reportfigure SET received = 2 WHERE id = %s", [figure.pk])
    after = _versions(county, other_county)
    assert (
        after[dataversion.county_scope(county.code)] > before[dataversion.county_scope(county.code)]
    )
    there = dataversion.county_scope(other_county.code)
    assert after[there] == before[there]


def test_a_row_moved_to_another_county_raises_both(county, other_county):
    block = PageBlock.objects.create(county=county, key="x", heading="H", body="B")
    before = _versions(county, other_county)
    PageBlock.objects.filter(pk=block.pk).update(county=other_county)
    after = _versions(county, other_county)
    for c in (county, other_county):
        assert after[dataversion.county_scope(c.code)] > before[dataversion.county_scope(c.code)]


def test_a_write_to_reference_data_raises_the_version_every_page_depends_on(county):
    before = _versions(county)
    TargetCategory.objects.filter(code="anvisade").update(name="Anvisade (nytt namn)")
    assert _versions(county)[dataversion.GLOBAL] > before[dataversion.GLOBAL]


def test_a_statement_that_changes_no_row_raises_no_county(county):
    before = _versions(county)
    PageBlock.objects.filter(pk=-1).update(heading="ingen")
    assert _versions(county) == before


def test_signing_in_raises_no_version(staff, client):
    """Password and second factor both write bookkeeping (last_login, the device's last
    code), and neither is a data change."""
    from tests.factories.mfa import give_app, sign_in_with_code

    give_app(staff)
    before = _versions(staff.county)
    response = sign_in_with_code(client, staff)
    assert response.status_code == 302 and "_auth_user_id" in client.session
    staff.refresh_from_db()
    assert staff.last_login is not None  # the sign-in was written…
    assert _versions(staff.county) == before  # …and is not a data change


def test_a_change_to_a_user_still_raises_the_reference_version(staff):
    before = _versions()
    staff.first_name = "Ny"
    staff.save()
    assert _versions()[dataversion.GLOBAL] > before[dataversion.GLOBAL]


def test_the_counters_stay_few_whatever_the_number_of_writes(county, other_county):
    for n in range(30):
        PageBlock.objects.create(
            county=county if n % 2 else other_county, key=f"k{n}", heading="H", body="B"
        )
    with connection.cursor() as cursor:
        cursor.execute("SELECT COUNT(*), COUNT(DISTINCT scope) FROM core_dataversion")
        rows, scopes = cursor.fetchone()
    # one row per scope and slot; one writer here, so one slot
    assert rows == scopes


def test_the_version_read_stays_fast_with_100_000_stale_rows(county):
    """However many counter rows pile up (old backends', gone counties'), a read looks up
    its own scopes by the index: its time does not grow with the table."""
    import time

    def read_time() -> float:
        started = time.perf_counter()
        for _ in range(20):
            _versions(county)
        return (time.perf_counter() - started) / 20

    empty = read_time()
    with connection.cursor() as cursor:
        cursor.execute(
            "INSERT INTO core_dataversion (scope, slot, counter) "
            "WITH RECURSIVE n(i) AS (SELECT 0 UNION ALL SELECT i + 1 FROM n WHERE i < 99999) "
            "SELECT 'stale' || CAST(i AS TEXT), 0, 1 FROM n"
        )
        cursor.execute("SELECT COUNT(*) FROM core_dataversion")
        assert cursor.fetchone()[0] >= 100_000
    full = read_time()
    assert full < max(5 * empty, 0.002), (empty, full)


@pytest.mark.skipif("connection.vendor != 'postgresql'")
def test_two_transactions_writing_one_county_never_wait_for_each_other(county):
    """Each writing transaction claims its own counter slot (an advisory try-lock)."""
    from django.db import connections

    PageBlock.objects.create(county=county, key="held", heading="H", body="B")  # holds a slot
    other = connections.create_connection("default")
    try:
        with other.cursor() as cursor:
            cursor.execute("SET statement_timeout = '2s'")
            cursor.execute("BEGIN")
            cursor.execute(
                'INSERT INTO contacts_pageblock (county_id, key, heading, body, "order", '
                "published, version, updated_at) VALUES (%s, 'other', 'H', 'B', 0, true, 1, now())",
                [county.pk],
            )  # would time out if it waited on this test's counter row
            cursor.execute("ROLLBACK")
    finally:
        other.close()


def test_a_write_raises_the_group_of_the_app_it_went_through_only(county, other_county):
    here = dataversion.county_scope(county.code)
    contacts = dataversion.group_scope(here, "contacts")
    agreements = dataversion.group_scope(here, "agreements")
    elsewhere = dataversion.group_scope(dataversion.county_scope(other_county.code), "contacts")

    def versions():
        return dataversion.read([here, contacts, agreements, elsewhere])

    before = versions()
    PageBlock.objects.create(county=county, key="x", heading="H", body="B")
    after = versions()
    assert after[here] > before.get(here, 0)
    assert after[contacts] > before.get(contacts, 0)
    assert after.get(agreements, 0) == before.get(agreements, 0)
    assert after.get(elsewhere, 0) == before.get(elsewhere, 0)

    municipality = Municipality.objects.filter(county=county).first()
    agreement = Agreement.objects.create(
        municipality=municipality,
        year=2031,
        valid_from=datetime.date(2031, 1, 1),
        valid_to=datetime.date(2031, 12, 31),
    )
    before = versions()
    with connection.cursor() as cursor:  # SQL typed by hand raises the group as well
        cursor.execute(
            "UPDATE agreements_agreement SET notes = 'ändrad' WHERE id = %s", [agreement.pk]
        )
    after = versions()
    assert after[agreements] > before[agreements]
    assert after[here] > before[here]
    assert after[contacts] == before[contacts]


def _write(county, key: str) -> None:
    PageBlock.objects.create(county=county, key=key, heading="H", body="B")


def test_many_writes_in_one_transaction_raise_the_version_at_least_once(county):
    scope = dataversion.county_scope(county.code)
    before = dataversion.current(scope)
    with transaction.atomic():
        for n in range(5):
            _write(county, f"k{n}")
    assert dataversion.current(scope) > before


def test_a_write_after_the_transaction_read_the_version_raises_it_again(county):
    """A transaction that read a version and then writes must move it past what it read
    (its own page, rendered between, is filed under the version it read)."""
    scope = dataversion.county_scope(county.code)
    with transaction.atomic():
        _write(county, "a")
        _write(county, "b")
        seen = dataversion.current(scope)
        _write(county, "c")
        assert dataversion.current(scope) > seen
        seen = dataversion.current(scope)
        Municipality.objects.filter(county=county).update(name="Ändrad")  # reference data
        _write(county, "d")
        assert dataversion.current(scope) > seen


def test_a_write_rolled_back_to_a_savepoint_is_raised_again_by_the_next(county):
    scope = dataversion.county_scope(county.code)
    seen = dataversion.current(scope)
    with transaction.atomic():
        try:
            with transaction.atomic():
                _write(county, "x")
                raise RuntimeError("undo")
        except RuntimeError:
            pass
        _write(county, "y")  # the first raise was undone with its savepoint
    assert dataversion.current(scope) > seen
