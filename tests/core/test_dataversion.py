"""The data version changes with every write to the portal's data, in the same transaction."""

from __future__ import annotations

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


def test_a_table_of_a_later_migration_gets_its_trigger_when_migrate_runs(county):
    # post_migrate reinstalls every trigger: dropping one and running the handler restores it.
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(f"DROP TRIGGER {dataversion.TRIGGER} ON contacts_pageblock")
        else:
            for event in ("insert", "update", "delete"):
                cursor.execute(f'DROP TRIGGER "{dataversion.TRIGGER}_contacts_pageblock_{event}"')
    assert "contacts_pageblock" not in dataversion.tables_with_trigger()
    from django.apps import apps

    dataversion.on_post_migrate(sender=None, app_config=apps.get_app_config("core"))
    assert "contacts_pageblock" in dataversion.tables_with_trigger()
    before = dataversion.current()
    PageBlock.objects.create(county=county, key="y", heading="H", body="B")
    assert dataversion.current() > before
