"""The investors' lead rounds per slice and year (see rounds/analytics/summary.py), counted for
the rounds already stored: the league table of a round type, a country or a sector reads them.

Planned on the million-round benchmark (analysts_1m, load 6-8 on two cores): the league of
sector fintech aggregated 1.0 s of SQL from the rounds, country US 2.6 s, round type seed
1.7 s; the index (facet, value, year) INCLUDE (...) gives each an index-only scan of its
slice's rows (see the README's league table figures).
"""

import django.db.models.deletion
from django.db import connection, migrations, models
from django.db.models import Count, F, Max, Sum, Value
from django.db.models.functions import Coalesce, ExtractYear

FACETS = {
    "": Value(""),
    "round_type": F("round__round_type"),
    "country": F("round__company__country"),
    "sector": F("round__company__sectors__slug"),
}
UNDATED, ALL_YEARS = 0, 9999


def count_leads(apps, schema_editor):
    Investment = apps.get_model("rounds", "Investment")
    LeadSummary = apps.get_model("rounds", "LeadSummary")
    table = connection.ops.quote_name(LeadSummary._meta.db_table)
    for facet, value in FACETS.items():
        leads = Investment.objects.filter(is_lead=True)
        if facet == "sector":
            leads = leads.filter(round__company__sectors__isnull=False)
        for year in (
            Coalesce(ExtractYear("round__announced_on"), Value(UNDATED)),
            Value(ALL_YEARS),
        ):
            rows = (
                leads.annotate(facet=Value(facet), value=value, year=year)
                .values("investor", "facet", "value", "year")
                .annotate(
                    led=Count("pk"),
                    amount=Sum("round__amount_usd"),
                    latest=Max("round__announced_on"),
                )
                .order_by()
            )
            sql, params = rows.query.sql_with_params()
            with connection.cursor() as cursor:
                cursor.execute(
                    f"INSERT INTO {table} (investor_id, facet, value, year, rounds_led, "
                    f"amount_led_usd, latest_led) {sql}",
                    params,
                )


class Migration(migrations.Migration):
    dependencies = [
        ("rounds", "0016_enrichment"),
    ]

    operations = [
        migrations.CreateModel(
            name="LeadSummary",
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
                ("facet", models.CharField(blank=True, max_length=10)),
                ("value", models.CharField(blank=True, max_length=40)),
                ("year", models.PositiveSmallIntegerField()),
                ("rounds_led", models.PositiveIntegerField()),
                (
                    "amount_led_usd",
                    models.DecimalField(decimal_places=2, max_digits=20, null=True),
                ),
                ("latest_led", models.DateField(null=True)),
                (
                    "investor",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="lead_summaries",
                        to="rounds.investor",
                    ),
                ),
            ],
            options={
                "indexes": [
                    models.Index(
                        fields=["facet", "value", "year"],
                        include=(
                            "investor",
                            "rounds_led",
                            "amount_led_usd",
                            "latest_led",
                        ),
                        name="leadsummary_slice",
                    )
                ],
                "constraints": [
                    models.UniqueConstraint(
                        fields=("investor", "facet", "value", "year"),
                        name="leadsummary_unique",
                    )
                ],
            },
        ),
        migrations.RunPython(count_leads, migrations.RunPython.noop),
    ]
