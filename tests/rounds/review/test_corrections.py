"""Analysts' corrections: a proposal that corrects a stored round, applied by an editor."""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal

import pytest

from rounds.enums import ArticleStatus, ProposalStatus, SourceKind
from rounds.models import FundingRound, RoundProposal, RoundSource
from rounds.review import corrections, decisions
from tests.factories import (
    ArticleFactory,
    FundingRoundFactory,
    InvestmentFactory,
    RoundSourceFactory,
    UserFactory,
)
from tests.rounds.review.test_undo import at_once

pytestmark = pytest.mark.django_db


@pytest.fixture
def round():
    round = FundingRoundFactory(
        company__name="Tallowbrook Foods",
        company__country="NL",
        round_type="series_a",
        round_label="Series A extension",
        amount=Decimal("250000000"),
        currency="EUR",
        announced_on=dt.date(2024, 5, 2),
    )
    InvestmentFactory(round=round, investor__name="Kelpie Ventures", is_lead=True)
    InvestmentFactory(round=round, investor__name="Orchard Lane Capital")
    RoundSourceFactory(
        round=round,
        article=ArticleFactory(
            text="Tallowbrook Foods raised €25 million, led by Kelpie Ventures."
        ),
    )
    return round


def suggest(round, analyst, field="amount", value="€25M", **options):
    changes = corrections.read_value(field, value, round) if value else {}
    return corrections.suggest_correction(
        round,
        analyst=analyst,
        field=field,
        value=value,
        changes=changes,
        note=options.pop("note", "The article says €25 million, not 250."),
        **options,
    )


@pytest.mark.parametrize(
    ("field", "value", "changes"),
    [
        (
            "amount",
            "€25M",
            {
                "amount": Decimal("25000000"),
                "currency": "EUR",
                "amount_qualifier": "exact",
            },
        ),
        (
            "amount",
            "more than 30 million",
            {
                "amount": Decimal("30000000"),
                "currency": "EUR",
                "amount_qualifier": "more_than",
            },
        ),
        (
            "valuation",
            "$1.2bn",
            {
                "valuation": Decimal("1200000000"),
                "valuation_currency": "USD",
                "valuation_qualifier": "exact",
            },
        ),
        ("round_type", "series b", {"round_type": "series_b", "round_label": None}),
        ("round_type", "Pre-seed", {"round_type": "pre_seed", "round_label": None}),
        ("status", "in progress", {"status": "in_progress"}),
        ("date", "2024-06-11", {"date": dt.date(2024, 6, 11), "date_precision": "day"}),
        ("other", "the lead is wrong", {}),
    ],
)
def test_read_value_sets_the_fields_the_analyst_names(round, field, value, changes):
    assert corrections.read_value(field, value, round) == changes


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("amount", "a lot", "“a lot” is not an amount. Write it as in the news"),
        ("round_type", "Series Z", "Write one of: Pre-seed, Seed, Series A"),
        ("status", "maybe", "Write one of: In progress, Announced."),
        ("date", "June 2024", "Write the date as year-month-day: 2024-03-05."),
    ],
)
def test_read_value_says_what_to_write_instead(round, field, value, message):
    with pytest.raises(ValueError, match=re.escape(message)):
        corrections.read_value(field, value, round)


def test_a_correction_is_a_pending_proposal_of_the_round_with_the_value_in_place(
    round, analyst
):
    proposal, created = suggest(round, analyst)

    assert created
    assert (proposal.status, proposal.corrects, proposal.added_by) == (
        ProposalStatus.PENDING,
        round,
        analyst,
    )
    assert proposal.article == round.round_sources.get().article
    candidate = proposal.extracted
    assert (candidate.company, candidate.amount, candidate.currency) == (
        "Tallowbrook Foods",
        Decimal("25000000"),
        "EUR",
    )
    assert (candidate.lead_investors, candidate.participants) == (
        ("Kelpie Ventures",),
        ("Orchard Lane Capital",),
    )
    assert proposal.correction == {
        "field": "amount",
        "value": "€25M",
        "note": "The article says €25 million, not 250.",
        "url": "",
    }
    assert not proposal.ready


def test_the_same_correction_sent_twice_is_one_proposal(round, analyst):
    first, _ = suggest(round, analyst)

    again, created = suggest(round, analyst)

    assert (again, created) == (first, False)


def test_a_correction_with_an_address_queues_that_article(round, analyst):
    proposal, _ = suggest(round, analyst, url="https://news.example/tallowbrook?ref=x")

    assert proposal.article.url == "https://news.example/tallowbrook"
    assert proposal.article.status == ArticleStatus.QUEUED


