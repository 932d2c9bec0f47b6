"""The extractor's report card, read from the editors' decisions."""

from __future__ import annotations

import dataclasses
import datetime as dt
from decimal import Decimal

import pytest

from rounds.models import Article, Feed, RoundProposal
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


def from_feed(proposal, name: str):
    proposal.article.feed = Feed.objects.get_or_create(
        url=f"https://{name.lower().replace(' ', '-')}.example/feed", name=name
    )[0]
    proposal.article.save()
    return proposal


def test_each_source_counts_its_rounds_and_its_junk_the_most_rejected_first(editor):
    decisions.approve_proposal(from_feed(lumora(), "Steady Wire"), editor=editor)
    for name in ("Quorva", "Sorrel"):
        decisions.reject_proposal(
            from_feed(lumora(name), "Noisy Wire"), editor=editor, reason="not a round"
        )
    decisions.approve_proposal(lumora("Ymbrel"), editor=editor)

    card = stats.report_card()

    assert [
        (t.label, t.decided, t.approved, t.rejected, t.rejected_share)
        for t in card.sources
    ] == [
        ("Noisy Wire", 2, 0, 2, 1.0),
        ("Pasted text", 1, 1, 0, 0.0),
        ("Steady Wire", 1, 1, 0, 0.0),
    ]


def test_each_week_counts_the_decisions_made_in_it_newest_first(editor):
    earlier, later = lumora("Quorva"), lumora("Sorrel")
    decisions.approve_proposal(earlier, editor=editor)
    decisions.reject_proposal(later, editor=editor, reason="not a round")
    RoundProposal.objects.filter(pk=earlier.pk).update(
        reviewed_at=dt.datetime(2026, 11, 4, 9, 0, tzinfo=dt.UTC)
    )
    RoundProposal.objects.filter(pk=later.pk).update(
        reviewed_at=dt.datetime(2026, 11, 12, 17, 0, tzinfo=dt.UTC)
    )

    card = stats.report_card()

    assert [(t.label, t.approved, t.rejected) for t in card.weeks] == [
        ("Week of 9 Nov 2026", 0, 1),
        ("Week of 2 Nov 2026", 1, 0),
    ]


def test_a_round_added_by_hand_counts_as_a_miss_of_its_source_and_week(editor):
    article = ArticleFactory(text=TEXT, source_kind="file")
    missed.add_missed_round(article, TEXT.index(PASSAGE), len(TEXT), editor=editor)

    card = stats.report_card()

    assert [(t.label, t.decided, t.added_by_hand) for t in card.sources] == [
        ("File", 0, 1)
    ]
    assert [t.added_by_hand for t in card.weeks] == [1]
