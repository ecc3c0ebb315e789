"""Load the 21 counties and 290 municipalities (SCB codes) shipped in agreements/data/."""

import csv
from pathlib import Path

from django.db import migrations

# The reference data moved to the ground floor (core/data/) with the models.
DATA = Path(__file__).resolve().parent.parent.parent / "core" / "data"


def read_csv(name: str) -> list[dict[str, str]]:
    with open(DATA / name, encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def load(apps, schema_editor):
    County = apps.get_model("agreements", "County")
    Municipality = apps.get_model("agreements", "Municipality")
    counties = {}
    for row in read_csv("counties.csv"):
        county, _ = County.objects.update_or_create(
            code=row["code"], defaults={"letter": row["letter"], "name": row["name"]}
        )
        counties[county.code] = county
    for row in read_csv("municipalities.csv"):
        code = row["code"]
        if row["county_code"] != code[:2]:
            raise ValueError(f"Municipality {code} is not in county {row['county_code']}")
        Municipality.objects.update_or_create(
            code=code, defaults={"name": row["name"], "county": counties[row["county_code"]]}
        )


def unload(apps, schema_editor):
    apps.get_model("agreements", "Municipality").objects.all().delete()
    apps.get_model("agreements", "County").objects.all().delete()


class Migration(migrations.Migration):
    dependencies = [("agreements", "0001_initial")]

    operations = [migrations.RunPython(load, unload)]
