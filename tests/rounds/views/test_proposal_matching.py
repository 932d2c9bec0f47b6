"""The review page's matches: why each is offered, a warning before a likely duplicate, and
former names kept as aliases."""

from __future__ import annotations

import pytest
from django.urls import reverse

from rounds.enums import ProposalStatus
from rounds.models import Company, Investor, InvestorAlias
from tests.factories import CompanyFactory, InvestorFactory
from tests.rounds.review.test_decisions import SEED_STORY, STORY
from tests.rounds.views.test_proposal_approve import form_data, proposals_for

pytestmark = pytest.mark.django_db


def page(client, proposal) -> str:
    return client.get(
        reverse("rounds:proposal-detail", args=[proposal.pk])
    ).content.decode()


def test_each_match_says_why_it_is_offered(client, editor):
    CompanyFactory(name="Lumora Health")
    CompanyFactory(name="Lumora Health Labs")
    InvestorFactory(name="Brightwater").add_alias("Brightwater Capital")
    InvestorFactory(name="Tidewell Venture")
    [proposal] = proposals_for(STORY)
    client.force_login(editor)

    html = page(client, proposal)

    assert "Use existing: Lumora Health (exact)" in html
    assert "Use existing: Lumora Health Labs (fuzzy 95%)" in html
    assert "Use existing: Brightwater (alias “Brightwater Capital”)" in html
    assert "Use existing: Tidewell Venture (fuzzy" in html


def test_a_new_name_close_to_a_stored_one_is_warned_about(client, editor):
    CompanyFactory(name="Lumora Heath")
    [proposal] = proposals_for(STORY)
    client.force_login(editor)

    html = page(client, proposal)

    assert "No company is stored under this name, but Lumora Heath (fuzzy" in html


def test_approving_a_likely_duplicate_by_name_asks_to_choose(client, editor):
    stored = CompanyFactory(name="Lumora Heath")
    [proposal] = proposals_for(STORY)
    client.force_login(editor)

    response = client.post(
        reverse("rounds:proposal-approve", args=[proposal.pk]), form_data(proposal)
    )

    assert response.status_code == 200
    assert "“Lumora Health” is close to the stored Lumora Heath (fuzzy" in (
        response.content.decode()
    )
    assert list(Company.objects.all()) == [stored]


def test_create_new_stores_the_close_name_as_a_second_company(client, editor):
    CompanyFactory(name="Lumora Heath")
    [proposal] = proposals_for(STORY)
    client.force_login(editor)

    client.post(
        reverse("rounds:proposal-approve", args=[proposal.pk]),
        form_data(proposal, company_choice="new"),
    )

    proposal.refresh_from_db()
    assert proposal.status == ProposalStatus.APPROVED
    assert set(Company.objects.values_list("name", flat=True)) == {
        "Lumora Heath",
        "Lumora Health",
    }


def test_a_close_investor_name_asks_to_choose_too(client, editor):
    InvestorFactory(name="Brightwater Capitol")
    [proposal] = proposals_for(STORY)
    client.force_login(editor)

    response = client.post(
        reverse("rounds:proposal-approve", args=[proposal.pk]), form_data(proposal)
    )

    assert "“Brightwater Capital” is close to the stored Brightwater Capitol" in (
        response.content.decode()
    )
    assert Investor.objects.count() == 1


def test_record_the_former_name_as_an_alias_is_ticked_when_the_text_says_formerly(
    client, editor
):
    minimax = next(
        p for p in proposals_for(SEED_STORY) if p.candidate["company"] == "MiniMax"
    )
    client.force_login(editor)

    html = page(client, minimax)

    assert (
        '<input type="checkbox" name="investors-1-alias" checked> Record “Sequoia China”'
        in html
    )


def test_an_unticked_former_name_is_not_recorded(client, editor):
    minimax = next(
        p for p in proposals_for(SEED_STORY) if p.candidate["company"] == "MiniMax"
    )
    client.force_login(editor)

    client.post(
        reverse("rounds:proposal-approve", args=[minimax.pk]), form_data(minimax)
    )

    assert not InvestorAlias.objects.filter(name="Sequoia China").exists()
