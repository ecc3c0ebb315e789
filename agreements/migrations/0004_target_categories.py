"""The target categories in force today; administrators can add or retire them."""

from django.db import migrations

CATEGORIES = [
    # code, name, parent, asks_for_split, is_settlement_quota, order, description
    (
        "anvisade",
        "Anvisade nyanlända (kommuntal)",
        None,
        True,
        True,
        10,
        "Nyanlända som anvisas till kommunen för bosättning enligt bosättningslagen (2016:38).",
    ),
    (
        "kvotflyktingar",
        "varav kvotflyktingar",
        "anvisade",
        True,
        False,
        20,
        "Flyktingar som tagits ut inom Sveriges flyktingkvot; ingår i de anvisade.",
    ),
    (
        "ensamkommande",
        "Ensamkommande barn",
        None,
        False,
        False,
        30,
        "Barn som kommit utan vårdnadshavare.",
    ),
    (
        "massflykt",
        "Tillfälligt skydd (massflyktsdirektivet)",
        None,
        True,
        False,
        40,
        "Personer med tillfälligt skydd enligt EU:s massflyktsdirektiv.",
    ),
]


def load(apps, schema_editor):
    TargetCategory = apps.get_model("agreements", "TargetCategory")
    made = {}
    for code, name, parent, split, quota, order, description in CATEGORIES:
        made[code], _ = TargetCategory.objects.update_or_create(
            code=code,
            defaults={
                "name": name,
                "parent": made.get(parent),
                "asks_for_split": split,
                "is_settlement_quota": quota,
                "order": order,
                "description": description,
            },
        )


def unload(apps, schema_editor):
    TargetCategory = apps.get_model("agreements", "TargetCategory")
    TargetCategory.objects.filter(parent__isnull=False).delete()
    TargetCategory.objects.all().delete()


class Migration(migrations.Migration):
    dependencies = [("agreements", "0003_agreements_targets_quotas")]

    operations = [migrations.RunPython(load, unload)]
