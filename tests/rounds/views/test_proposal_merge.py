"""Merging a proposal into the round it repeats."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.urls import reverse

from rounds.models import FundingRound
from tests.factories import CompanyFactory, FundingRoundFactory
from tests.rounds.review.test_decisions import STORY
from tests.rounds.views.test_proposal_approve import form_data, proposals_for

pytestmark = pytest.mark.django_db


def test_merge_adds_the_source_and_takes_the_chosen_fields(client, editor):
    company = CompanyFactory(name="Lumora Health")
    round = FundingRoundFactory(
        company=company,
        round_type="series_a",
        amount=Decimal("24000000"),
        currency="USD",
        announced_on=dt.date(2024, 3, 1),
    )
    [proposal] = proposals_for(STORY)
    assert proposal.duplicate_of == round
    client.force_login(editor)

    page = client.get(reverse("rounds:proposal-detail", args=[proposal.pk]))
    response = client.post(
        reverse("rounds:proposal-merge", args=[proposal.pk]),
        form_data(proposal, take=["amount"]),
        HTTP_HX_REQUEST="true",
    )

    assert "Merge into this round" in page.content.decode()
    proposal.refresh_from_db()
    round.refresh_from_db()
    assert (proposal.status, proposal.round) == ("merged", round)
    assert round.amount == Decimal("25000000")
    assert FundingRound.objects.count() == 1
    assert round.round_sources.get().article == proposal.article
    assert {i.name for i in round.investors.all()} == {
        "Brightwater Capital",
        "Tidewell Ventures",
    }
    assert "Merged" in response.content.decode()
