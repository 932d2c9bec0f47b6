"""The leads' copies of their rounds (LeadRound) follow every write, whoever makes it: the
database's triggers (migration 0022) keep them, on SQLite as on PostgreSQL."""

from __future__ import annotations

import datetime as dt
import threading
import time
from decimal import Decimal

import pytest
from django.db import connection, transaction
from django.urls import reverse

from rounds.ingestion import pipeline
from rounds.models import FundingRound, Investment, LeadRound
from rounds.review import corrections, decisions, merging
from tests.factories import (
    CompanyFactory,
    FundingRoundFactory,
    InvestmentFactory,
    InvestorFactory,
)
from tests.security.test_history import _round_form

pytestmark = pytest.mark.django_db

STORY = (
    "Lumora Health, a Berlin clinical-software startup, has raised $25 million in a Series A "
    "round led by Brightwater Capital, with participation from Tidewell Ventures."
)
COPIED = [
    "round_type",
    "status",
    "announced_on",
    "amount_usd",
    "valuation_usd",
    "company",
]


def copies() -> list[tuple]:
    return sorted(
        LeadRound.objects.values_list("investment", "investor", "round", *COPIED)
    )


def from_the_rounds() -> list[tuple]:
    """What the copies hold if they are in step: every lead investment with its round's."""
    return sorted(
        Investment.objects.filter(is_lead=True).values_list(
            "pk", "investor", "round", *(f"round__{column}" for column in COPIED)
        )
    )


def in_step() -> bool:
    return copies() == from_the_rounds()


def proposal_for(text: str):
    article, _ = pipeline.store_text(text, published_on=dt.date(2024, 3, 5))
    pipeline.process_article(article)
    return article.proposals.get()


def test_a_lead_investment_has_a_copy_of_its_round_and_a_participation_none():
    round = FundingRoundFactory(
        round_type="seed",
        status="in_progress",
        announced_on=None,
        amount=Decimal(5),
        valuation=Decimal(40),
        valuation_currency="USD",
    )
    lead = InvestmentFactory(round=round, is_lead=True)
    InvestmentFactory(round=round, is_lead=False)

    assert copies() == [
        (
            lead.pk,
            lead.investor_id,
            round.pk,
            "seed",
            "in_progress",
            None,
            Decimal("5.00"),
            Decimal("40.00"),
            round.company_id,
        )
    ]


def test_changing_a_round_changes_its_leads_copies():
    round = FundingRoundFactory()
    InvestmentFactory(round=round, is_lead=True)
    InvestmentFactory(round=round, is_lead=True)

    round.round_type, round.status = "series_b", "in_progress"
    round.announced_on, round.amount = dt.date(2020, 2, 29), Decimal("7500000")
    round.company = CompanyFactory()
    round.save()

    assert {row[3:] for row in copies()} == {
        (
            "series_b",
            "in_progress",
            dt.date(2020, 2, 29),
            Decimal("7500000.00"),
            None,
            round.company_id,
        )
    }
    assert in_step()


def test_a_bulk_update_of_rounds_and_of_investments_is_followed_too():
    rounds = [FundingRoundFactory() for _ in range(3)]
    for round in rounds:
        InvestmentFactory(round=round, is_lead=True)
        InvestmentFactory(round=round, is_lead=False)

    FundingRound.objects.update(valuation_usd=Decimal(900), status="in_progress")
    Investment.objects.filter(round=rounds[0]).update(is_lead=False)
    Investment.objects.filter(round=rounds[1], is_lead=False).update(is_lead=True)

    assert len(copies()) == 3
    assert in_step()


def test_an_investment_moved_to_another_round_or_investor_moves_its_copy():
    investment = InvestmentFactory(is_lead=True)
    other_round, other_investor = FundingRoundFactory(), InvestorFactory()

    investment.round, investment.investor = other_round, other_investor
    investment.save()

    assert [row[:3] for row in copies()] == [
        (investment.pk, other_investor.pk, other_round.pk)
    ]
    assert in_step()


def test_a_lead_becoming_a_participant_loses_its_copy_and_back():
    investment = InvestmentFactory(is_lead=True)

    investment.is_lead = False
    investment.save()
    without = copies()
    investment.is_lead = True
    investment.save()

    assert without == []
    assert in_step() and len(copies()) == 1


def test_deleting_an_investment_or_a_round_deletes_the_copies():
    kept = InvestmentFactory(is_lead=True)
    InvestmentFactory(is_lead=True).delete()
    round = FundingRoundFactory()
    InvestmentFactory(round=round, is_lead=True)

    round.delete()

    assert [row[0] for row in copies()] == [kept.pk]


