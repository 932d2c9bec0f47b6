"""Each lead investment's copy of its round's filtered columns (LeadRound), kept by triggers on
both databases, and the indexes that filter and sort one lead investor's rounds from the copies.

A lead investor's rounds were found by checking rounds one by one, as no index held the investor
beside a round's figures: PostgreSQL looked each of the lead's rounds up (17,127 for the
busiest), or walked an index of all the rounds in the sort's order and probed the lead
investments for each (the busiest led 1.7 % of them). The copies hold the investor beside the
round's type, status, date, figures and company; rounds/analytics/filters.py reads them when a
lead investor is chosen. Planned on the million-round benchmark (896,925 lead investments), the
busiest lead, warm, two cores at load 3-4, the old query beside the new on one database
(EXPLAIN (ANALYZE, BUFFERS)):

One index per order of the deals page, (investor, sort key, round) INCLUDE (the filtered
columns): a lead's rounds in that order, filtered from the index alone.
    lead, by valuation, 500 a page (the API):
      before: Nested Loop: Index Only Scan using investment_lead_investor (17,127 rows),
              Index Only Scan using round_by_id (loops=17127), then top-N heapsort
              Buffers: shared hit=51451  Execution Time: 57.7 ms
      after:  Index Only Scan using leadround_sort_valuation_desc (rows=501),
              rounds_fundinground_pkey (loops=501)  Buffers: shared hit=1514  1.5 ms
    lead, valuation >= $1B, by valuation: a hash join of 45,327 entries of the valuation
      index with the lead's 17,127 investments, 32.7 ms; after: 51 entries, 0.2 ms.
    lead, series A, in progress (newest first): 17,127 lookups, 51,451 buffers, 73.3 ms;
      after: leadround_sort_date_desc, 9,807 entries read to find 51, 271 buffers, 1.3 ms.
    lead, amount >= $10M since 2020: 8,908 buffers, 14.8 ms; after: 158 buffers, 0.2 ms.
    lead, by valuation: 4,027 entries of round_sort_valuation_desc, each probed in
      investment_lead_round, 12,147 buffers, 24.2 ms; after 158 buffers, 0.2 ms.
    lead, by amount: 10,980 buffers, 10.2 ms; oldest first: 8,006 buffers, 11.1 ms; after:
      158 buffers, 0.1 ms each.
    lead, country DE, by valuation: 17,127 lookups, 78.1 ms; after 2.3 ms.
    An order without its index costs more than before: lowest valuation first, with
    leadround_sort_valuation_asc dropped, joined all 17,127 copies to their rounds, then
    sorted (118 ms); with it, 0.25 ms. Hence one index per order, 82-83 MB each at a million
    rounds (the copies' table 87 MB).
  The counts of those filters (DealFilter.capped_count) scan the lead's copies in any of these
  indexes, index-only: series A in progress 51,451 buffers before, 202 after; amount >= $10M
  since 2020 (capped at 1,001) 16,799 buffers, 24.0 ms, before, 153 buffers, 1.6 ms, after.

The unique (round, investor): the triggers find a round's copies by it when the round
changes, and a round is checked against one lead by it when the rounds are walked in another
order, as a saved search's feed does (newest added first):
    Index Scan using round_created (rows=2303), Index Only Scan using leadround_unique
    (loops=2303)  Execution Time: 6.6 ms (7.8 ms before, with investment_lead_round)

Copying took 25 s at a million rounds, indexes included; VACUUM (ANALYZE) after it, so that
the scans are index-only.
"""

import datetime
from decimal import Decimal

import django.db.models.deletion
import django.db.models.functions.comparison
from django.db import migrations, models

INCLUDED = (
    "round_type",
    "status",
    "announced_on",
    "amount_usd",
    "valuation_usd",
    "company",
)
# The round's columns that a copy holds, and the SQL that names them:
COPIED = [
    "round_type",
    "status",
    "announced_on",
    "amount_usd",
    "valuation_usd",
    "company_id",
]
_COPIED = ", ".join(COPIED)
_COLUMNS = f"investment_id, investor_id, round_id, {_COPIED}"
_ROUND = ", ".join(f"r.{column}" for column in COPIED)
_NEW_ROUND = ", ".join(f"NEW.{column}" for column in COPIED)
_OLD_ROUND = ", ".join(f"OLD.{column}" for column in COPIED)
_SET_FROM_ROUND = ", ".join(f"{column} = NEW.{column}" for column in COPIED)

