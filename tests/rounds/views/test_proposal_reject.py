"""Rejecting one proposal with a reason."""

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


def test_reject_records_the_reason_and_moves_on(client, editor, lumora, minimax):
    client.force_login(editor)

    response = client.post(
        reverse("rounds:proposal-reject", args=[minimax.pk]),
        {"reason": "rumour"},
        HTTP_HX_REQUEST="true",
    )

    minimax.refresh_from_db()
    assert (minimax.status, minimax.note, minimax.reviewed_by) == (
        "rejected",
        "rumour",
        editor,
    )
    assert "Rejected" in response.content.decode()


def test_reject_without_htmx_redirects_to_the_next_proposal(client, editor, lumora):
    client.force_login(editor)

    response = client.post(
        reverse("rounds:proposal-reject", args=[lumora.pk]), {"reason": "rumour"}
    )

    assert response.status_code == 302


def test_reject_needs_a_reason(client, editor, lumora):
    client.force_login(editor)

    response = client.post(
        reverse("rounds:proposal-reject", args=[lumora.pk]),
        {"reason": " "},
        HTTP_HX_REQUEST="true",
    )

    lumora.refresh_from_db()
    assert lumora.status == ProposalStatus.PENDING
    assert "Not rejected." in response.content.decode()
    assert "Say why it is rejected" in response.content.decode()
