"""Enrichment in review: banks among the investor kinds (government bodies are the sovereign
kind), and the history of the companies' sectors, so that an undo puts them back."""

import django.db.models.deletion
import simple_history.models
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("rounds", "0015_article_created_id"),
    ]

    operations = [
        migrations.AlterField(
            model_name="historicalinvestor",
            name="kind",
            field=models.CharField(
                choices=[
                    ("venture", "Venture firm"),
                    ("corporate", "Corporate"),
                    ("angel", "Angel"),
                    ("private_equity", "Private equity"),
                    ("sovereign", "Government or sovereign fund"),
                    ("bank", "Bank"),
                    ("accelerator", "Accelerator"),
                    ("other", "Other"),
                ],
                default="venture",
                max_length=20,
            ),
        ),
        migrations.AlterField(
            model_name="investor",
            name="kind",
            field=models.CharField(
                choices=[
                    ("venture", "Venture firm"),
                    ("corporate", "Corporate"),
                    ("angel", "Angel"),
                    ("private_equity", "Private equity"),
                    ("sovereign", "Government or sovereign fund"),
                    ("bank", "Bank"),
                    ("accelerator", "Accelerator"),
                    ("other", "Other"),
                ],
                default="venture",
                max_length=20,
            ),
        ),
        migrations.CreateModel(
            name="HistoricalCompany_sectors",
            fields=[
                (
                    "id",
                    models.BigIntegerField(
                        auto_created=True, blank=True, db_index=True, verbose_name="ID"
                    ),
                ),
                ("m2m_history_id", models.AutoField(primary_key=True, serialize=False)),
                (
                    "company",
                    models.ForeignKey(
                        blank=True,
                        db_constraint=False,
                        db_tablespace="",
                        null=True,
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        related_name="+",
                        to="rounds.company",
                    ),
                ),
                (
                    "history",
                    models.ForeignKey(
                        db_constraint=False,
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        to="rounds.historicalcompany",
                    ),
                ),
                (
                    "sector",
                    models.ForeignKey(
                        blank=True,
                        db_constraint=False,
                        db_tablespace="",
                        null=True,
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        related_name="+",
                        to="rounds.sector",
                    ),
                ),
            ],
            options={
                "verbose_name": "HistoricalCompany_sectors",
            },
            bases=(simple_history.models.HistoricalChanges, models.Model),
        ),
    ]
