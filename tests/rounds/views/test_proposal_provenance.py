"""EXTRACTOR=both on the review page: which extractor proposed each value, and where the rules
and the model disagree, both readings with a button to take the model's."""

from __future__ import annotations

import dataclasses
import html
import json
from decimal import Decimal

import pytest
from django.urls import reverse

from rounds.models import Article
from rounds.review import decisions, stats
from tests.factories import ArticleFactory, RoundProposalFactory

pytestmark = pytest.mark.django_db

TEXT = (
    "Quorva Robotics raised $25 million in a Series A led by Northvane Partners; a filing "
    "puts the round at $40 million."
)


def source(field, extractor, item=None, **alternative):
    return {
        "field": field,
        "extractor": extractor,
        "item": item,
        "alternative": alternative,
        "alternative_evidence": [],
    }


def both_readings():
    """A proposal as EXTRACTOR=both stores it: the rules' amount, the model's beside it."""
    article = ArticleFactory(text=TEXT, extractor="both")
    return RoundProposalFactory(
        article=article,
        candidate={
            "company": "Quorva Robotics",
            "round_type": "series_a",
            "amount": "25000000",
            "currency": "USD",
            "amount_qualifier": "exact",
            "lead_investors": ["Northvane Partners"],
            "provenance": [
                source("company", "both"),
                source("round_type", "llm"),
                source(
                    "amount",
                    "rules",
                    amount="40000000",
                    currency="USD",
                    amount_qualifier="exact",
                ),
                source(
                    "lead_investors",
                    "both",
                    item="Northvane Partners",
                    participants="Northvane Partners",
                ),
            ],
        },
    )


def test_each_value_says_which_extractor_proposed_it(client, editor):
    proposal = both_readings()
    client.force_login(editor)

    page = client.get(reverse("rounds:proposal-detail", args=[proposal.pk])).content
    text = page.decode()

    assert "Proposed by the rules and the model" in text
    assert "Proposed by the model" in text
    assert "The model calls it a participant" in text


def test_a_disagreement_shows_both_readings_and_offers_the_models(client, editor):
    proposal = both_readings()
    client.force_login(editor)

    text = client.get(reverse("rounds:proposal-detail", args=[proposal.pk])).content
    page = text.decode()

    assert "the model read <strong>$40M</strong>" in page
    fill = html.unescape(page.split('data-fill="', 1)[1].split('"', 1)[0])
    assert json.loads(fill) == {
        "amount": "USD 40M",
        "currency": "USD",
        "amount_qualifier": "exact",
    }


def test_the_rules_alone_show_no_provenance(client, editor):
    proposal = RoundProposalFactory(candidate={"company": "Quorva Robotics"})
    client.force_login(editor)

    page = client.get(reverse("rounds:proposal-detail", args=[proposal.pk])).content

    assert b"Proposed by" not in page and b"data-fill" not in page


def test_the_report_card_credits_the_model_when_the_editor_takes_its_reading(editor):
    proposal = both_readings()
    draft = proposal.draft()
    picked = dataclasses.replace(draft, amount=Decimal("40000000"))

    decisions.approve_proposal(proposal, editor=editor, draft=picked)

    cards = {card.name: card for card in stats.report_card().extractors}
    assert (
        cards["llm"].fields["amount"].kept,
        cards["rules"].fields["amount"].changed,
    ) == (
        1,
        1,
    )
    assert cards["both"].fields["company"].kept == 1
    assert cards["both"].approved == 1
    assert Article.objects.get().extractor == "both"
