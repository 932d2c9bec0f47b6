"""Undoing a decision: the proposal waits again, and what the decision wrote is reverted."""

from __future__ import annotations

import dataclasses
import datetime as dt
import threading
from decimal import Decimal

import pytest
from django.db import connection

from rounds.enums import ProposalStatus
from rounds.models import (
    Article,
    Company,
    CompanyAlias,
    FundingRound,
    Investment,
    Investor,
    InvestorAlias,
    RoundProposal,
    RoundSource,
)
from rounds.review import decisions
from tests.factories import (
    CompanyFactory,
    FundingRoundFactory,
    InvestmentFactory,
    InvestorFactory,
    UserFactory,
)
from tests.rounds.review.test_decisions import SEED_STORY, STORY, proposals_for

LATER = (
    "Lumora Health's Series A of $25 million, led by Brightwater Capital with Tidewell "
    "Ventures and Quarry Lane Partners, values the Berlin startup at $120 million."
)


def rows() -> dict[str, set[tuple]]:
    """Every row a decision may write, without the timestamps that saving touches."""
    return {
        "rounds": set(
            FundingRound.objects.values_list(
                "pk", "company", "round_type", "status", "amount", "currency",
                "valuation", "valuation_currency", "announced_on",
            )
        ),
        "investments": set(
            Investment.objects.values_list("pk", "round", "investor", "is_lead")
        ),
        "sources": set(RoundSource.objects.values_list("pk", "round", "article")),
        "companies": set(Company.objects.values_list("pk", "name")),
        "investors": set(Investor.objects.values_list("pk", "name")),
        "company aliases": set(CompanyAlias.objects.values_list("pk", "name")),
        "investor aliases": set(InvestorAlias.objects.values_list("pk", "name")),
    }  # fmt: skip


def minimax() -> RoundProposal:
    return next(
        p for p in proposals_for(SEED_STORY) if p.candidate["company"] == "MiniMax"
    )


@pytest.mark.django_db
def test_undoing_an_approval_leaves_the_database_as_it_was(editor):
    proposal = minimax()
    before = rows()
    draft = proposal.draft()
    hongshan = dataclasses.replace(draft.investors[1], record_former_name=True)
    decisions.approve_proposal(
        proposal,
        editor=editor,
        draft=dataclasses.replace(draft, investors=(draft.investors[0], hongshan)),
    )
    assert InvestorAlias.objects.filter(name="Sequoia China").exists()

    decisions.undo_decision(proposal, editor=editor)

    assert rows() == before
    proposal.refresh_from_db()
    assert (
        proposal.status,
        proposal.round,
        proposal.reviewed_by,
        proposal.revision,
    ) == (
        ProposalStatus.PENDING,
        None,
        None,
        2,
    )


@pytest.mark.django_db
def test_undoing_an_approval_keeps_the_companies_and_investors_stored_before(editor):
    CompanyFactory(name="Lumora Health")
    InvestorFactory(name="Brightwater Capital")
    [proposal] = proposals_for(STORY)
    before = rows()
    decisions.approve_proposal(proposal, editor=editor)

    decisions.undo_decision(proposal, editor=editor)

    assert rows() == before


@pytest.mark.django_db
def test_undo_records_who_undid_what_in_the_history(editor):
    [proposal] = proposals_for(STORY)
    round = decisions.approve_proposal(proposal, editor=editor)

    decisions.undo_decision(proposal, editor=editor)

    deleted = FundingRound.history.filter(id=round.pk).latest()
    assert (
        deleted.history_type,
        deleted.history_user,
        deleted.history_change_reason,
    ) == (
        "-",
        editor,
        f"Undid decision 1 of proposal {proposal.pk}",
    )


