"""The investors' lead rounds per month of each slice, and per year of two slices at once (see
rounds/analytics/summary.py), counted for the rounds already stored: the league table of part of
a year, and of a round type with a country ("series A in Germany"), reads them, and the top
sectors of its leads.

Planned on the million-round benchmark (dealflow_h2, load 3-5 on two cores): the league since
15 June 2024 aggregated 557 ms of SQL from the rounds (a hash join of all 896,925 lead
investments with the million rounds); series A in Germany 287 ms (a bitmap heap scan of the
196,499 series A rounds, for 9,795 German ones). The index (facet, value, year, month)
INCLUDE (...) gives each an index-only scan of its slice's rows: the months and years of the
period, plus the days of at most two part-months from the rounds. The unique constraint
leads with (investor, facet, month, year), so that the top sectors of a page's 50 investors
read one range each; it serves the foreign key too, whose own index goes.
"""

import django.db.models.deletion
from django.db import connection, migrations, models
from django.db.models import Count, F, Max, Sum, Value
from django.db.models.functions import Coalesce, Concat, ExtractMonth, ExtractYear

FACETS = {
    "": Value(""),
    "round_type": F("round__round_type"),
    "country": F("round__company__country"),
    "sector": F("round__company__sectors__slug"),
}
COMBINATIONS = (
    ("round_type", "country"),
    ("round_type", "sector"),
    ("country", "sector"),
)
UNDATED, ALL_YEARS, WHOLE_YEAR = 0, 9999, 0


def _insert(apps, rows):
    LeadSummary = apps.get_model("rounds", "LeadSummary")
    table = connection.ops.quote_name(LeadSummary._meta.db_table)
    sql, params = rows.query.sql_with_params()
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {table} (investor_id, facet, value, year, month, rounds_led, "
            f"amount_led_usd, latest_led) {sql}",
            params,
        )


def _counted(leads, facet, value, year, month):
    return (
        leads.annotate(facet=Value(facet), value=value, year=year, month=month)
        .values("investor", "facet", "value", "year", "month")
        .annotate(
            led=Count("pk"),
            amount=Sum("round__amount_usd"),
            latest=Max("round__announced_on"),
        )
        .order_by()
    )


def count_months_and_combinations(apps, schema_editor):
    Investment = apps.get_model("rounds", "Investment")
    leads = Investment.objects.filter(is_lead=True)
    for facet, value in FACETS.items():
        dated = leads.filter(round__announced_on__isnull=False)
        if facet == "sector":
            dated = dated.filter(round__company__sectors__isnull=False)
        _insert(
            apps,
            _counted(
                dated,
                facet,
                value,
                ExtractYear("round__announced_on"),
                ExtractMonth("round__announced_on"),
            ),
        )
    for names in COMBINATIONS:
        combined = leads
        if "sector" in names:
            combined = combined.filter(round__company__sectors__isnull=False)
        separated = [FACETS[names[0]]]
        for name in names[1:]:
            separated += [Value("|"), FACETS[name]]
        value = Concat(*separated, output_field=models.CharField())
        for year in (
            Coalesce(ExtractYear("round__announced_on"), Value(UNDATED)),
            Value(ALL_YEARS),
        ):
            _insert(
                apps,
                _counted(combined, "+".join(names), value, year, Value(WHOLE_YEAR)),
            )
    if connection.vendor == "postgresql":
        # The foreign keys' checks of these rows now, not at commit: PostgreSQL refuses to
        # alter a table with checks pending (the constraint below).
        with connection.cursor() as cursor:
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")


class Migration(migrations.Migration):
    dependencies = [
        ("rounds", "0022_lead_rounds"),
    ]

    operations = [
        migrations.RemoveConstraint(
            model_name="leadsummary",
            name="leadsummary_unique",
        ),
        migrations.RemoveIndex(
            model_name="leadsummary",
            name="leadsummary_slice",
        ),
        migrations.AlterField(
            model_name="leadsummary",
            name="facet",
            field=models.CharField(blank=True, max_length=30),
        ),
        migrations.AlterField(
            model_name="leadsummary",
            name="value",
            field=models.CharField(blank=True, max_length=80),
        ),
        migrations.AlterField(
            model_name="leadsummary",
            name="investor",
            field=models.ForeignKey(
                db_index=False,
                on_delete=django.db.models.deletion.CASCADE,
                related_name="lead_summaries",
                to="rounds.investor",
            ),
        ),
        migrations.AddField(
            model_name="leadsummary",
            name="month",
            field=models.PositiveSmallIntegerField(default=0),
        ),
        # The rows first, the index and the constraint over all of them after (one build
        # each, not millions of insertions):
        migrations.RunPython(count_months_and_combinations, migrations.RunPython.noop),
        migrations.AddConstraint(
            model_name="leadsummary",
            constraint=models.UniqueConstraint(
                fields=("investor", "facet", "month", "year", "value"),
                name="leadsummary_unique",
            ),
        ),
        migrations.AddIndex(
            model_name="leadsummary",
            index=models.Index(
                fields=["facet", "value", "month", "year"],
                include=("investor", "rounds_led", "amount_led_usd", "latest_led"),
                name="leadsummary_slice",
            ),
        ),
    ]
