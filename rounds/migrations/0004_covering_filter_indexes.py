"""The deals sort indexes and the round-type index carry the columns the filters test (see
keyset.Sort.index), so a filtered page and its count walk an index alone, however many rounds
they skip."""

import datetime
from decimal import Decimal

import django.db.models.functions.comparison
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("rounds", "0003_admin_and_filter_indexes"),
    ]

    operations = [
        migrations.RemoveIndex(
            model_name="fundinground",
            name="round_type_date",
        ),
        migrations.RemoveIndex(
            model_name="fundinground",
            name="round_sort_date_desc",
        ),
        migrations.RemoveIndex(
            model_name="fundinground",
            name="round_sort_date_asc",
        ),
        migrations.RemoveIndex(
            model_name="fundinground",
            name="round_sort_valuation_desc",
        ),
        migrations.RemoveIndex(
            model_name="fundinground",
            name="round_sort_valuation_asc",
        ),
        migrations.RemoveIndex(
            model_name="fundinground",
            name="round_sort_amount_desc",
        ),
        migrations.RemoveIndex(
            model_name="fundinground",
            name="round_sort_amount_asc",
        ),
        migrations.AddIndex(
            model_name="fundinground",
            index=models.Index(
                fields=["round_type", "-announced_on"],
                include=(
                    "round_type",
                    "status",
                    "amount_usd",
                    "valuation_usd",
                    "company",
                ),
                name="round_type_date",
            ),
        ),
        migrations.AddIndex(
            model_name="fundinground",
            index=models.Index(
                models.OrderBy(
                    django.db.models.functions.comparison.Coalesce(
                        models.F("announced_on"),
                        models.Value(datetime.date(1, 1, 1)),
                        output_field=models.DateField(),
                    ),
                    descending=True,
                ),
                models.OrderBy(models.F("id"), descending=True),
                include=(
                    "round_type",
                    "status",
                    "announced_on",
                    "amount_usd",
                    "valuation_usd",
                    "company",
                ),
                name="round_sort_date_desc",
            ),
        ),
        migrations.AddIndex(
            model_name="fundinground",
            index=models.Index(
                models.OrderBy(
                    django.db.models.functions.comparison.Coalesce(
                        models.F("announced_on"),
                        models.Value(datetime.date(9999, 12, 31)),
                        output_field=models.DateField(),
                    )
                ),
                models.OrderBy(models.F("id")),
                include=(
                    "round_type",
                    "status",
                    "announced_on",
                    "amount_usd",
                    "valuation_usd",
                    "company",
                ),
                name="round_sort_date_asc",
            ),
        ),
        migrations.AddIndex(
            model_name="fundinground",
            index=models.Index(
                models.OrderBy(
                    django.db.models.functions.comparison.Coalesce(
                        models.F("valuation_usd"),
                        models.Value(Decimal("-1")),
                        output_field=models.DecimalField(),
                    ),
                    descending=True,
                ),
                models.OrderBy(models.F("id"), descending=True),
                include=(
                    "round_type",
                    "status",
                    "announced_on",
                    "amount_usd",
                    "valuation_usd",
                    "company",
                ),
                name="round_sort_valuation_desc",
            ),
        ),
        migrations.AddIndex(
            model_name="fundinground",
            index=models.Index(
                models.OrderBy(
                    django.db.models.functions.comparison.Coalesce(
                        models.F("valuation_usd"),
                        models.Value(Decimal("1E+20")),
                        output_field=models.DecimalField(),
                    )
                ),
                models.OrderBy(models.F("id")),
                include=(
                    "round_type",
                    "status",
                    "announced_on",
                    "amount_usd",
                    "valuation_usd",
                    "company",
                ),
                name="round_sort_valuation_asc",
            ),
        ),
        migrations.AddIndex(
            model_name="fundinground",
            index=models.Index(
                models.OrderBy(
                    django.db.models.functions.comparison.Coalesce(
                        models.F("amount_usd"),
                        models.Value(Decimal("-1")),
                        output_field=models.DecimalField(),
                    ),
                    descending=True,
                ),
                models.OrderBy(models.F("id"), descending=True),
                include=(
                    "round_type",
                    "status",
                    "announced_on",
                    "amount_usd",
                    "valuation_usd",
                    "company",
                ),
                name="round_sort_amount_desc",
            ),
        ),
        migrations.AddIndex(
            model_name="fundinground",
            index=models.Index(
                models.OrderBy(
                    django.db.models.functions.comparison.Coalesce(
                        models.F("amount_usd"),
                        models.Value(Decimal("1E+20")),
                        output_field=models.DecimalField(),
                    )
                ),
                models.OrderBy(models.F("id")),
                include=(
                    "round_type",
                    "status",
                    "announced_on",
                    "amount_usd",
                    "valuation_usd",
                    "company",
                ),
                name="round_sort_amount_asc",
            ),
        ),
    ]
