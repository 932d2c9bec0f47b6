from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse

from tests.factories import (
    FundingRoundFactory,
    InvestmentFactory,
    InvestorFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def investor(db):
    investor = InvestorFactory(name="Harbor Ventures", slug="harbor")
    partner, other = (
        InvestorFactory(name="Often Together"),
        InvestorFactory(name="Once Together"),
    )
    for year, lead in [(2021, True), (2023, True), (2023, False)]:
        round = FundingRoundFactory(
            company__name=f"{'Led' if lead else 'Joined'} {year}",
            announced_on=dt.date(year, 3, 1),
        )
        InvestmentFactory(round=round, investor=investor, is_lead=lead)
        InvestmentFactory(round=round, investor=partner)
        if year == 2021:
            InvestmentFactory(round=round, investor=other)
    return investor


def test_investor_detail_lists_rounds_led_and_joined(client, analyst, investor):
    client.force_login(analyst)

    context = client.get(reverse("rounds:investor-detail", args=["harbor"])).context

    assert [r.company.name for r in context["led"]] == ["Led 2023", "Led 2021"]
    assert [r.company.name for r in context["joined"]] == ["Joined 2023"]
    assert (context["led_count"], context["joined_count"]) == (2, 1)


def test_investor_detail_ranks_co_investors_by_shared_deals(client, analyst, investor):
    client.force_login(analyst)

    context = client.get(reverse("rounds:investor-detail", args=["harbor"])).context

    assert [(i.name, n) for i, n in context["co_investors"]] == [
        ("Often Together", 3),
        ("Once Together", 1),
    ]


def test_investor_detail_charts_activity_by_year(client, analyst, investor):
    client.force_login(analyst)

    response = client.get(reverse("rounds:investor-detail", args=["harbor"]))

    html = response.content.decode()
    assert response.context["activity"] == [(2021, 1, 0), (2022, 0, 0), (2023, 1, 1)]
    assert '<svg class="chart"' in html
    assert "Rounds Harbor Ventures led and joined, by year</title>" in html
    assert "<script" not in html.split("<main>")[1]


def test_investor_detail_unknown_slug_is_404(client, analyst):
    client.force_login(analyst)

    assert (
        client.get(reverse("rounds:investor-detail", args=["nobody"])).status_code
        == 404
    )


def test_investor_detail_needs_permission(client, investor):
    client.force_login(UserFactory())

    assert (
        client.get(reverse("rounds:investor-detail", args=["harbor"])).status_code
        == 403
    )


@pytest.mark.parametrize("item_count", [1, 3])
def test_investor_detail_query_count_does_not_grow_with_rows(
    client, analyst, django_assert_num_queries, item_count
):
    investor = InvestorFactory(slug="busy")
    for round in FundingRoundFactory.create_batch(item_count):
        InvestmentFactory(round=round, investor=investor, is_lead=True)
        InvestmentFactory.create_batch(2, round=round)
    for round in FundingRoundFactory.create_batch(item_count):
        InvestmentFactory(round=round, investor=investor)
    client.force_login(analyst)

    # session, user, permissions, investor, activity, its rounds led and joined (from its
    # years), co-investors (2), led rounds and joined rounds (each with their companies'
    # sectors), their investors, its other names, the searches that watch it:
    with django_assert_num_queries(13):
        client.get(reverse("rounds:investor-detail", args=["busy"]))


def test_investor_detail_editors_can_read(client, editor, investor):
    client.force_login(editor)

    assert (
        client.get(reverse("rounds:investor-detail", args=["harbor"])).status_code
        == 200
    )


def test_investor_detail_lists_its_other_names(client, analyst):
    hongshan = InvestorFactory(name="HongShan", slug="hongshan")
    hongshan.add_alias("Sequoia China")
    hongshan.add_alias("红杉中国")
    client.force_login(analyst)

    html = client.get(
        reverse("rounds:investor-detail", args=["hongshan"])
    ).content.decode()

    assert '<p class="also-known">Also known as Sequoia China, 红杉中国</p>' in html
