"""The extractor's report card, read from the editors' decisions."""

from __future__ import annotations

import dataclasses
from decimal import Decimal

import pytest

from rounds.models import Article
from rounds.review import decisions, missed, stats
from tests.factories import ArticleFactory
from tests.rounds.review.test_decisions import STORY, proposals_for
from tests.rounds.review.test_missed import PASSAGE, TEXT

pytestmark = pytest.mark.django_db


def lumora(name: str = "Lumora"):
    [proposal] = proposals_for(STORY.replace("Lumora", name))
    return proposal


def fields(card: stats.ReportCard, extractor: str = "rules") -> dict[str, tuple]:
    [found] = [c for c in card.extractors if c.name == extractor]
    return {
        key: (f.kept, f.changed, f.cleared, f.filled) for key, f in found.fields.items()
    }


def test_values_approved_as_extracted_are_kept(editor):
    decisions.approve_proposal(lumora(), editor=editor)

    card = stats.report_card()

    assert fields(card) == {
        "company": (1, 0, 0, 0),
        "round_type": (1, 0, 0, 0),
        "status": (1, 0, 0, 0),
        "amount": (1, 0, 0, 0),
        "valuation": (0, 0, 0, 0),
        "date": (1, 0, 0, 0),
        "investors": (1, 0, 0, 0),
    }
    assert (card.extractors[0].precision, card.extractors[0].value_precision) == (1, 1)


def test_changed_cleared_and_filled_values_are_told_apart(editor):
    proposal = lumora()
    draft = proposal.draft()
    fixed = dataclasses.replace(
        draft,
        amount=None,
        currency="",
        amount_qualifier="",
        round_type="seed",
        valuation=Decimal("100000000"),
        valuation_currency="USD",
        valuation_qualifier="exact",
    )

    decisions.approve_proposal(proposal, editor=editor, draft=fixed)

    result = fields(stats.report_card())
    assert (result["amount"], result["round_type"], result["valuation"]) == (
        (0, 0, 1, 0),
        (0, 1, 0, 0),
        (0, 0, 0, 1),
    )


def test_rejections_count_against_the_extractor_with_their_reasons(editor):
    decisions.approve_proposal(lumora(), editor=editor)
    decisions.reject_proposal(lumora("Quorva"), editor=editor, reason="Not a round.")
    decisions.reject_proposal(lumora("Sorrel"), editor=editor, reason="not a round")

    card = stats.report_card()

    assert card.reasons == [("not a round", 2)]
    assert (card.extractors[0].decided, card.extractors[0].precision) == (3, 1 / 3)


def test_each_extractor_has_its_own_card(editor):
    decisions.approve_proposal(lumora(), editor=editor)
    model = lumora("Quorva")
    Article.objects.filter(pk=model.article_id).update(extractor="llm")
    decisions.reject_proposal(model, editor=editor, reason="wrong company")

    card = stats.report_card()

    assert [(c.name, c.decided, c.precision) for c in card.extractors] == [
        ("llm", 1, 0),
        ("rules", 1, 1),
    ]


def test_rounds_added_by_hand_are_counted_as_misses_not_as_extracted(editor):
    article = ArticleFactory(text=TEXT)
    added = missed.add_missed_round(
        article, TEXT.index(PASSAGE), len(TEXT), editor=editor
    )
    decisions.approve_proposal(added, editor=editor)

    card = stats.report_card()

    assert card.added_by_hand == 1
    assert (card.extractors[0].added_by_hand, card.extractors[0].decided) == (1, 0)
    assert card.editors[0].decided == 1


def test_an_undone_decision_no_longer_counts(editor):
    proposal = lumora()
    decisions.reject_proposal(proposal, editor=editor, reason="not news")
    decisions.undo_decision(proposal, editor=editor)

    card = stats.report_card()

    assert (card.extractors, card.reasons) == ([], [])
