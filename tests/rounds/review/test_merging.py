from __future__ import annotations

import pytest

from rounds.models import Company, CompanyAlias, Investment, Investor, InvestorAlias
from rounds.review import merging
from tests.factories import (
    CompanyFactory,
    FundingRoundFactory,
    InvestmentFactory,
    InvestorFactory,
    RoundProposalFactory,
)

pytestmark = pytest.mark.django_db


def test_merge_companies_moves_rounds_aliases_and_proposals():
    keep = CompanyFactory(name="Orbital Kitchens")
    duplicate = CompanyFactory(name="Orbital Kitchens Ltd (UK)")
    round = FundingRoundFactory(company=duplicate)
    CompanyAlias.objects.create(company=duplicate, name="OK Foods")
    proposal = RoundProposalFactory(suggested_company=duplicate)

    merged = merging.merge_companies(keep, [duplicate])

    round.refresh_from_db()
    proposal.refresh_from_db()
    assert merged == 1
    assert (round.company, proposal.suggested_company) == (keep, keep)
    assert sorted(keep.aliases.values_list("name", flat=True)) == [
        "OK Foods",
        "Orbital Kitchens",
        "Orbital Kitchens Ltd (UK)",
    ]
    assert list(Company.objects.all()) == [keep]


def test_merge_companies_ignores_the_kept_one_in_the_duplicates():
    keep = CompanyFactory()

    assert merging.merge_companies(keep, [keep]) == 0
    assert Company.objects.count() == 1


def test_merge_investors_moves_investments_and_aliases():
    keep = InvestorFactory(name="Redwood China")
    duplicate = InvestorFactory(name="Redwood Capital China")
    investment = InvestmentFactory(investor=duplicate, is_lead=True)
    InvestorAlias.objects.create(investor=duplicate, name="RCC")

    merging.merge_investors(keep, [duplicate])

    investment.refresh_from_db()
    assert (investment.investor, investment.is_lead) == (keep, True)
    assert sorted(keep.aliases.values_list("name", flat=True)) == [
        "RCC",
        "Redwood Capital China",
        "Redwood China",
    ]
    assert list(Investor.objects.all()) == [keep]


def test_merge_investors_in_the_same_round_keeps_one_investment_and_the_lead_flag():
    keep = InvestorFactory()
    duplicate = InvestorFactory()
    round = FundingRoundFactory()
    InvestmentFactory(
        round=round, investor=keep, is_lead=False, evidence=[{"field": "participants"}]
    )
    InvestmentFactory(
        round=round,
        investor=duplicate,
        is_lead=True,
        evidence=[{"field": "lead_investors"}],
    )

    merging.merge_investors(keep, [duplicate])

    investment = Investment.objects.get(round=round)
    assert (investment.investor, investment.is_lead) == (keep, True)
    assert investment.evidence == [
        {"field": "participants"},
        {"field": "lead_investors"},
    ]


def test_merge_investors_moves_proposal_matches():
    keep = InvestorFactory()
    duplicate = InvestorFactory()
    proposal = RoundProposalFactory()
    proposal.suggested_investors.add(duplicate)

    merging.merge_investors(keep, [duplicate])

    assert list(proposal.suggested_investors.all()) == [keep]
