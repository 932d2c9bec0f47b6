"""Adding a round the extractor missed, from the words of the article that tell of it."""

from __future__ import annotations

from decimal import Decimal

import pytest

from rounds.enums import ProposalStatus
from rounds.review import decisions, missed
from tests.factories import ArticleFactory, InvestorFactory

TEXT = (
    "Lumora Health, a Berlin clinical-software startup, has raised $25 million in a Series A "
    "round led by Brightwater Capital. Separately, the hospital group said its spin-out "
    "Quorva Diagnostics had closed a seed round of €4 million led by Northvane Partners."
)
PASSAGE = "Quorva Diagnostics had closed a seed round of €4 million led by Northvane Partners."


@pytest.mark.parametrize(
    ("passage", "start", "end", "found"),
    [
        (PASSAGE, TEXT.index(PASSAGE), len(TEXT), (TEXT.index(PASSAGE), len(TEXT))),
        (PASSAGE, None, None, (TEXT.index(PASSAGE), len(TEXT))),
        (
            "a seed   round\nof €4 million",
            0,
            5,
            (TEXT.index("a seed"), TEXT.index(" led by N")),
        ),
        ("Quorva’s seed round", None, None, None),
        ("   ", None, None, None),
    ],
    ids=["selected", "pasted", "whitespace differs", "not in the text", "blank"],
)
def test_locate_finds_the_words_in_the_article(passage, start, end, found):
    assert missed.locate(TEXT, passage, start, end) == found


@pytest.mark.django_db
def test_a_missed_round_is_proposed_from_what_the_passage_says(editor):
    northvane = InvestorFactory(name="Northvane Partners")
    article = ArticleFactory(text=TEXT)
    start = TEXT.index(PASSAGE)

    proposal = missed.add_missed_round(article, start, len(TEXT), editor=editor)

    draft = proposal.draft()
    assert (draft.company_name, draft.round_type, draft.amount, draft.currency) == (
        "Quorva Diagnostics",
        "seed",
        Decimal("4000000"),
        "EUR",
    )
    assert [(c.name, c.is_lead, c.investor_id) for c in draft.investors] == [
        ("Northvane Partners", True, northvane.pk)
    ]
    assert (proposal.status, proposal.added_by) == (ProposalStatus.PENDING, editor)
    marked = {
        span["field"]: TEXT[span["start"] : span["end"]] for span in proposal.evidence
    }
    assert marked["amount"] == "€4 million"
    assert marked["selection"] == PASSAGE


@pytest.mark.django_db
def test_an_investors_type_in_the_passage_keeps_its_words_in_the_article(editor):
    text = f"{TEXT} Another round: Pellavo raised $2 million from venture capital firm Aldercrest."
    passage = "Pellavo raised $2 million from venture capital firm Aldercrest."
    article = ArticleFactory(text=text)

    proposal = missed.add_missed_round(
        article, text.index(passage), len(text), editor=editor
    )

    [hint] = proposal.extracted.investor_kinds
    assert (hint.name, text[hint.start : hint.end]) == (
        "Aldercrest",
        "venture capital firm",
    )


@pytest.mark.django_db
def test_the_same_passage_twice_is_one_proposal(editor):
    article = ArticleFactory(text=TEXT)
    start = TEXT.index(PASSAGE)

    first = missed.add_missed_round(article, start, len(TEXT), editor=editor)
    again = missed.add_missed_round(article, start, len(TEXT), editor=editor)

    assert first == again
    assert article.proposals.count() == 1


@pytest.mark.django_db
def test_a_passage_without_a_round_gives_an_empty_proposal_to_fill(editor):
    article = ArticleFactory(text=TEXT)

    proposal = missed.add_missed_round(article, 0, 13, editor=editor)

    assert proposal.draft().amount is None
    assert proposal.evidence == [{"field": "selection", "start": 0, "end": 13}]


@pytest.mark.django_db
def test_a_missed_round_is_approved_like_any_proposal(editor):
    article = ArticleFactory(text=TEXT)
    proposal = missed.add_missed_round(
        article, TEXT.index(PASSAGE), len(TEXT), editor=editor
    )

    round = decisions.approve_proposal(proposal, editor=editor)

    assert (round.company.name, round.amount) == (
        "Quorva Diagnostics",
        Decimal("4000000"),
    )
    assert round.round_sources.get().article == article