# PostgreSQL: one function per table that writes the copies; an investment's copy is made
# again whenever its round, investor or lead mark changes (Django's save() names every column,
# so the triggers compare the values).
POSTGRESQL = f"""
CREATE FUNCTION rounds_leadround_of_investment() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP <> 'INSERT' THEN
        DELETE FROM rounds_leadround WHERE investment_id = OLD.id;
    END IF;
    IF TG_OP <> 'DELETE' AND NEW.is_lead THEN
        -- FOR SHARE: a change of the round by a transaction not yet committed is waited for
        -- and copied, and the round changes after this commits, so that its trigger sees
        -- this copy.
        INSERT INTO rounds_leadround ({_COLUMNS})
        SELECT NEW.id, NEW.investor_id, r.id, {_ROUND}
        FROM rounds_fundinground r WHERE r.id = NEW.round_id FOR SHARE;
    END IF;
    RETURN NULL;
END $$;

CREATE TRIGGER rounds_leadround_investment_added AFTER INSERT ON rounds_investment
FOR EACH ROW EXECUTE FUNCTION rounds_leadround_of_investment();

CREATE TRIGGER rounds_leadround_investment_changed
AFTER UPDATE OF id, round_id, investor_id, is_lead ON rounds_investment
FOR EACH ROW WHEN (
    (OLD.id, OLD.round_id, OLD.investor_id, OLD.is_lead)
    IS DISTINCT FROM (NEW.id, NEW.round_id, NEW.investor_id, NEW.is_lead)
) EXECUTE FUNCTION rounds_leadround_of_investment();

CREATE TRIGGER rounds_leadround_investment_deleted AFTER DELETE ON rounds_investment
FOR EACH ROW EXECUTE FUNCTION rounds_leadround_of_investment();

CREATE FUNCTION rounds_leadround_of_round() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'INSERT' THEN
        -- Lead investments written before their round (the foreign keys are deferred):
        INSERT INTO rounds_leadround ({_COLUMNS})
        SELECT i.id, i.investor_id, NEW.id, {_NEW_ROUND}
        FROM rounds_investment i WHERE i.round_id = NEW.id AND i.is_lead;
    ELSE
        UPDATE rounds_leadround SET {_SET_FROM_ROUND} WHERE round_id = NEW.id;
    END IF;
    RETURN NULL;
END $$;

CREATE TRIGGER rounds_leadround_round_added AFTER INSERT ON rounds_fundinground
FOR EACH ROW EXECUTE FUNCTION rounds_leadround_of_round();

CREATE TRIGGER rounds_leadround_round_changed
AFTER UPDATE OF {_COPIED} ON rounds_fundinground
FOR EACH ROW WHEN (({_OLD_ROUND}) IS DISTINCT FROM ({_NEW_ROUND})) EXECUTE FUNCTION rounds_leadround_of_round();
"""
POSTGRESQL_REVERSE = """
DROP TRIGGER rounds_leadround_investment_added ON rounds_investment;
DROP TRIGGER rounds_leadround_investment_changed ON rounds_investment;
DROP TRIGGER rounds_leadround_investment_deleted ON rounds_investment;
DROP TRIGGER rounds_leadround_round_added ON rounds_fundinground;
DROP TRIGGER rounds_leadround_round_changed ON rounds_fundinground;
DROP FUNCTION rounds_leadround_of_investment();
DROP FUNCTION rounds_leadround_of_round();
"""