@pytest.mark.django_db
def test_undoing_a_merge_puts_the_round_back_as_it_was(editor):
    brightwater = InvestorFactory(name="Brightwater Capital")
    round = FundingRoundFactory(
        company=CompanyFactory(name="Lumora Health"),
        amount=Decimal("25000000"),
        announced_on=dt.date(2024, 3, 1),
    )
    InvestmentFactory(round=round, investor=brightwater, is_lead=False)
    [proposal] = proposals_for(STORY)
    before = rows()
    decisions.merge_proposal(proposal, round, editor=editor)
    assert Investment.objects.get(investor=brightwater).is_lead
    assert round.round_sources.count() == 1

    decisions.undo_decision(proposal, editor=editor)

    assert rows() == before
    assert not Investment.objects.get(investor=brightwater).is_lead


@pytest.mark.django_db
def test_undoing_a_merge_keeps_what_others_changed_since(editor, staff):
    round = FundingRoundFactory(
        company=CompanyFactory(name="Lumora Health"),
        round_type="unknown",
        amount=Decimal("25000000"),
        announced_on=dt.date(2024, 3, 1),
    )
    [proposal] = proposals_for(STORY)
    decisions.merge_proposal(proposal, round, editor=editor)
    round.refresh_from_db()
    assert (round.round_type, round.status) == ("series_a", "announced")
    round.status = "in_progress"
    round._history_user = staff
    round.save()

    decisions.undo_decision(proposal, editor=editor)

    round.refresh_from_db()
    assert (round.round_type, round.status) == ("unknown", "in_progress")


@pytest.mark.django_db
def test_undoing_a_rejection_puts_the_proposal_back_in_the_queue(editor):
    [proposal] = proposals_for(STORY)
    decisions.reject_proposal(proposal, editor=editor, reason="not news")

    decisions.undo_decision(proposal, editor=editor)

    proposal.refresh_from_db()
    assert (proposal.status, proposal.note) == (ProposalStatus.PENDING, "")
    assert list(RoundProposal.objects.pending()) == [proposal]


@pytest.mark.django_db
def test_an_undone_proposal_can_be_decided_and_undone_again(editor):
    [proposal] = proposals_for(STORY)
    before = rows()
    decisions.approve_proposal(proposal, editor=editor)
    decisions.undo_decision(proposal, editor=editor)

    round = decisions.approve_proposal(proposal, editor=editor)
    assert round.company.name == "Lumora Health"
    decisions.undo_decision(proposal, editor=editor)

    assert rows() == before
    assert proposal.revision == 4


@pytest.mark.django_db
def test_undo_is_refused_when_another_decision_changed_the_round_since(editor):
    [first] = proposals_for(STORY)
    round = decisions.approve_proposal(first, editor=editor)
    [later] = proposals_for(LATER, dt.date(2024, 3, 12))
    decisions.merge_proposal(later, round, editor=editor)
    after = rows()

    with pytest.raises(decisions.UndoRefused, match="was changed after this decision"):
        decisions.undo_decision(first, editor=editor)

    assert rows() == after
    first.refresh_from_db()
    assert first.status == ProposalStatus.APPROVED


@pytest.mark.django_db
def test_a_company_used_by_a_round_since_stays_when_its_first_round_is_undone(editor):
    [proposal] = proposals_for(STORY)
    round = decisions.approve_proposal(proposal, editor=editor)
    other = FundingRoundFactory(company=round.company, round_type="seed")

    decisions.undo_decision(proposal, editor=editor)

    assert list(FundingRound.objects.all()) == [other]
    assert list(Company.objects.values_list("name", flat=True)) == ["Lumora Health"]
    assert CompanyAlias.objects.get().name == "Lumora Health"


@pytest.mark.django_db
def test_a_decision_on_a_page_made_stale_by_an_undo_is_refused(editor):
    [proposal] = proposals_for(STORY)
    seen = proposal.revision
    decisions.reject_proposal(proposal, editor=editor, reason="not news")
    decisions.undo_decision(proposal, editor=editor)

    with pytest.raises(decisions.ProposalAlreadyDecided):
        decisions.approve_proposal(
            RoundProposal.objects.get(pk=proposal.pk), editor=editor, seen_revision=seen
        )

    assert FundingRound.objects.count() == 0


