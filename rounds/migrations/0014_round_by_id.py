"""A round by id with the columns the filters test, from the index alone (round_by_id), in place
of the league table's narrower (id) INCLUDE (amount_usd, valuation_usd, announced_on).

A lead investor's filter is checked round by round: PostgreSQL walks the investor's lead
investments and looks each round up by id. With the type and status outside the index, each of
the busiest lead's 17,127 rounds was a heap fetch as well. The capped count of "lead = the
busiest, series A, in progress" (the page, its page links and its count each walk them), at a
million rounds, on two cores at load 8-9:

Before (pkey, then the table):
    Nested Loop  (actual rows=97)  Buffers: shared hit=58871 read=9710
      ->  Index Only Scan using investment_lead_investor on rounds_investment u0
            Index Cond: (investor_id = 1)  rows=17127
      ->  Index Scan using rounds_fundinground_pkey on rounds_fundinground  loops=17127
            Index Cond: (id = u0.round_id)
            Filter: (round_type = 'series_a' AND status = 'in_progress')
    Execution Time: 180-600 ms (median of four 208 ms)

After (this index alone):
    Nested Loop  (actual rows=97)  Buffers: shared hit=44663 read=6792
      ->  Index Only Scan using investment_lead_investor on rounds_investment u0
            Index Cond: (investor_id = 1)  rows=17127
      ->  Index Only Scan using round_by_id on rounds_fundinground  loops=17127
            Index Cond: (id = u0.round_id)
            Filter: (round_type = 'series_a' AND status = 'in_progress')
            Heap Fetches: 0
    Execution Time: 139-213 ms (median of four 155 ms)

A quarter fewer buffers and no heap page. The league table's lookups still read their three
figures from it; at 74 MB it replaces the old index instead of sitting beside it.
"""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("rounds", "0013_corrections"),
    ]

    operations = [
        migrations.RemoveIndex(
            model_name="fundinground",
            name="round_league_figures",
        ),
        migrations.AddIndex(
            model_name="fundinground",
            index=models.Index(
                fields=["id"],
                include=(
                    "round_type",
                    "status",
                    "announced_on",
                    "amount_usd",
                    "valuation_usd",
                    "company",
                ),
                name="round_by_id",
            ),
        ),
    ]
