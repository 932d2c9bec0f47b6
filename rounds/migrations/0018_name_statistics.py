"""A finer histogram of company and investor names, for the planner's guess at a name search.

PostgreSQL guesses how many names contain "robotics" from the histogram's bounds alone: with
the default 101 bounds, none contained it after one ANALYZE of the million-round dataset, so it
guessed 20 companies (the floor) for 4,884, looked every round of those companies up and sorted
24,089 of them (26 ms); another ANALYZE guessed 6,061 and walked the date index instead, stopping
at the first page (11 ms). With 1,001 bounds a word of a few per cent of the names is always
among them, so the guess no longer depends on the sample's luck.
"""

from django.db import migrations

TABLES = ["rounds_company", "rounds_investor"]


def set_statistics(target):
    def run(apps, schema_editor):
        if schema_editor.connection.vendor == "postgresql":
            for table in TABLES:
                schema_editor.execute(
                    f"ALTER TABLE {table} ALTER COLUMN name_normalized SET STATISTICS {target}"
                )
                schema_editor.execute(f"ANALYZE {table} (name_normalized)")

    return run


class Migration(migrations.Migration):
    dependencies = [("rounds", "0017_lead_summaries")]

    operations = [migrations.RunPython(set_statistics(1000), set_statistics(-1))]
