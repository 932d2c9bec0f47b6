from __future__ import annotations

import pytest
from django.contrib.auth.models import Group

pytestmark = pytest.mark.django_db


def test_analysts_only_read():
    codenames = set(
        Group.objects.get(name="Analysts").permissions.values_list(
            "codename", flat=True
        )
    )

    assert all(codename.startswith("view_") for codename in codenames)
    assert {
        "view_fundinground",
        "view_investor",
        "view_company",
        "view_article",
    } <= codenames


def test_editors_review_and_ingest_but_do_not_delete_rounds():
    codenames = set(
        Group.objects.get(name="Editors").permissions.values_list("codename", flat=True)
    )

    assert {
        "review_roundproposal",
        "add_article",
        "add_feed",
        "change_fundinground",
    } <= codenames
    assert {
        "delete_fundinground",
        "delete_company",
        "delete_investor",
    } & codenames == set()


def test_group_permissions_apply_to_members(analyst, editor):
    assert (
        analyst.has_perm("rounds.view_fundinground"),
        analyst.has_perm("rounds.review_roundproposal"),
    ) == (True, False)
    assert editor.has_perm("rounds.review_roundproposal")
