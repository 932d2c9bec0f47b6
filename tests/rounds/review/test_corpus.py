"""The editors' decisions as a labelled corpus in the format of ../shared/eval/."""

from __future__ import annotations

import dataclasses
import json
from decimal import Decimal
from pathlib import Path

import jsonschema
import pytest
from django.conf import settings

from rounds.review import corpus, corrections, decisions
from tests.factories import FundingRoundFactory
from tests.rounds.review.test_decisions import STORY, proposals_for

pytestmark = pytest.mark.django_db

DEV_CORPUS = Path(settings.BASE_DIR).parent / "shared" / "eval" / "dev"
OTHER_STORY = (
    "Marrowfield Energy has raised $12 million in seed funding led by Pinecrest "
    "Ventures, the company said."
)


def exported(tmp_path) -> list[dict]:
    corpus.write_corpus(tmp_path)
    return [json.loads(p.read_text()) for p in sorted(tmp_path.glob("*.json"))]


def test_the_gold_is_what_the_editor_approved_not_what_was_extracted(editor, tmp_path):
    [proposal] = proposals_for(STORY)
    draft = dataclasses.replace(proposal.draft(), amount=Decimal("26000000"))
    decisions.approve_proposal(proposal, editor=editor, draft=draft)

    [article] = exported(tmp_path)

    assert article["text"] == STORY
    assert article["published"] == "2024-03-05"
    assert article["gold"] == [
        {
            "company": "Lumora Health",
            "round_type": "series_a",
            "amount": 26000000,
            "currency": "USD",
            "amount_qualifier": "exact",
            "valuation": None,
            "valuation_currency": None,
            "valuation_qualifier": None,
            "valuation_basis": None,
            "lead_investors": ["Brightwater Capital"],
            "participants": ["Tidewell Ventures"],
            "status": "announced",
            "date": "2024-03-05",
            "primary": True,
        }
    ]


def test_an_article_whose_proposals_were_rejected_has_no_round(editor, tmp_path):
    [proposal] = proposals_for(STORY)
    decisions.reject_proposal(proposal, editor=editor, reason="not news")

    [article] = exported(tmp_path)

    assert article["gold"] == []


def test_an_article_with_a_proposal_waiting_is_left_out(editor, tmp_path):
    [decided] = proposals_for(STORY)
    decisions.approve_proposal(decided, editor=editor)
    proposals_for(OTHER_STORY)

    assert [a["text"] for a in exported(tmp_path)] == [STORY]


def test_an_approved_correction_is_the_gold_of_its_article(analyst, editor, tmp_path):
    [proposal] = proposals_for(STORY)
    round = decisions.approve_proposal(proposal, editor=editor)
    correction, _ = corrections.suggest_correction(
        round,
        analyst=analyst,
        field="round_type",
        value="Seed",
        changes=corrections.read_value("round_type", "Seed", round),
        note="It was their seed round.",
    )
    decisions.apply_correction(correction, editor=editor)

    [article] = exported(tmp_path)

    assert [(g["company"], g["round_type"]) for g in article["gold"]] == [
        ("Lumora Health", "seed")
    ]


def test_an_analysts_note_is_no_article_of_the_corpus(analyst, editor, tmp_path):
    round = FundingRoundFactory()
    correction, _ = corrections.suggest_correction(
        round,
        analyst=analyst,
        field="round_type",
        value="Seed",
        changes=corrections.read_value("round_type", "Seed", round),
        note="It was their seed round.",
    )
    decisions.apply_correction(correction, editor=editor)

    assert exported(tmp_path) == []


def test_every_export_and_the_dev_corpus_follow_one_format(editor, tmp_path):
    [proposal] = proposals_for(STORY)
    decisions.approve_proposal(proposal, editor=editor)
    documents = exported(tmp_path)
    if DEV_CORPUS.is_dir():
        documents += [json.loads(p.read_text()) for p in DEV_CORPUS.glob("*.json")]
    validator = jsonschema.Draft202012Validator(
        corpus.SCHEMA, format_checker=jsonschema.FormatChecker()
    )

    errors = [e.message for d in documents for e in validator.iter_errors(d)]

    assert errors == []
    assert len(documents) > 1 or not DEV_CORPUS.is_dir()
