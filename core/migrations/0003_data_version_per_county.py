"""Data versions per county (scope) in a bounded table of (scope, slot) counters.

The old table kept a row per database connection forever and every request summed
it. The old triggers go first (their function names the old table); the new ones
are installed by ``post_migrate`` at the end of this ``migrate``. Backwards, the new
triggers go with the new table, so writes keep working on the older schema.
"""

from django.db import migrations, models


def drop_triggers(apps, schema_editor):
    from core import dataversion

    dataversion.drop_triggers(schema_editor.connection)


class Migration(migrations.Migration):
    dependencies = [
        ("core", "0002_own_table_names"),
    ]

    operations = [
        migrations.RunPython(drop_triggers, migrations.RunPython.noop),
        migrations.DeleteModel(name="DataVersion"),
        migrations.CreateModel(
            name="DataVersion",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("scope", models.CharField(max_length=24)),
                ("slot", models.PositiveSmallIntegerField(default=0)),
                ("counter", models.BigIntegerField(default=0)),
            ],
            options={
                "verbose_name": "dataversion",
                "verbose_name_plural": "dataversioner",
                "constraints": [
                    models.UniqueConstraint(
                        fields=("scope", "slot"), name="core_dataversion_scope_slot"
                    )
                ],
            },
        ),
        # Backwards this runs first: no trigger is left naming the table about to go.
        migrations.RunPython(migrations.RunPython.noop, drop_triggers),
    ]
