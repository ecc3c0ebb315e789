"""The topics a contact can answer for. Data, not code: the administrator adds more in /admin/."""

from django.db import migrations

TOPICS = [
    ("bosattning-och-kommuntal", "Bosättning och kommuntal", 10),
    ("sfi", "Sfi", 20),
    ("samhallsorientering", "Samhällsorientering", 30),
    ("ensamkommande-barn", "Ensamkommande barn", 40),
    ("tillfalligt-skydd", "Tillfälligt skydd (massflykt)", 50),
    ("arbete-och-etablering", "Arbete och etablering", 60),
]


def load(apps, schema_editor):
    Topic = apps.get_model("contacts", "Topic")
    for slug, name, order in TOPICS:
        Topic.objects.update_or_create(slug=slug, defaults={"name": name, "order": order})


def unload(apps, schema_editor):
    apps.get_model("contacts", "Topic").objects.filter(slug__in=[t[0] for t in TOPICS]).delete()


class Migration(migrations.Migration):
    dependencies = [("contacts", "0001_initial")]

    operations = [migrations.RunPython(load, unload)]
