from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.db import connection
from django.urls import reverse

from rounds.views import exports as export_views
from tests.factories import FundingRoundFactory, InvestmentFactory, UserFactory

pytestmark = pytest.mark.django_db


def test_deal_api_returns_rounds_with_figures_and_investors(client, analyst):
    round = FundingRoundFactory(
        company__name="Api Co",
        company__country="US",
        amount=Decimal("600000000"),
        amount_qualifier="at_least",
        valuation=Decimal("2500000000"),
        valuation_currency="USD",
        valuation_basis="post",
        announced_on=dt.date(2024, 5, 6),
    )
    InvestmentFactory(
        round=round, investor__name="Lead", investor__slug="lead", is_lead=True
    )
    client.force_login(analyst)

    data = client.get(reverse("rounds:deal-api")).json()

    assert data["next"] is None
    assert data["results"] == [
        {
            "id": round.pk,
            "company": {"name": "Api Co", "slug": round.company.slug, "country": "US"},
            "date": "2024-05-06",
            "date_precision": "day",
            "round_type": "series_a",
            "round_label": "",
            "status": "announced",
            "amount": {
                "value": "600000000.00",
                "currency": "USD",
                "qualifier": "at_least",
                "usd": "600000000.00",
            },
            "valuation": {
                "value": "2500000000.00",
                "currency": "USD",
                "qualifier": "exact",
                "usd": "2500000000.00",
                "basis": "post",
            },
            "lead_investors": [{"name": "Lead", "slug": "lead"}],
            "other_investors": [],
            "sources": 0,
        }
    ]


def test_deal_api_follows_next_links_through_every_row(client, analyst, monkeypatch):
    monkeypatch.setattr(export_views, "API_PAGE_SIZE", 2)
    rounds = [
        FundingRoundFactory(amount=Decimal(n * 1_000_000), valuation=None)
        for n in range(1, 6)
    ]
    client.force_login(analyst)

    seen, url = [], reverse("rounds:deal-api") + "?sort=-amount&amount_min=2M"
    while url:
        data = client.get(url).json()
        seen += [r["id"] for r in data["results"]]
        url = data["next"]

    assert seen == [r.pk for r in reversed(rounds[1:])]


def test_deal_api_reports_invalid_filters_and_cursors(client, analyst):
    client.force_login(analyst)

    bad_filter = client.get(reverse("rounds:deal-api"), {"date_from": "yesterday"})
    bad_cursor = client.get(reverse("rounds:deal-api"), {"cursor": "nope"})

    assert bad_filter.status_code == 400
    assert "date_from" in bad_filter.json()["errors"]
    assert bad_cursor.status_code == 400
    assert bad_cursor.json() == {"errors": {"cursor": ["This page link is not valid."]}}


def test_deal_api_needs_permission(client):
    client.force_login(UserFactory())

    assert client.get(reverse("rounds:deal-api")).status_code == 403


@pytest.mark.parametrize("item_count", [1, 3])
def test_deal_api_query_count_does_not_grow_with_rows(
    client, analyst, django_assert_num_queries, item_count
):
    for round in FundingRoundFactory.create_batch(item_count):
        InvestmentFactory.create_batch(2, round=round)
    client.force_login(analyst)

    # session, user, permissions (2), rounds, their investors; on PostgreSQL the page runs
    # in a savepoint with its own planner settings (3 statements more):
    with django_assert_num_queries(9 if connection.vendor == "postgresql" else 6):
        client.get(reverse("rounds:deal-api"))


def test_deal_api_editors_can_read(client, editor):
    client.force_login(editor)

    assert client.get(reverse("rounds:deal-api")).status_code == 200
