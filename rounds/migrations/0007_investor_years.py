"""Each investor's rounds per year (see rounds/analytics/summary.py), counted for the rounds
already stored."""

import django.db.models.deletion
from django.db import migrations, models
from django.db.models import Count, Max, Q, Sum, Value
from django.db.models.functions import Coalesce, ExtractYear


def count_years(apps, schema_editor):
    Investment = apps.get_model("rounds", "Investment")
    InvestorYear = apps.get_model("rounds", "InvestorYear")
    led = Q(is_lead=True)
    rows = (
        Investment.objects.annotate(
            year=Coalesce(ExtractYear("round__announced_on"), Value(0))
        )
        .values("investor", "year")
        .annotate(
            led=Count("pk", filter=led),
            joined=Count("pk", filter=~led),
            amount=Sum("round__amount_usd", filter=led),
            latest=Max("round__announced_on", filter=led),
        )
        .order_by()
    )
    InvestorYear.objects.bulk_create(
        (
            InvestorYear(
                investor_id=row["investor"],
                year=row["year"],
                rounds_led=row["led"],
                rounds_joined=row["joined"],
                amount_led_usd=row["amount"],
                latest_led=row["latest"],
            )
            for row in rows.iterator()
        ),
        batch_size=5000,
    )


class Migration(migrations.Migration):
    dependencies = [
        ("rounds", "0006_queue_figures"),
    ]

    operations = [
        migrations.CreateModel(
            name="InvestorYear",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True,
                        primary_key=True,
                        serialize=False,
                        verbose_name="ID",
                    ),
                ),
                ("year", models.PositiveSmallIntegerField()),
                ("rounds_led", models.PositiveIntegerField(default=0)),
                ("rounds_joined", models.PositiveIntegerField(default=0)),
                (
                    "amount_led_usd",
                    models.DecimalField(decimal_places=2, max_digits=20, null=True),
                ),
                ("latest_led", models.DateField(null=True)),
                (
                    "investor",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="years",
                        to="rounds.investor",
                    ),
                ),
            ],
            options={
                "indexes": [
                    models.Index(
                        fields=["year"],
                        include=(
                            "investor",
                            "rounds_led",
                            "amount_led_usd",
                            "latest_led",
                        ),
                        name="investoryear_year",
                    )
                ],
                "constraints": [
                    models.UniqueConstraint(
                        fields=("investor", "year"), name="investoryear_unique"
                    )
                ],
            },
        ),
        migrations.RunPython(count_years, migrations.RunPython.noop),
    ]
