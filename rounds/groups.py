"""The roles: Analysts read, Editors review and ingest (staff administer through Django admin)."""

from __future__ import annotations

from django.apps.registry import Apps
from django.contrib.auth.management import create_permissions

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


def sync_groups(apps: Apps) -> None:
    """Create or update the Analysts and Editors groups with exactly their permissions.

    `apps` is a migration's historical registry, or django.apps.apps (tests that empty the
    tables put the groups back this way).
    """
    rounds_config = apps.get_app_config("rounds")
    if getattr(rounds_config, "models_module", None) is None:
        # A migration's registry: create_permissions skips app configs without models.
        rounds_config.models_module = True
    create_permissions(rounds_config, apps=apps, verbosity=0)
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    by_codename = {
        p.codename: p
        for p in Permission.objects.filter(content_type__app_label="rounds")
    }
    read = [f"view_{model}" for model in READ_MODELS]
    for name, codenames in (("Analysts", read), ("Editors", read + EDITOR_CHANGES)):
        group, _ = Group.objects.get_or_create(name=name)
        group.permissions.set([by_codename[c] for c in codenames])
