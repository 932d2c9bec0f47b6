from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.urls import reverse

from tests.factories import FundingRoundFactory, InvestmentFactory

pytestmark = pytest.mark.django_db


def test_deal_list_shows_rounds_with_qualifiers_and_investor_roles(client, analyst):
    round = FundingRoundFactory(
        company__name="Quillbyte",
        amount=Decimal("600000000"),
        amount_qualifier="at_least",
        valuation=Decimal("2500000000"),
        valuation_currency="USD",
        valuation_qualifier="more_than",
    )
    InvestmentFactory(round=round, investor__name="Harbor Lead", is_lead=True)
    InvestmentFactory(round=round, investor__name="Side Partner")
    client.force_login(analyst)

    html = client.get(reverse("rounds:deal-list")).content.decode()

    assert "Quillbyte" in html
    assert "≥ $600M" in html
    assert "&gt; $2.5B" in html
    assert html.index("Harbor Lead") < html.index("Side Partner")


def test_deal_list_is_newest_first(client, analyst):
    FundingRoundFactory(company__name="Older Co", announced_on=dt.date(2020, 1, 1))
    FundingRoundFactory(company__name="Newer Co", announced_on=dt.date(2024, 1, 1))
    client.force_login(analyst)

    html = client.get(reverse("rounds:deal-list")).content.decode()

    assert html.index("Newer Co") < html.index("Older Co")


def test_deal_list_empty_state(client, analyst):
    client.force_login(analyst)

    assert "No rounds yet" in client.get(reverse("rounds:deal-list")).content.decode()


@pytest.mark.parametrize("item_count", [1, 3])
def test_deal_list_query_count_does_not_grow_with_rows(
    client, analyst, django_assert_num_queries, item_count
):
    for round in FundingRoundFactory.create_batch(item_count):
        InvestmentFactory.create_batch(2, round=round)
    client.force_login(analyst)

    # session, user, count, rounds, investments with investors
    with django_assert_num_queries(5):
        client.get(reverse("rounds:deal-list"))
