"""The activity tables take their app's names (reception_activity → activities_activity, …).

A real rename (ALTER TABLE … RENAME, the many-to-many tables with their model): rows,
foreign keys and the data-version triggers go with each table. The content types
follow, so permissions and admin log entries keep pointing at the same models.
"""

from django.db import migrations

MOVED = (
    "language",
    "organisation",
    "historicalorganisation",
    "activity",
    "historicalactivity",
    "historicalactivity_municipalities",
    "historicalactivity_languages",
    "activityreport",
    "historicalactivityreport",
    "activitycoursefigure",
    "historicalactivitycoursefigure",
)


def _move_content_types(apps, old: str, new: str) -> None:
    ContentType = apps.get_model("contenttypes", "ContentType")
    for model in MOVED:
        if not ContentType.objects.filter(app_label=new, model=model).exists():
            ContentType.objects.filter(app_label=old, model=model).update(app_label=new)


def content_types_forward(apps, schema_editor):
    _move_content_types(apps, "reception", "activities")


def content_types_backward(apps, schema_editor):
    _move_content_types(apps, "activities", "reception")


class Migration(migrations.Migration):
    dependencies = [
        ("activities", "0001_moved_from_reception"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [
        *[migrations.AlterModelTable(name=model, table=None) for model in MOVED],
        migrations.RunPython(content_types_forward, content_types_backward),
    ]
