"""Which proposals are sure enough to approve in bulk, and what matching stores for the queue."""

from __future__ import annotations

from decimal import Decimal

import pytest

from rounds.extraction.types import FieldSource, RoundCandidate
from rounds.review.queue import is_ready
from tests.factories import CompanyFactory, InvestorFactory
from tests.rounds.review.test_decisions import STORY, proposals_for

SURE = RoundCandidate(
    "Quorva",
    confidence=0.9,
    field_confidence=(("company", 0.95), ("amount", 0.9), ("company_country", 0.3)),
)


def test_a_candidate_sure_of_every_round_field_and_matched_is_ready():
    assert is_ready(SURE, company_matched=True, investors_matched=True)


@pytest.mark.parametrize(
    ("candidate", "company_matched", "investors_matched"),
    [
        (SURE, False, True),
        (SURE, True, False),
        (RoundCandidate("Quorva", confidence=0.9), True, True),
        (
            RoundCandidate(
                "Quorva",
                confidence=0.9,
                field_confidence=(("company", 0.95), ("date", 0.7)),
            ),
            True,
            True,
        ),
        (
            RoundCandidate(
                "Quorva",
                confidence=0.9,
                field_confidence=(("company", 0.95),),
                provenance=(
                    FieldSource("amount", "rules", alternative=(("amount", "4"),)),
                ),
            ),
            True,
            True,
        ),
    ],
    ids=[
        "company unknown",
        "an investor unknown",
        "no field confidences",
        "a field unsure",
        "the extractors disagree",
    ],
)
def test_a_candidate_is_not_ready_when(candidate, company_matched, investors_matched):
    assert not is_ready(
        candidate, company_matched=company_matched, investors_matched=investors_matched
    )


@pytest.mark.django_db
def test_matching_stores_the_amount_in_dollars_and_readiness():
    [unknown] = proposals_for(STORY)
    CompanyFactory(name="Quorva Health")
    InvestorFactory(name="Brightwater Capital")
    InvestorFactory(name="Tidewell Ventures")

    [known] = proposals_for(STORY.replace("Lumora", "Quorva"))

    assert unknown.amount_usd == Decimal("25000000.00")
    assert unknown.ready is False
    # The rules are unsure of the date and the participant in this story:
    assert known.suggested_company is not None and known.ready is False
