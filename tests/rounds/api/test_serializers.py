from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.urls import reverse

from rounds.api.serializers import MoneySerializer, RoundSerializer, ValuationSerializer
from tests.factories import FundingRoundFactory, InvestmentFactory

pytestmark = pytest.mark.django_db


def test_the_schema_describes_exactly_what_the_column_spec_writes(api_client):
    round = FundingRoundFactory(
        valuation=Decimal(900_000_000),
        valuation_currency="EUR",
        valuation_basis="post",
        announced_on=dt.date(2024, 4, 5),
    )
    InvestmentFactory(round=round, is_lead=True)

    (row,) = api_client.get(reverse("api:round-list")).json()["results"]

    assert set(row) == set(RoundSerializer().fields)
    assert set(row["amount"]) == set(MoneySerializer().fields)
    assert set(row["valuation"]) == set(ValuationSerializer().fields)
