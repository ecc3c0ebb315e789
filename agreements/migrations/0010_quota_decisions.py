"""Quotas become dated decisions (issue 18).

Länstal: each existing one-number-per-year row becomes the year's first decision,
in force from 1 January; revisions are new rows for the same year. Kommuntal: the
existing target revisions that carry a settlement quota are grouped per county, year
and effective date into one kommuntal decision each (decision date and diarienummer
unknown: blank), so no figure loses its place.

Backwards: refused, with a message, once a year has more than one länstal decision or a
kommuntal decision carries a diarienummer or was published (that would lose decisions);
otherwise the derived decisions are removed and the rows are as before.
"""

import datetime

import django.core.validators
import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


def quotas_to_decisions(apps, schema_editor):
    CountyQuota = apps.get_model("agreements", "CountyQuota")
    for quota in CountyQuota.objects.filter(effective_from__isnull=True):
        quota.effective_from = datetime.date(quota.year, 1, 1)
        quota.save(update_fields=["effective_from"])
    Historical = apps.get_model("agreements", "HistoricalCountyQuota")
    for record in Historical.objects.filter(effective_from__isnull=True):
        record.effective_from = datetime.date(record.year, 1, 1)
        record.save(update_fields=["effective_from"])

    TargetRevision = apps.get_model("agreements", "TargetRevision")
    Decision = apps.get_model("agreements", "MunicipalQuotaDecision")
    groups: dict[tuple[int, int, datetime.date], list[int]] = {}
    revisions = TargetRevision.objects.filter(
        targets__category__is_settlement_quota=True, decision__isnull=True
    ).values_list("id", "agreement__municipality__county_id", "agreement__year", "effective_from")
    for revision_id, county_id, year, effective_from in revisions.distinct():
        groups.setdefault((county_id, year, effective_from), []).append(revision_id)
    for (county_id, year, effective_from), ids in sorted(groups.items()):
        decision = Decision.objects.create(
            county_id=county_id,
            year=year,
            effective_from=effective_from,
            reason="Registrerat innan besluten om kommuntal fördes in i portalen.",
            status="decided",
        )
        TargetRevision.objects.filter(id__in=ids).update(decision=decision)


def refuse_lossy_reverse(apps, schema_editor):
    CountyQuota = apps.get_model("agreements", "CountyQuota")
    Decision = apps.get_model("agreements", "MunicipalQuotaDecision")
    revised = (
        CountyQuota.objects.values("county_id", "year", "category_id")
        .annotate(n=models.Count("id"))
        .filter(n__gt=1)
    )
    if revised.exists():
        raise RuntimeError(
            "Cannot go back: some years have more than one länstal decision (revisions). "
            "Remove the revisions first; the old schema holds one figure per year."
        )
    if (
        Decision.objects.exclude(reference="").exists()
        or Decision.objects.filter(status="published").exists()
    ):
        raise RuntimeError(
            "Cannot go back: kommuntal decisions carry diarienummer or were published; "
            "the old schema has no place for them."
        )
    TargetRevision = apps.get_model("agreements", "TargetRevision")
    TargetRevision.objects.update(decision=None)
    Decision.objects.all().delete()


class Migration(migrations.Migration):
    dependencies = [
        ("agreements", "0009_one_year_rule"),
        ("core", "0002_own_table_names"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name="MunicipalQuotaDecision",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                (
                    "year",
                    models.PositiveSmallIntegerField(
                        validators=[django.core.validators.MinValueValidator(2000)],
                        verbose_name="år",
                    ),
                ),
                (
                    "reference",
                    models.CharField(blank=True, max_length=60, verbose_name="diarienummer"),
                ),
                (
                    "decision_date",
                    models.DateField(blank=True, null=True, verbose_name="beslutsdatum"),
                ),
                ("effective_from", models.DateField(verbose_name="gäller från")),
                ("reason", models.TextField(blank=True, verbose_name="skäl")),
                (
                    "status",
                    models.CharField(
                        choices=[
                            ("decided", "Beslutat"),
                            ("published", "Publicerat för kommunerna"),
                        ],
                        default="decided",
                        max_length=16,
                        verbose_name="status",
                    ),
                ),
                ("created_at", models.DateTimeField(auto_now_add=True, verbose_name="registrerat")),
                (
                    "published_at",
                    models.DateTimeField(blank=True, null=True, verbose_name="publicerat"),
                ),
                (
                    "county",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="+",
                        to="core.county",
                        verbose_name="län",
                    ),
                ),
                (
                    "decided_by",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                        verbose_name="beslutat av",
                    ),
                ),
                (
                    "published_by",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                        verbose_name="publicerat av",
                    ),
                ),
            ],
            options={
                "verbose_name": "beslut om kommuntal",
                "verbose_name_plural": "beslut om kommuntal",
                "ordering": ["county", "year", "effective_from", "id"],
            },
        ),
        migrations.AddField(
            model_name="targetrevision",
            name="decision",
            field=models.ForeignKey(
                blank=True,
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="revisions",
                to="agreements.municipalquotadecision",
                verbose_name="beslut om kommuntal",
            ),
        ),
        migrations.AddField(
            model_name="countyquota",
            name="effective_from",
            field=models.DateField(null=True, verbose_name="gäller från"),
        ),
        migrations.AddField(
            model_name="historicalcountyquota",
            name="effective_from",
            field=models.DateField(null=True, verbose_name="gäller från"),
        ),
        migrations.AddField(
            model_name="countyquota",
            name="created_by",
            field=models.ForeignKey(
                blank=True,
                null=True,
                on_delete=django.db.models.deletion.SET_NULL,
                related_name="+",
                to=settings.AUTH_USER_MODEL,
                verbose_name="registrerad av",
            ),
        ),
        migrations.AddField(
            model_name="historicalcountyquota",
            name="created_by",
            field=models.ForeignKey(
                blank=True,
                db_constraint=False,
                null=True,
                on_delete=django.db.models.deletion.DO_NOTHING,
                related_name="+",
                to=settings.AUTH_USER_MODEL,
                verbose_name="registrerad av",
            ),
        ),
        migrations.RunPython(quotas_to_decisions, migrations.RunPython.noop),
        migrations.AlterField(
            model_name="countyquota",
            name="effective_from",
            field=models.DateField(verbose_name="gäller från"),
        ),
        migrations.AlterField(
            model_name="historicalcountyquota",
            name="effective_from",
            field=models.DateField(verbose_name="gäller från"),
        ),
        migrations.AlterModelOptions(
            name="countyquota",
            options={
                "ordering": ["-year", "county__code", "effective_from"],
                "verbose_name": "länstal",
                "verbose_name_plural": "länstal",
            },
        ),
        migrations.RemoveConstraint(
            model_name="countyquota",
            name="county_quota_one_per_year_category",
        ),
        migrations.AddConstraint(
            model_name="countyquota",
            constraint=models.UniqueConstraint(
                fields=("county", "year", "category", "effective_from"),
                name="county_quota_one_decision_per_date",
            ),
        ),
        # Last, so that going back it runs first: before the old one-per-year constraint
        # returns and before the decision table goes.
        migrations.RunPython(migrations.RunPython.noop, refuse_lossy_reverse),
    ]
