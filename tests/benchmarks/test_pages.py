from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from benchmarks.pages import main
from tests.factories import (
    CompanyFactory,
    FundingRoundFactory,
    InvestmentFactory,
    InvestorFactory,
    RoundSourceFactory,
)

pytestmark = pytest.mark.django_db


def test_pages_prints_request_and_sql_times_and_their_ratio_for_every_page(capsys):
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

    assert main(["--repeat", "1", "--deep-page", "3", "--no-vacuum"]) == 0

    text = capsys.readouterr().out
    header = next(line for line in text.splitlines() if line.startswith("page "))
    assert header.split() == [
        "page", "request", "SQL", "ratio", "queries", "rows", "verdict",
    ]  # fmt: skip
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


def test_pages_says_when_there_is_nothing_to_time(capsys):
    assert main(["--repeat", "1", "--no-vacuum"]) == 1

    assert "benchmarks.dataset" in capsys.readouterr().err