@pytest.mark.django_db
def test_a_pending_proposal_has_nothing_to_undo(editor):
    [proposal] = proposals_for(STORY)

    with pytest.raises(decisions.ProposalAlreadyDecided):
        decisions.undo_decision(proposal, editor=editor)


def at_once(*actions) -> list[str]:
    """Run each action in its own thread and database connection, all starting together."""
    barrier = threading.Barrier(len(actions))
    outcomes = []

    def run(action) -> None:
        try:
            barrier.wait(timeout=10)
            outcomes.append(action())
        except decisions.ProposalAlreadyDecided:
            outcomes.append("refused: changed meanwhile")
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(action,)) for action in actions]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return sorted(outcomes)


@pytest.mark.django_db(transaction=True)
def test_an_undo_racing_a_second_editors_approval_lets_one_win(
    on_postgresql, editor, groups
):
    other = UserFactory(group="Editors")
    for _ in range(5):
        [proposal] = proposals_for(STORY)
        # The second editor opened the page while it was pending, then the first approved;
        # the second's approval runs through to its claim, as if it had read the proposal
        # just before the first's:
        stale = RoundProposal.objects.get(pk=proposal.pk)
        decisions.approve_proposal(proposal, editor=editor)
        approved = RoundProposal.objects.get(pk=proposal.pk)

        def undo(proposal=approved) -> str:
            decisions.undo_decision(proposal, editor=editor)
            return "undone"

        def approve(stale=stale) -> str:
            decisions.approve_proposal(stale, editor=other, seen_revision=0)
            return "approved"

        assert at_once(undo, approve) == ["refused: changed meanwhile", "undone"]
        assert RoundProposal.objects.get(pk=proposal.pk).status == "pending"
        # No orphans: the approval's rows went with the undo, the loser's rolled back.
        assert (
            FundingRound.objects.count(),
            Investment.objects.count(),
            RoundSource.objects.count(),
            Company.objects.count(),
            Investor.objects.count(),
            CompanyAlias.objects.count(),
            InvestorAlias.objects.count(),
        ) == (0, 0, 0, 0, 0, 0, 0)
        Article.objects.all().delete()


@pytest.mark.django_db(transaction=True)
def test_two_editors_undoing_at_once_undo_once(on_postgresql, editor):
    [proposal] = proposals_for(STORY)
    decisions.approve_proposal(proposal, editor=editor)

    def undo() -> str:
        decisions.undo_decision(
            RoundProposal.objects.get(pk=proposal.pk), editor=editor
        )
        return "undone"

    assert at_once(undo, undo) == ["refused: changed meanwhile", "undone"]
    assert FundingRound.objects.count() == 0
    assert RoundProposal.objects.get(pk=proposal.pk).revision == 2


@pytest.mark.django_db(transaction=True)
def test_an_undo_racing_a_merge_into_the_same_round_leaves_no_orphans(
    on_postgresql, editor
):
    [first] = proposals_for(STORY)
    round = decisions.approve_proposal(first, editor=editor)
    [later] = proposals_for(LATER, dt.date(2024, 3, 12))
    first = RoundProposal.objects.get(pk=first.pk)

    def undo() -> str:
        try:
            decisions.undo_decision(first, editor=editor)
        except decisions.UndoRefused:
            return "undo refused"
        return "undone"

    def merge() -> str:
        try:
            decisions.merge_proposal(later, round, editor=editor)
        except decisions.ChosenRecordGone:
            return "merge refused"
        return "merged"

    outcome = at_once(undo, merge)

    assert outcome in (["merge refused", "undone"], ["merged", "undo refused"])
    sources = set(RoundSource.objects.values_list("round", "article"))
    if outcome == ["merged", "undo refused"]:
        assert sources == {(round.pk, first.article_id), (round.pk, later.article_id)}
    else:
        assert (sources, FundingRound.objects.count()) == (set(), 0)
        assert Investment.objects.count() == 0
