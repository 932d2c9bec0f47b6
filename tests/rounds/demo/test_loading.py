from __future__ import annotations

import pytest
from django.core.management import call_command
from django.test import override_settings

from rounds.demo.loading import ingest_demo_articles, load_demo_data
from rounds.enums import ProposalStatus
from rounds.models import Article, Company, FundingRound, Investor, RoundProposal

pytestmark = pytest.mark.django_db


def test_demo_data_is_large_enough_to_explore():
    created = load_demo_data()

    assert (
        created["rounds"] >= 40
        and created["companies"] >= 25
        and created["investors"] >= 30
    )
    assert (
        FundingRound.objects.count(),
        Company.objects.count(),
        Investor.objects.count(),
    ) == (
        created["rounds"],
        created["companies"],
        created["investors"],
    )


def test_demo_data_loads_once():
    load_demo_data()

    assert load_demo_data() == {"companies": 0, "investors": 0, "rounds": 0}


def test_demo_data_covers_currencies_with_and_without_ecb_rates():
    load_demo_data()

    assert FundingRound.objects.filter(
        currency="EUR", amount_usd__isnull=False
    ).exists()
    assert FundingRound.objects.filter(currency="NGN", amount_usd__isnull=True).exists()


def test_load_demo_refuses_without_debug():
    with pytest.raises(Exception, match="runs only with DEBUG on"):
        call_command("load_demo")


@override_settings(DEBUG=True)
def test_load_demo_creates_users_in_their_groups(capsys):
    call_command("load_demo")

    from django.contrib.auth.models import User

    users = {
        u.username: (u.is_superuser, [g.name for g in u.groups.all()])
        for u in User.objects.all()
    }
    assert users == {
        "admin": (True, []),
        "editor": (False, ["Editors"]),
        "analyst": (False, ["Analysts"]),
    }
    assert "password dealflow-editor" in capsys.readouterr().out


def test_demo_articles_go_through_ingestion_and_some_are_reviewed(editor):
    load_demo_data()

    done = ingest_demo_articles(editor=editor)

    articles = Article.objects.filter(source_name="Dealflow demo news")
    assert done["articles"] == articles.count() == 16
    assert done["approved"] >= 6 and done["waiting"] >= 4
    reviewed = RoundProposal.objects.exclude(status=ProposalStatus.PENDING)
    assert {p.reviewed_by for p in reviewed} == {editor}
    assert all(p.round is not None for p in reviewed)


def test_demo_articles_load_once(editor):
    load_demo_data()
    ingest_demo_articles(editor=editor)
    rounds = FundingRound.objects.count()

    again = ingest_demo_articles(editor=editor)

    assert (again["articles"], again["approved"], again["merged"]) == (0, 0, 0)
    assert FundingRound.objects.count() == rounds