def test_a_round_without_sources_is_corrected_against_the_analysts_note(analyst):
    round = FundingRoundFactory(company__name="Quenby Robotics")

    proposal, created = suggest(round, analyst, note="Their own post says €25M.")

    note = proposal.article
    assert (created, proposal.corrects) == (True, round)
    assert (note.source_kind, note.status, note.url) == (
        SourceKind.NOTE,
        ArticleStatus.EXTRACTED,
        "",
    )
    assert note.text.endswith("Their own post says €25M.")
    assert proposal.extracted.amount == Decimal("25000000")


def test_applying_a_note_changes_the_round_without_making_the_note_a_source(
    analyst, editor
):
    round = FundingRoundFactory(currency="EUR")
    proposal, _ = suggest(round, analyst)

    decisions.apply_correction(proposal, editor=editor)

    round.refresh_from_db()
    assert round.amount == Decimal("25000000.00")
    assert list(round.round_sources.all()) == []


def test_applying_a_correction_changes_the_round_and_records_both_users(
    round, analyst, editor
):
    proposal, _ = suggest(round, analyst)

    applied = decisions.apply_correction(proposal, editor=editor)

    round.refresh_from_db()
    assert applied == round
    assert (round.amount, round.currency, round.round_label) == (
        Decimal("25000000.00"),
        "EUR",
        "Series A extension",
    )
    assert (proposal.status, proposal.reviewed_by, proposal.added_by) == (
        ProposalStatus.MERGED,
        editor,
        analyst,
    )
    latest = round.history.latest()
    assert (latest.history_user, latest.history_change_reason) == (
        editor,
        f"Merged proposal {proposal.pk} (decision 1)",
    )
    assert RoundSource.objects.filter(round=round).count() == 1


def test_a_correction_from_another_article_makes_it_a_source(round, analyst, editor):
    proposal, _ = suggest(round, analyst, url="https://news.example/tallowbrook")

    decisions.apply_correction(proposal, editor=editor)

    assert set(round.round_sources.values_list("article__url", flat=True)) == {
        round.round_sources.first().article.url,
        "https://news.example/tallowbrook",
    }


def test_undoing_an_applied_correction_puts_the_round_back(round, analyst, editor):
    proposal, _ = suggest(round, analyst)
    decisions.apply_correction(proposal, editor=editor)

    decisions.undo_decision(proposal, editor=editor)

    round.refresh_from_db()
    assert round.amount == Decimal("250000000.00")
    assert proposal.status == ProposalStatus.PENDING


def test_a_correction_cannot_be_approved_as_a_new_round(round, analyst, editor):
    proposal, _ = suggest(round, analyst)

    with pytest.raises(decisions.IsACorrection):
        decisions.approve_proposal(proposal, editor=editor)

    assert FundingRound.objects.count() == 1


def test_a_correction_of_a_round_deleted_since_cannot_be_applied(
    round, analyst, editor
):
    proposal, _ = suggest(round, analyst)
    RoundSource.objects.all().delete()
    round.investments.all().delete()
    round.delete()
    proposal.refresh_from_db()

    with pytest.raises(decisions.ChosenRecordGone, match="no longer stored"):
        decisions.apply_correction(proposal, editor=editor)


@pytest.mark.django_db(transaction=True)
def test_two_editors_applying_one_correction_at_once_apply_it_once(
    on_postgresql, analyst, editor, round
):
    other = UserFactory(group="Editors")
    proposal, _ = suggest(round, analyst)
    changes_before = round.history.count()

    def apply(user) -> str:
        decisions.apply_correction(
            RoundProposal.objects.get(pk=proposal.pk), editor=user
        )
        return "applied"

    outcome = at_once(lambda: apply(editor), lambda: apply(other))

    assert outcome == ["applied", "refused: changed meanwhile"]
    proposal.refresh_from_db()
    assert (proposal.status, proposal.revision) == (ProposalStatus.MERGED, 1)
    assert round.history.count() == changes_before + 1
    assert RoundSource.objects.filter(round=round).count() == 1


@pytest.mark.django_db(transaction=True)
def test_an_undo_racing_a_second_application_of_a_correction_lets_one_win(
    on_postgresql, analyst, editor, round
):
    proposal, _ = suggest(round, analyst)
    stale = RoundProposal.objects.get(pk=proposal.pk)
    decisions.apply_correction(proposal, editor=editor)
    applied = RoundProposal.objects.get(pk=proposal.pk)

    def undo() -> str:
        decisions.undo_decision(applied, editor=editor)
        return "undone"

    def apply_again() -> str:
        decisions.apply_correction(stale, editor=editor, seen_revision=0)
        return "applied"

    assert at_once(undo, apply_again) == ["refused: changed meanwhile", "undone"]
    round.refresh_from_db()
    assert round.amount == Decimal("250000000.00")
