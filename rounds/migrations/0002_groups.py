"""The Analysts and Editors groups and their permissions."""

from django.contrib.auth.management import create_permissions
from django.db import migrations

READ_MODELS = [
    "company", "companyalias", "investor", "investoralias", "fundinground", "investment",
    "roundsource", "article", "feed", "roundproposal",
]  # fmt: skip
# Editors review and ingest: they fix names, rounds and sources, and add articles and feeds.
EDITOR_CHANGES = [
    "add_company", "change_company", "add_companyalias", "change_companyalias",
    "delete_companyalias", "add_investor", "change_investor", "add_investoralias",
    "change_investoralias", "delete_investoralias", "add_fundinground", "change_fundinground",
    "add_investment", "change_investment", "delete_investment", "add_roundsource",
    "change_roundsource", "add_article", "change_article", "add_feed", "change_feed",
    "change_roundproposal", "review_roundproposal",
]  # fmt: skip


def create_groups(apps, schema_editor):
    # Permissions are normally created after all migrations; the groups need them now.
    rounds_config = apps.get_app_config("rounds")
    rounds_config.models_module = True
    create_permissions(rounds_config, apps=apps, verbosity=0)

    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    read = [f"view_{model}" for model in READ_MODELS]
    by_codename = {
        p.codename: p
        for p in Permission.objects.filter(content_type__app_label="rounds")
    }
    analysts, _ = Group.objects.get_or_create(name="Analysts")
    analysts.permissions.set([by_codename[c] for c in read])
    editors, _ = Group.objects.get_or_create(name="Editors")
    editors.permissions.set([by_codename[c] for c in read + EDITOR_CHANGES])


def remove_groups(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(
        name__in=["Analysts", "Editors"]
    ).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("rounds", "0001_initial"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(create_groups, remove_groups)]
