"""Languages of instruction most asked for in the county (editable in the admin)."""

from django.db import migrations

LANGUAGES = [
    ("sv", "svenska"),
    ("sv-easy", "lätt svenska"),
    ("ar", "arabiska"),
    ("prs", "dari"),
    ("fa", "persiska"),
    ("ps", "pashto"),
    ("ti", "tigrinja"),
    ("so", "somaliska"),
    ("am", "amhariska"),
    ("om", "oromo"),
    ("uk", "ukrainska"),
    ("ru", "ryska"),
    ("ckb", "kurdiska (sorani)"),
    ("kmr", "kurdiska (kurmanji)"),
    ("tr", "turkiska"),
    ("en", "engelska"),
    ("fr", "franska"),
    ("es", "spanska"),
    ("bs", "bosniska/kroatiska/serbiska"),
    ("pl", "polska"),
    ("th", "thailändska"),
    ("uz", "uzbekiska"),
]


def add(apps, schema_editor):
    Language = apps.get_model("reception", "Language")
    for code, name in LANGUAGES:
        Language.objects.get_or_create(code=code, defaults={"name": name})


def remove(apps, schema_editor):
    apps.get_model("reception", "Language").objects.filter(
        code__in=[c for c, _ in LANGUAGES]
    ).delete()


class Migration(migrations.Migration):
    dependencies = [("reception", "0003_activities")]
    operations = [migrations.RunPython(add, remove)]
