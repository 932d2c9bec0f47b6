from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.urls import reverse

from rounds.models import RoundSource
from tests.factories import (
    ArticleFactory,
    CompanyFactory,
    FundingRoundFactory,
    InvestmentFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def company(db):
    company = CompanyFactory(name="Moonshot AI", slug="moonshot")
    seed = FundingRoundFactory(
        company=company,
        round_type="seed",
        amount=Decimal(5_000_000),
        announced_on=dt.date(2022, 1, 1),
    )
    growth = FundingRoundFactory(
        company=company,
        round_type="growth",
        amount=Decimal(600_000_000),
        amount_qualifier="at_least",
        valuation=Decimal(2_500_000_000),
        valuation_currency="USD",
        announced_on=dt.date(2024, 2, 1),
    )
    InvestmentFactory(round=seed, investor__name="Seed Fund")
    InvestmentFactory(round=growth, investor__name="Alibaba", is_lead=True)
    article = ArticleFactory(
        title="Moonshot raises",
        text="Moonshot AI raised at least $600 million led by Alibaba.",
    )
    RoundSource.objects.create(
        round=growth,
        article=article,
        evidence=[
            {"field": "amount", "start": 19, "end": 40},
            {"field": "bad", "start": 99, "end": 5},
        ],
    )
    return company


def test_company_detail_shows_rounds_newest_first_as_a_timeline(
    client, analyst, company
):
    client.force_login(analyst)

    context = client.get(reverse("rounds:company-detail", args=["moonshot"])).context

    assert [r.round_type for r in context["timeline"]] == ["growth", "seed"]


def test_company_detail_lists_investors_leads_first(client, analyst, company):
    client.force_login(analyst)

    context = client.get(reverse("rounds:company-detail", args=["moonshot"])).context

    assert [(e["investor"].name, e["led"]) for e in context["investors"]] == [
        ("Alibaba", 1),
        ("Seed Fund", 0),
    ]


def test_company_detail_shows_sources_with_their_evidence(client, analyst, company):
    client.force_login(analyst)

    html = client.get(
        reverse("rounds:company-detail", args=["moonshot"])
    ).content.decode()

    assert "Moonshot raises" in html
    assert "<mark>at least $600 million</mark>" in html
    assert "bad" not in html.split('class="sources"')[1]


def test_company_detail_charts_amount_and_valuation(client, analyst, company):
    client.force_login(analyst)

    html = client.get(
        reverse("rounds:company-detail", args=["moonshot"])
    ).content.decode()

    assert (
        "Moonshot AI: amount raised and valuation by round, in US dollars</title>"
        in html
    )
    assert "Valuation 2024-02-01: $2.5B" in html
    assert "Amount 2022-01-01: $5M" in html


def test_company_detail_unknown_slug_is_404(client, analyst):
    client.force_login(analyst)

    assert (
        client.get(reverse("rounds:company-detail", args=["nope"])).status_code == 404
    )


def test_company_detail_needs_permission(client, company):
    client.force_login(UserFactory())

    assert (
        client.get(reverse("rounds:company-detail", args=["moonshot"])).status_code
        == 403
    )


@pytest.mark.parametrize("item_count", [1, 3])
def test_company_detail_query_count_does_not_grow_with_rows(
    client, analyst, django_assert_num_queries, item_count
):
    company = CompanyFactory(slug="steady")
    for round in FundingRoundFactory.create_batch(item_count, company=company):
        InvestmentFactory.create_batch(2, round=round)
        RoundSource.objects.create(round=round, article=ArticleFactory())
    client.force_login(analyst)

    # session, user, permissions, company, rounds, their investors, sources with articles, its
    # other names, the searches that watch it:
    with django_assert_num_queries(9):
        client.get(reverse("rounds:company-detail", args=["steady"]))


def test_company_detail_editors_can_read(client, editor, company):
    client.force_login(editor)

    assert (
        client.get(reverse("rounds:company-detail", args=["moonshot"])).status_code
        == 200
    )


def test_company_detail_lists_its_other_names(client, analyst, company):
    company.add_alias("Moonshot")
    client.force_login(analyst)

    html = client.get(
        reverse("rounds:company-detail", args=["moonshot"])
    ).content.decode()

    assert '<p class="also-known">Also known as Moonshot</p>' in html
