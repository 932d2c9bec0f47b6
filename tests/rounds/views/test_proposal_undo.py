"""Undo after a decision, and reopening a decided proposal from its page."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse

from rounds.enums import ProposalStatus
from rounds.models import FundingRound, RoundProposal
from rounds.review import decisions
from tests.rounds.review.test_decisions import STORY
from tests.rounds.review.test_undo import LATER
from tests.rounds.views.htmx import follow_location
from tests.rounds.views.test_proposal_approve import form_data, proposals_for

pytestmark = pytest.mark.django_db


@pytest.fixture
def lumora():
    [proposal] = proposals_for(STORY)
    return proposal


def undo_url(proposal: RoundProposal) -> str:
    return reverse("rounds:proposal-undo", args=[proposal.pk])


def test_the_confirmation_of_an_approval_offers_undo_with_its_key(client, editor):
    [first] = proposals_for(STORY)
    [second] = proposals_for(STORY.replace("Lumora", "Quorva"))
    client.force_login(editor)

    response = client.post(
        reverse("rounds:proposal-approve", args=[second.pk]),
        form_data(second, then="next"),
        follow=True,
    )

    html = response.content.decode()
    assert "Approved" in html and "Quorva Health" in html
    assert f'action="{undo_url(second)}"' in html
    assert 'data-shortcut="u"' in html
    assert '<input type="hidden" name="revision" value="1">' in html


def test_undo_puts_the_proposal_back_and_says_so(client, editor, lumora):
    decisions.approve_proposal(lumora, editor=editor)
    client.force_login(editor)

    response = client.post(undo_url(lumora), {"revision": "1"})

    assert response.status_code == 302
    assert response.url == reverse("rounds:proposal-detail", args=[lumora.pk]) + (
        "?undone=1"
    )
    page = client.get(response.url).content.decode()
    assert "Undone:" in page and 'id="review-form"' in page
    lumora.refresh_from_db()
    assert lumora.status == ProposalStatus.PENDING
    assert FundingRound.objects.count() == 0


def test_undo_through_htmx_swaps_the_page_in_place(client, editor, lumora):
    decisions.reject_proposal(lumora, editor=editor, reason="not news")
    client.force_login(editor)

    response = client.post(undo_url(lumora), {"revision": "1"}, HTTP_HX_REQUEST="true")

    page = follow_location(client, response).content.decode()
    assert "<html" not in page and "Undone:" in page


def test_a_decided_proposal_can_be_reopened_from_its_page(client, editor, lumora):
    decisions.reject_proposal(lumora, editor=editor, reason="not news")
    client.force_login(editor)

    page = client.get(reverse("rounds:proposal-detail", args=[lumora.pk]))

    html = page.content.decode()
    assert 'id="reopen"' in html and f'action="{undo_url(lumora)}"' in html


def test_an_undo_from_a_stale_page_says_what_happened_and_changes_nothing(
    client, editor, lumora
):
    decisions.approve_proposal(lumora, editor=editor)
    decisions.undo_decision(lumora, editor=editor)
    decisions.approve_proposal(lumora, editor=editor)
    client.force_login(editor)

    response = client.post(undo_url(lumora), {"revision": "1"})

    assert response.status_code == 200
    assert "Already decided." in response.content.decode()
    assert FundingRound.objects.count() == 1


def test_an_approval_from_a_page_made_stale_by_an_undo_is_refused(
    client, editor, lumora
):
    data = form_data(lumora, revision="0")
    decisions.reject_proposal(lumora, editor=editor, reason="not news")
    decisions.undo_decision(lumora, editor=editor)
    client.force_login(editor)

    response = client.post(reverse("rounds:proposal-approve", args=[lumora.pk]), data)

    assert "Changed meanwhile." in response.content.decode()
    assert FundingRound.objects.count() == 0


def test_an_undo_that_would_lose_later_work_is_refused_with_the_reason(
    client, editor, lumora
):
    round = decisions.approve_proposal(lumora, editor=editor)
    [later] = proposals_for(LATER, dt.date(2024, 3, 12))
    decisions.merge_proposal(later, round, editor=editor)
    client.force_login(editor)

    response = client.post(undo_url(lumora), {"revision": "1"})

    html = response.content.decode()
    assert response.status_code == 200
    assert "Not undone." in html and f"Merged proposal {later.pk}" in html
    assert FundingRound.objects.count() == 1
