"""Rejecting the ticked proposals of the queue at once."""

from __future__ import annotations

import pytest
from django.urls import reverse

from rounds.enums import ProposalStatus
from tests.rounds.review.test_decisions import SEED_STORY, STORY
from tests.rounds.views.test_proposal_approve import proposals_for

pytestmark = pytest.mark.django_db


@pytest.fixture
def lumora():
    [proposal] = proposals_for(STORY)
    return proposal


@pytest.fixture
def minimax():
    return next(
        p for p in proposals_for(SEED_STORY) if p.candidate["company"] == "MiniMax"
    )


def test_bulk_reject_rejects_the_ticked_proposals_with_the_reason(
    client, editor, lumora, minimax
):
    client.force_login(editor)

    response = client.post(
        reverse("rounds:proposal-bulk-reject"),
        {"proposals": [lumora.pk], "reason": "not news"},
        HTTP_HX_REQUEST="true",
    )

    lumora.refresh_from_db()
    minimax.refresh_from_db()
    assert (lumora.status, lumora.note, lumora.reviewed_by) == (
        "rejected",
        "not news",
        editor,
    )
    assert minimax.status == ProposalStatus.PENDING
    assert "Rejected 1 proposal." in response.content.decode()


def test_bulk_reject_without_a_reason_rejects_nothing(client, editor, lumora):
    client.force_login(editor)

    response = client.post(
        reverse("rounds:proposal-bulk-reject"),
        {"proposals": [lumora.pk], "reason": ""},
        HTTP_HX_REQUEST="true",
    )

    lumora.refresh_from_db()
    assert lumora.status == ProposalStatus.PENDING
    assert "Say why they are rejected" in response.content.decode()
