from __future__ import annotations

import datetime as dt
from decimal import Decimal
from io import StringIO

import pytest
from django.core.management import call_command

from tests.factories import (
    CompanyFactory,
    FundingRoundFactory,
    InvestmentFactory,
    InvestorFactory,
    RoundSourceFactory,
)

pytestmark = pytest.mark.django_db


def test_benchmark_pages_prints_request_and_sql_times_for_every_page():
    lead = InvestorFactory()
    company = CompanyFactory(name="Robotics One")
    for day in range(1, 8):
        round = FundingRoundFactory(
            company=company,
            valuation=Decimal(2 * 10**9),
            valuation_currency="USD",
            announced_on=dt.date(2024, 1, day),
        )
        InvestmentFactory(round=round, investor=lead, is_lead=True)
    RoundSourceFactory(
        round=round,
        article__text="Robotics One raised $10 million.",
        evidence=[{"field": "amount", "start": 19, "end": 30}],
    )
    InvestorFactory.create_batch(
        500
    )  # the command also opens the 500th busiest investor
    for investor in InvestorFactory._meta.model.objects.all()[:501]:
        InvestmentFactory(investor=investor)
    out = StringIO()

    call_command("benchmark_pages", "--repeat", "1", "--deep-page", "3", stdout=out)

    text = out.getvalue()
    assert "Deals, no filter, page 1 " in text
    assert "Deals, no filter, page 3 " in text
    assert f"Deals, lead investor {lead.slug}, by valuation, page 1" in text
    assert "League table, all lead investors, computed" in text
    assert "Investor page, the busiest" in text
    assert "Round page " in text
    assert "Round page, the sentence of its amount (tooltip)" in text
    assert f"API rounds, lead investor {lead.slug} by valuation, 500 a page" in text
    assert "API investors, 100 a page" in text
    assert f"Saved-search feed, lead investor {lead.slug} " in text
    assert "CSV export" in text
