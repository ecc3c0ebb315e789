"""Rehearse the move to the apps' new rooms on a database holding data: nothing is lost.

    DATABASE_URL=sqlite:////tmp/rehearsal.sqlite3 python scripts/migration_rehearsal.py
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/ip_rehearsal \
        python scripts/migration_rehearsal.py
    python scripts/migration_rehearsal.py --existing   # a database already at the old schema

Without ``--existing`` the database is emptied, migrated to the schema of the last
release before the redesign (``OLD_SCHEMA``) and filled, through that schema's own
(historical) models, with rows in every table the move touches: counties and
municipalities, users tied to them, agreements with history, reports and figures,
activities with their many-to-many rows and history, contacts and text blocks. Then it
counts every table's rows, migrates to the newest schema and counts again: every moved
table must hold as many rows under its new name, every other table as many as before
(the one table the redesign drops, ``contacts_publicpagestate``, excepted), foreign keys
must hold, each moved row must still be the same row, and the data-version triggers
must sit on the renamed tables. Prints the counts; exits 1 on any difference.
"""

from __future__ import annotations

import argparse
import datetime
import os
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

#: The leaf migration of each app in the last release before the redesign.
OLD_SCHEMA = [
    ("accounts", "0001_initial"),
    ("agreements", "0006_data_version"),
    ("reception", "0004_languages"),
    ("contacts", "0003_history_full_change_reason"),
]
#: Apps that did not exist then.
NEW_APPS = ["core", "activities"]
#: Old table name → new table name.
RENAMED = {
    "agreements_county": "core_county",
    "agreements_municipality": "core_municipality",
    "agreements_dataversion": "core_dataversion",
    **{
        f"reception_{name}": f"activities_{name}"
        for name in (
            "language",
            "organisation",
            "historicalorganisation",
            "activity",
            "activity_municipalities",
            "activity_languages",
            "historicalactivity",
            "historicalactivity_municipalities",
            "historicalactivity_languages",
            "activityreport",
            "historicalactivityreport",
            "activitycoursefigure",
            "historicalactivitycoursefigure",
        )
    },
}
#: Tables the redesign removes on purpose (the fragment token the data version replaced).
# The data-version counters are rebuilt per county by core 0003 (they start again at 0).
DROPPED = {"contacts_publicpagestate", "agreements_dataversion"}


def setup_django() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "integration_portal.settings")
    os.environ.setdefault("DEBUG", "true")
    import django

    django.setup()


def counts(connection) -> dict[str, int]:
    result = {}
    with connection.cursor() as cursor:
        for table in connection.introspection.table_names():
            if table.startswith(("django_", "auth_", "axes_")) or table == "sqlite_sequence":
                continue
            cursor.execute(f"SELECT COUNT(*) FROM {connection.ops.quote_name(table)}")
            result[table] = cursor.fetchone()[0]
    return result


def empty_database(connection) -> None:
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("DROP SCHEMA public CASCADE")
            cursor.execute("CREATE SCHEMA public")
        else:
            cursor.execute("PRAGMA foreign_keys = OFF")
            for table in connection.introspection.table_names():
                cursor.execute(f'DROP TABLE "{table}"')
            cursor.execute("PRAGMA foreign_keys = ON")


