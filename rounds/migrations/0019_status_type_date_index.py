"""An index for the status filter, alone or with a round type and dates.

At a million rounds (EXPLAIN ANALYZE, quiet machine):
- series B, in progress, 2023-24, by amount: the amount index was walked for the first 51 of the
  552 rounds that match, and 126,788 others were thrown away (32-45 ms); with this index the 552
  are read from it alone and sorted (1.4 ms);
- the count of the rounds in progress (up to 1,001, then an estimate) read 25,856 rows of the
  table to find 1,001 (7 ms); from this index alone, 1,001 entries (0.3 ms).
The index carries the round's id and the other filtered columns, so both are index-only scans.
"""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("rounds", "0018_name_statistics"),
    ]

    operations = [
        migrations.AddIndex(
            model_name="fundinground",
            index=models.Index(
                fields=["status", "round_type", "announced_on"],
                include=("id", "amount_usd", "valuation_usd", "company"),
                name="round_status_type_date",
            ),
        ),
    ]