def test_raw_sql_and_bulk_create_are_followed():
    round = FundingRoundFactory()
    investor = InvestorFactory()

    Investment.objects.bulk_create(
        [Investment(round=round, investor=investor, is_lead=True)]
    )
    with connection.cursor() as cursor:
        cursor.execute(
            f"UPDATE {FundingRound._meta.db_table} SET round_type = %s WHERE id = %s",
            ["grant", round.pk],
        )

    assert [row[3] for row in copies()] == ["grant"]
    assert in_step()


def test_approving_merging_and_undoing_keep_the_copies_in_step(editor):
    approved = decisions.approve_proposal(proposal_for(STORY), editor=editor)
    after_approval = (in_step(), len(copies()))
    round = FundingRoundFactory(
        company=CompanyFactory(name="Quillmoss"), round_type="unknown", amount=None
    )
    InvestmentFactory(round=round, investor__name="Harbourlight Ventures")
    proposal = proposal_for(
        "Quillmoss, a Lisbon language-learning startup, has raised $12 million in a "
        "Series A round led by Harbourlight Ventures."
    )

    decisions.merge_proposal(proposal, round, editor=editor)
    after_merge = (in_step(), [row[2:5] for row in copies() if row[2] == round.pk])
    proposal.refresh_from_db()
    decisions.undo_decision(proposal, editor=editor)

    assert after_approval == (True, 1)
    assert after_merge == (True, [(round.pk, "series_a", "announced")])
    assert in_step()
    assert [row[2] for row in copies()] == [approved.pk]


def test_undoing_an_approval_removes_its_copies(editor):
    proposal = proposal_for(STORY)
    decisions.approve_proposal(proposal, editor=editor)
    proposal.refresh_from_db()

    decisions.undo_decision(proposal, editor=editor)

    assert copies() == []


def test_a_correction_and_its_undo_are_followed(editor, analyst):
    round = FundingRoundFactory(amount=Decimal("250000000"), currency="EUR")
    InvestmentFactory(round=round, is_lead=True)
    changes = corrections.read_value("amount", "€25M", round)
    proposal, _ = corrections.suggest_correction(
        round,
        analyst=analyst,
        field="amount",
        value="€25M",
        changes=changes,
        note="The article says €25 million.",
        url="https://news.example/correction",
    )

    decisions.apply_correction(proposal, editor=editor)
    corrected = (in_step(), copies()[0][6])
    decisions.undo_decision(proposal, editor=editor)

    assert corrected[0] and corrected[1] < Decimal("100000000")
    assert in_step() and copies()[0][6] > Decimal("100000000")


def test_merging_investors_and_companies_moves_the_copies(editor):
    keep, duplicate = InvestorFactory(name="红杉中国"), InvestorFactory(name="HongShan")
    kept_company, duplicate_company = CompanyFactory(), CompanyFactory()
    InvestmentFactory(
        investor=duplicate, round__company=duplicate_company, is_lead=True
    )
    shared = FundingRoundFactory(company=duplicate_company)
    InvestmentFactory(round=shared, investor=keep)
    InvestmentFactory(round=shared, investor=duplicate, is_lead=True)

    merging.merge_investors(keep, [duplicate], user=editor)
    merging.merge_companies(kept_company, [duplicate_company], user=editor)

    assert {(row[1], row[8]) for row in copies()} == {(keep.pk, kept_company.pk)}
    assert in_step()


def test_an_admin_change_of_a_round_and_its_investors_is_followed(client, staff):
    client.force_login(staff)
    round = FundingRoundFactory()
    investor = InvestorFactory()

    response = client.post(
        reverse("admin:rounds_fundinground_change", args=[round.pk]),
        _round_form(
            round,
            round_type="series_c",
            **{"investments-0-investor": investor.pk, "investments-0-is_lead": "on"},
        ),
    )

    assert response.status_code == 302
    assert [row[1:4] for row in copies()] == [(investor.pk, round.pk, "series_c")]
    assert in_step()


def _while(first, then) -> None:
    """Run `first` in a transaction that stays open until `then`, in another connection, has
    started and had half a second to wait for it."""
    started, begun = threading.Event(), threading.Event()

    def hold() -> None:
        try:
            with transaction.atomic():
                first()
                begun.set()
                started.wait(timeout=10)
                time.sleep(0.5)
        finally:
            connection.close()

    def follow() -> None:
        try:
            begun.wait(timeout=10)
            started.set()
            then()
        finally:
            connection.close()

    threads = [threading.Thread(target=hold), threading.Thread(target=follow)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("lead_first", [False, True])
def test_a_lead_added_while_its_round_changes_has_the_change(on_postgresql, lead_first):
    round = FundingRoundFactory(round_type="seed")
    investor = InvestorFactory()

    def change() -> None:
        FundingRound.objects.filter(pk=round.pk).update(round_type="series_b")

    def add() -> None:
        Investment.objects.create(round=round, investor=investor, is_lead=True)

    _while(add, change) if lead_first else _while(change, add)

    assert [row[3] for row in copies()] == ["series_b"]
    assert in_step()
