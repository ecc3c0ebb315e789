"""The moved tables take the ground floor's names (agreements_county → core_county, …).

A real rename (ALTER TABLE … RENAME): rows, foreign keys pointing at them and the
data-version triggers go with the table. The content types follow too, so
permissions and admin log entries keep pointing at the same models.
"""

from django.db import migrations

MOVED = ("county", "municipality", "dataversion")


def content_types_to_core(apps, schema_editor):
    ContentType = apps.get_model("contenttypes", "ContentType")
    for model in MOVED:
        if ContentType.objects.filter(app_label="core", model=model).exists():
            continue
        ContentType.objects.filter(app_label="agreements", model=model).update(app_label="core")


def trigger_function_for_new_name(apps, schema_editor):
    # PostgreSQL's trigger function names the counter table; SQLite's rename rewrites
    # its trigger bodies itself. Without this, a write later in the same migrate fails.
    from core import dataversion

    dataversion.install_function(schema_editor.connection)


def content_types_to_agreements(apps, schema_editor):
    ContentType = apps.get_model("contenttypes", "ContentType")
    for model in MOVED:
        if ContentType.objects.filter(app_label="agreements", model=model).exists():
            continue
        ContentType.objects.filter(app_label="core", model=model).update(app_label="agreements")


class Migration(migrations.Migration):
    dependencies = [
        ("core", "0001_counties_municipalities_data_version"),
        ("agreements", "0008_counties_and_municipalities_moved_to_core"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [
        migrations.AlterModelTable(name="county", table=None),
        migrations.AlterModelTable(name="municipality", table=None),
        migrations.AlterModelTable(name="dataversion", table=None),
        migrations.RunPython(trigger_function_for_new_name, migrations.RunPython.noop),
        migrations.RunPython(content_types_to_core, content_types_to_agreements),
    ]