def fill_old_schema(apps) -> dict:
    """Rows in every table the move touches, through the old schema's models."""
    now = datetime.datetime(2025, 3, 1, 12, 0, tzinfo=datetime.UTC)
    County = apps.get_model("agreements", "County")
    Municipality = apps.get_model("agreements", "Municipality")
    User = apps.get_model("accounts", "User")
    Agreement = apps.get_model("agreements", "Agreement")
    HistoricalAgreement = apps.get_model("agreements", "HistoricalAgreement")
    TargetCategory = apps.get_model("agreements", "TargetCategory")
    TargetRevision = apps.get_model("agreements", "TargetRevision")
    CountyQuota = apps.get_model("agreements", "CountyQuota")
    Period = apps.get_model("reception", "ReportingPeriod")
    Report = apps.get_model("reception", "FollowUpReport")
    Figure = apps.get_model("reception", "ReportFigure")
    Organisation = apps.get_model("reception", "Organisation")
    Language = apps.get_model("reception", "Language")
    Activity = apps.get_model("reception", "Activity")
    HistoricalActivity = apps.get_model("reception", "HistoricalActivity")
    ActivityReport = apps.get_model("reception", "ActivityReport")
    CourseFigure = apps.get_model("reception", "ActivityCourseFigure")
    Unit = apps.get_model("contacts", "Unit")
    Contact = apps.get_model("contacts", "Contact")
    PageBlock = apps.get_model("contacts", "PageBlock")
    PublicPageState = apps.get_model("contacts", "PublicPageState")

    county = County.objects.get(code="01")
    sodertalje = Municipality.objects.get(code="0181")
    huddinge = Municipality.objects.get(code="0126")
    staff = User.objects.create(
        email="staff@rehearsal.example", role="staff", county=county, password="!"
    )
    reporter = User.objects.create(email="rep@rehearsal.example", role="reporter", password="!")
    reporter.municipalities.set([sodertalje, huddinge])
    agreement = Agreement.objects.create(
        municipality=sodertalje,
        year=2025,
        status="signed",
        valid_from=datetime.date(2025, 1, 1),
        valid_to=datetime.date(2025, 12, 31),
        created_by=staff,
    )
    HistoricalAgreement.objects.create(
        id=agreement.pk,
        municipality=sodertalje,
        year=2025,
        status="signed",
        case_number="",
        notes="",
        valid_from=agreement.valid_from,
        valid_to=agreement.valid_to,
        created_at=now,
        version=1,
        history_date=now,
        history_type="+",
        history_user=staff,
        history_change_reason="Registrerad",
    )
    revision = TargetRevision.objects.create(
        agreement=agreement, effective_from=agreement.valid_from, reason="", created_by=staff
    )
    revision.targets.create(category=TargetCategory.objects.get(code="anvisade"), places=40)
    CountyQuota.objects.create(
        county=county, year=2025, category=TargetCategory.objects.get(code="anvisade"), places=300
    )
    period = Period.objects.create(
        county=county,
        year=2025,
        number=1,
        frequency="monthly",
        start=datetime.date(2025, 1, 1),
        end=datetime.date(2025, 1, 31),
        deadline=datetime.date(2025, 2, 15),
    )
    report = Report.objects.create(
        municipality=sodertalje, period=period, status="approved", submitted_by=reporter
    )
    Figure.objects.create(
        report=report, category=TargetCategory.objects.get(code="anvisade"), received=4
    )
    organisation = Organisation.objects.create(county=county, name="Lärcenter", kind="municipality")
    activity = Activity.objects.create(
        county=county,
        kind="sfi",
        title="Sfi studieväg 1",
        organisation=organisation,
        start=datetime.date(2025, 1, 1),
        end=datetime.date(2025, 12, 31),
        places=20,
        hours=300,
    )
    activity.municipalities.set([sodertalje, huddinge])
    activity.languages.set(Language.objects.filter(code__in=["ar", "ti"]))
    HistoricalActivity.objects.create(
        id=activity.pk,
        county=county,
        kind="sfi",
        title=activity.title,
        organisation=organisation,
        start=activity.start,
        end=activity.end,
        places=20,
        hours=300,
        history_date=now,
        history_type="+",
        history_user=staff,
        **{
            f.name: f.get_default()
            for f in HistoricalActivity._meta.concrete_fields
            if f.name
            in {"description", "location", "contact_name", "contact_email", "contact_phone"}
            | {"delivery", "study_form", "published", "version"}
        },
    )
    activity_report = ActivityReport.objects.create(
        activity=activity,
        municipality=sodertalje,
        period=period,
        status="submitted",
        women=3,
        men=2,
        first_time=1,
        completed=0,
        dropped=0,
    )
    CourseFigure.objects.create(report=activity_report, course="1B", continuing_women=3)
    unit = Unit.objects.create(county=county, name="Enheten för social hållbarhet")
    contact = Contact.objects.create(
        county=county, unit=unit, name="Vera Vägvisare", email="vera@example.org", published=True
    )
    contact.municipalities.set([sodertalje])
    PageBlock.objects.create(county=county, key="uppdrag", heading="Uppdraget", body="Text")
    PublicPageState.objects.create(county=county)
    return {"activity": activity.pk, "agreement": agreement.pk, "report": report.pk}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--existing", action="store_true", help="keep the database's data")
    args = parser.parse_args(argv)
    setup_django()
    from django.db import connection
    from django.db.migrations.executor import MigrationExecutor

    from core import dataversion

    if not args.existing:
        empty_database(connection)
        executor = MigrationExecutor(connection)
        executor.migrate(OLD_SCHEMA)
        old_apps = executor.loader.project_state(OLD_SCHEMA).apps
        from django.db import transaction

        with transaction.atomic():
            made = fill_old_schema(old_apps)
    else:
        made = None
    before = counts(connection)
    executor = MigrationExecutor(connection)
    executor.migrate(executor.loader.graph.leaf_nodes())
    dataversion.install_triggers(connection)  # what post_migrate does after `migrate`
    after = counts(connection)

    problems = []
    print(f"{'table before':<48} {'rows':>8}   {'table after':<48} {'rows':>8}")
    for table, rows in sorted(before.items()):
        if table in DROPPED:
            print(f"{table:<48} {rows:>8}   (dropped on purpose)")
            continue
        new = RENAMED.get(table, table)
        now = after.get(new)
        print(f"{table:<48} {rows:>8}   {new:<48} {now if now is not None else '–':>8}")
        if now != rows:
            problems.append(f"{table} → {new}: {rows} rows before, {now} after")
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute("PRAGMA foreign_key_check")
            broken = cursor.fetchall()
            if broken:
                problems.append(f"foreign keys broken: {broken[:5]}")
    missing = set(dataversion.data_tables()) - dataversion.tables_with_trigger(connection)
    if missing:
        problems.append(f"tables without the data-version trigger: {sorted(missing)}")
    if made is not None:
        from activities.models import Activity

        activity = Activity.objects.get(pk=made["activity"])
        codes = sorted(activity.municipalities.values_list("code", flat=True))
        if codes != ["0126", "0181"] or activity.history.count() != 1:
            problems.append(f"the activity lost its municipalities or history: {codes}")
    for problem in problems:
        print("PROBLEM:", problem)
    print("rehearsal:", "OK" if not problems else f"{len(problems)} problem(s)")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
