"""Indexes for the admin at a million rounds, and for the deals filter by country.

Trigram indexes (PostgreSQL only; SQLite scans, which is fine at its scale):
- the alias tables' normalized names, which hold every company's and investor's names and
  former names: the admin's searches and autocompletes look for `normalized LIKE '%words%'`
  (a round search joined four tables under DISTINCT instead: 16 s at a million rounds);
- the articles' titles and URLs, as Django's case-insensitive search writes them,
  `UPPER(title::text) LIKE UPPER('%words%')` (a scan of 250,000 articles: 1.7 s).
"""

from django.db import migrations, models

TRIGRAM_INDEXES = {
    "companyalias_normalized_trgm": "rounds_companyalias USING gin (normalized gin_trgm_ops)",
    "investoralias_normalized_trgm": "rounds_investoralias USING gin (normalized gin_trgm_ops)",
    "article_title_trgm": "rounds_article USING gin ((UPPER(title::text)) gin_trgm_ops)",
    "article_url_trgm": "rounds_article USING gin ((UPPER(url::text)) gin_trgm_ops)",
}


def create_trigram_indexes(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
        for name, target in TRIGRAM_INDEXES.items():
            schema_editor.execute(f"CREATE INDEX IF NOT EXISTS {name} ON {target}")


def drop_trigram_indexes(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        for name in TRIGRAM_INDEXES:
            schema_editor.execute(f"DROP INDEX IF EXISTS {name}")


class Migration(migrations.Migration):
    dependencies = [
        ("rounds", "0002_groups_and_name_search"),
    ]

    operations = [
        migrations.RunPython(create_trigram_indexes, drop_trigram_indexes),
        migrations.AddIndex(
            model_name="article",
            index=models.Index(fields=["-created_at"], name="article_created"),
        ),
        migrations.AddIndex(
            model_name="company",
            index=models.Index(fields=["name", "id"], name="company_name"),
        ),
        migrations.AddIndex(
            model_name="company",
            index=models.Index(fields=["country", "id"], name="company_country"),
        ),
        migrations.AddIndex(
            model_name="companyalias",
            index=models.Index(fields=["name"], name="companyalias_name"),
        ),
        migrations.AddIndex(
            model_name="investor",
            index=models.Index(fields=["name", "id"], name="investor_name"),
        ),
        migrations.AddIndex(
            model_name="investor",
            index=models.Index(fields=["country", "id"], name="investor_country"),
        ),
        migrations.AddIndex(
            model_name="investoralias",
            index=models.Index(fields=["name"], name="investoralias_name"),
        ),
    ]