# SQLite (`make run`, the tests): the same, one trigger per event. SQLite drops a table's
# triggers when a migration rebuilds it (Django does for most changes of a column): a later
# migration that alters rounds_investment or rounds_fundinground there must create these again
# (tests/rounds/test_lead_rounds.py fails until it does).
_INVESTMENT_COPY = f"""
    INSERT INTO rounds_leadround ({_COLUMNS})
    SELECT NEW.id, NEW.investor_id, r.id, {_ROUND}
    FROM rounds_fundinground r WHERE r.id = NEW.round_id AND NEW.is_lead;
"""
SQLITE = [
    f"""
    CREATE TRIGGER rounds_leadround_investment_added AFTER INSERT ON rounds_investment
    BEGIN {_INVESTMENT_COPY} END
    """,
    f"""
    CREATE TRIGGER rounds_leadround_investment_changed
    AFTER UPDATE OF id, round_id, investor_id, is_lead ON rounds_investment
    WHEN OLD.id IS NOT NEW.id OR OLD.round_id IS NOT NEW.round_id
        OR OLD.investor_id IS NOT NEW.investor_id OR OLD.is_lead IS NOT NEW.is_lead
    BEGIN
        DELETE FROM rounds_leadround WHERE investment_id = OLD.id;
        {_INVESTMENT_COPY}
    END
    """,
    """
    CREATE TRIGGER rounds_leadround_investment_deleted AFTER DELETE ON rounds_investment
    BEGIN DELETE FROM rounds_leadround WHERE investment_id = OLD.id; END
    """,
    f"""
    CREATE TRIGGER rounds_leadround_round_added AFTER INSERT ON rounds_fundinground
    BEGIN
        INSERT INTO rounds_leadround ({_COLUMNS})
        SELECT i.id, i.investor_id, NEW.id, {_NEW_ROUND}
        FROM rounds_investment i WHERE i.round_id = NEW.id AND i.is_lead;
    END
    """,
    f"""
    CREATE TRIGGER rounds_leadround_round_changed
    AFTER UPDATE OF {_COPIED} ON rounds_fundinground
    WHEN {" OR ".join(f"OLD.{column} IS NOT NEW.{column}" for column in COPIED)}
    BEGIN UPDATE rounds_leadround SET {_SET_FROM_ROUND} WHERE round_id = NEW.id; END
    """,
]
SQLITE_REVERSE = [
    f"DROP TRIGGER {name}"
    for name in (
        "rounds_leadround_investment_added",
        "rounds_leadround_investment_changed",
        "rounds_leadround_investment_deleted",
        "rounds_leadround_round_added",
        "rounds_leadround_round_changed",
    )
]
# The copies of the lead investments already stored:
FILL = f"""
INSERT INTO rounds_leadround ({_COLUMNS})
SELECT i.id, i.investor_id, r.id, {_ROUND}
FROM rounds_investment i JOIN rounds_fundinground r ON r.id = i.round_id
WHERE i.is_lead
"""


def copy_leads(apps, schema_editor):
    """The copies of the lead investments already stored; on PostgreSQL the triggers first, in
    the same transaction, which holds off writers until it commits."""
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(POSTGRESQL)
        schema_editor.execute(FILL)
        schema_editor.execute("ANALYZE rounds_leadround")
    else:
        schema_editor.execute(FILL)


