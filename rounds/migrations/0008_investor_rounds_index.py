"""An investor's investments indexed by (investor, round) with the lead flag, for index-only
scans of its rounds; it serves the foreign key too, which loses its own index."""

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("rounds", "0007_investor_years"),
    ]

    operations = [
        migrations.RemoveIndex(
            model_name="investment",
            name="investment_investor_lead",
        ),
        migrations.AlterField(
            model_name="investment",
            name="investor",
            field=models.ForeignKey(
                db_index=False,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="investments",
                to="rounds.investor",
            ),
        ),
        migrations.AddIndex(
            model_name="investment",
            index=models.Index(
                fields=["investor", "round"],
                include=("is_lead",),
                name="investment_investor_round",
            ),
        ),
    ]
