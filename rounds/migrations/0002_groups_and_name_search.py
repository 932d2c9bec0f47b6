"""The Analysts and Editors groups with their permissions, and the trigram index of company names."""

from django.db import migrations

from rounds.groups import sync_groups

# Text search on the deals page: `name_normalized LIKE '%words%'` needs a trigram index at a
# million rounds. PostgreSQL only; SQLite scans, which is fine at its scale.
TRIGRAM_INDEX = (
    "CREATE INDEX IF NOT EXISTS company_name_trgm ON rounds_company "
    "USING gin (name_normalized gin_trgm_ops)"
)


def create_groups(apps, schema_editor):
    sync_groups(apps)


def remove_groups(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(
        name__in=["Analysts", "Editors"]
    ).delete()


def create_trigram_index(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
        schema_editor.execute(TRIGRAM_INDEX)


def drop_trigram_index(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute("DROP INDEX IF EXISTS company_name_trgm")


class Migration(migrations.Migration):
    dependencies = [
        ("rounds", "0001_initial"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [
        migrations.RunPython(create_groups, remove_groups),
        migrations.RunPython(create_trigram_index, drop_trigram_index),
    ]