def drop_postgresql_triggers(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(POSTGRESQL_REVERSE)


def create_sqlite_triggers(apps, schema_editor):
    if schema_editor.connection.vendor == "sqlite":
        for statement in SQLITE:
            schema_editor.execute(statement)


def drop_sqlite_triggers(apps, schema_editor):
    if schema_editor.connection.vendor == "sqlite":
        for statement in SQLITE_REVERSE:
            schema_editor.execute(statement)


class Migration(migrations.Migration):
    dependencies = [
        ("rounds", "0021_analysts_notes"),
    ]

    operations = [
        migrations.CreateModel(
            name="LeadRound",
            fields=[
                (
                    "investment",
                    models.OneToOneField(
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        primary_key=True,
                        related_name="lead_round",
                        serialize=False,
                        to="rounds.investment",
                    ),
                ),
                (
                    "round_type",
                    models.CharField(
                        choices=[
                            ("pre_seed", "Pre-seed"),
                            ("seed", "Seed"),
                            ("series_a", "Series A"),
                            ("series_b", "Series B"),
                            ("series_c", "Series C"),
                            ("series_d", "Series D"),
                            ("series_e", "Series E"),
                            ("series_f_plus", "Series F+"),
                            ("growth", "Growth"),
                            ("strategic", "Strategic"),
                            ("debt", "Debt"),
                            ("convertible", "Convertible"),
                            ("grant", "Grant"),
                            ("unknown", "Unknown"),
                        ],
                        max_length=20,
                    ),
                ),
                (
                    "status",
                    models.CharField(
                        choices=[
                            ("in_progress", "In progress"),
                            ("announced", "Announced"),
                        ],
                        max_length=20,
                    ),
                ),
                ("announced_on", models.DateField(null=True)),
                (
                    "amount_usd",
                    models.DecimalField(decimal_places=2, max_digits=20, null=True),
                ),
                (
                    "valuation_usd",
                    models.DecimalField(decimal_places=2, max_digits=20, null=True),
                ),
                (
                    "company",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        db_index=False,
                        related_name="+",
                        to="rounds.company",
                    ),
                ),
                (
                    "investor",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        db_index=False,
                        related_name="+",
                        to="rounds.investor",
                    ),
                ),
                (
                    "round",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        db_index=False,
                        related_name="lead_rounds",
                        to="rounds.fundinground",
                    ),
                ),
            ],
        ),
        # The copies, then their indexes, each built once over them (maintained row by row
        # during the copying, PostgreSQL's were a third larger):
        migrations.RunPython(copy_leads, drop_postgresql_triggers),
        migrations.AddConstraint(
            model_name="leadround",
            constraint=models.UniqueConstraint(
                fields=("round", "investor"), name="leadround_unique"
            ),
        ),
        migrations.AddIndex(
            model_name="leadround",
            index=models.Index(
                models.F("investor"),
                models.OrderBy(
                    django.db.models.functions.comparison.Coalesce(
                        models.F("announced_on"),
                        models.Value(datetime.date(1, 1, 1)),
                        output_field=models.DateField(),
                    ),
                    descending=True,
                ),
                models.OrderBy(models.F("round"), descending=True),
                include=INCLUDED,
                name="leadround_sort_date_desc",
            ),
        ),
        migrations.AddIndex(
            model_name="leadround",
            index=models.Index(
                models.F("investor"),
                models.OrderBy(
                    django.db.models.functions.comparison.Coalesce(
                        models.F("announced_on"),
                        models.Value(datetime.date(9999, 12, 31)),
                        output_field=models.DateField(),
                    )
                ),
                models.OrderBy(models.F("round")),
                include=INCLUDED,
                name="leadround_sort_date_asc",
            ),
        ),
        migrations.AddIndex(
            model_name="leadround",
            index=models.Index(
                models.F("investor"),
                models.OrderBy(
                    django.db.models.functions.comparison.Coalesce(
                        models.F("valuation_usd"),
                        models.Value(Decimal("-1")),
                        output_field=models.DecimalField(),
                    ),
                    descending=True,
                ),
                models.OrderBy(models.F("round"), descending=True),
                include=INCLUDED,
                name="leadround_sort_valuation_desc",
            ),
        ),
        migrations.AddIndex(
            model_name="leadround",
            index=models.Index(
                models.F("investor"),
                models.OrderBy(
                    django.db.models.functions.comparison.Coalesce(
                        models.F("valuation_usd"),
                        models.Value(Decimal("1E+20")),
                        output_field=models.DecimalField(),
                    )
                ),
                models.OrderBy(models.F("round")),
                include=INCLUDED,
                name="leadround_sort_valuation_asc",
            ),
        ),
        migrations.AddIndex(
            model_name="leadround",
            index=models.Index(
                models.F("investor"),
                models.OrderBy(
                    django.db.models.functions.comparison.Coalesce(
                        models.F("amount_usd"),
                        models.Value(Decimal("-1")),
                        output_field=models.DecimalField(),
                    ),
                    descending=True,
                ),
                models.OrderBy(models.F("round"), descending=True),
                include=INCLUDED,
                name="leadround_sort_amount_desc",
            ),
        ),
        migrations.AddIndex(
            model_name="leadround",
            index=models.Index(
                models.F("investor"),
                models.OrderBy(
                    django.db.models.functions.comparison.Coalesce(
                        models.F("amount_usd"),
                        models.Value(Decimal("1E+20")),
                        output_field=models.DecimalField(),
                    )
                ),
                models.OrderBy(models.F("round")),
                include=INCLUDED,
                name="leadround_sort_amount_asc",
            ),
        ),
        # SQLite's triggers last: it rebuilt the table for the constraint, which a trigger
        # naming the table would have stopped.
        migrations.RunPython(create_sqlite_triggers, drop_sqlite_triggers),
    ]
