from __future__ import annotations

import datetime as dt

import pytest

from rounds.analytics.rows import attach_investors
from tests.factories import FundingRoundFactory, InvestmentFactory


@pytest.mark.django_db
def test_attach_investors_puts_leads_first_in_recorded_order(django_assert_num_queries):
    round = FundingRoundFactory(announced_on=dt.date(2024, 1, 1))
    InvestmentFactory(round=round, investor__name="Second Follower")
    InvestmentFactory(round=round, investor__name="Zeta Lead", is_lead=True)
    InvestmentFactory(round=round, investor__name="Alpha Lead", is_lead=True)
    bare = FundingRoundFactory()

    with django_assert_num_queries(1):
        attach_investors([round, bare])

    assert [i.name for i in round.lead_investors] == ["Zeta Lead", "Alpha Lead"]
    assert [i.name for i in round.other_investors] == ["Second Follower"]
    assert (bare.lead_investors, bare.other_investors) == ([], [])
