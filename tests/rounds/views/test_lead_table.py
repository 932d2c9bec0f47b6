from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from rounds.models import Sector
from tests.factories import (
    FundingRoundFactory,
    InvestmentFactory,
    InvestorFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db


def _lead(investor, *, amount, valuation=None, day=dt.date(2024, 1, 1), name=None):
    round = FundingRoundFactory(
        **({"company__name": name} if name else {}),
        amount=Decimal(amount) * 10**6,
        valuation=None if valuation is None else Decimal(valuation) * 10**6,
        valuation_currency="" if valuation is None else "USD",
        announced_on=day,
    )
    InvestmentFactory(round=round, investor=investor, is_lead=True)
    return round


def _investors(html: str) -> list[str]:
    return re.findall(
        r'<td class="company"><a href="/investors/[^"]+/">([^<]+)</a>', html
    )


@pytest.fixture
def two_leads(db):
    big = InvestorFactory(name="Big Lead")
    small = InvestorFactory(name="Small Lead")
    _lead(big, amount=10, valuation=100, day=dt.date(2023, 1, 1))
    _lead(big, amount=20, day=dt.date(2024, 6, 1), name="Latest Co")
    _lead(big, amount=90, valuation=2000, day=dt.date(2022, 1, 1))
    _lead(small, amount=500, valuation=5000, day=dt.date(2021, 1, 1))
    participant_round = _lead(small, amount=1, day=dt.date(2020, 1, 1))
    InvestmentFactory(round=participant_round, investor__name="Only Follows")
    return big, small


def test_lead_table_ranks_lead_investors_with_the_amounts_they_led(
    client, analyst, two_leads
):
    client.force_login(analyst)

    table = client.get(reverse("rounds:lead-table")).context["table"]

    big, small = table.rows
    assert (big.investor.name, big.rounds_led) == ("Big Lead", 3)
    assert big.total_amount == Decimal("120000000")
    assert big.latest == dt.date(2024, 6, 1)
    assert big.latest_round.company.name == "Latest Co"
    assert (small.investor.name, small.rounds_led, small.rank) == ("Small Lead", 2, 2)


def test_lead_table_sorts_by_total_amount(client, analyst, two_leads):
    client.force_login(analyst)

    html = client.get(
        reverse("rounds:lead-table"), {"order": "-total_amount"}
    ).content.decode()

    assert _investors(html) == ["Small Lead", "Big Lead"]


def test_lead_table_has_a_rank_by_field_showing_the_ranking(client, analyst, two_leads):
    client.force_login(analyst)

    html = client.get(
        reverse("rounds:lead-table"), {"order": "-total_amount"}
    ).content.decode()

    assert '<label for="id_order">Rank by</label>' in html
    assert (
        '<option value="-total_amount" selected>Amount led, largest first</option>'
        in html
    )


def test_lead_table_unknown_ranking_ranks_by_rounds_led(client, analyst, two_leads):
    client.force_login(analyst)

    response = client.get(reverse("rounds:lead-table"), {"order": "valuation"})

    assert response.context["order"] == "-rounds"
    assert _investors(response.content.decode()) == ["Big Lead", "Small Lead"]


def test_lead_table_amount_led_has_three_significant_figures(client, analyst):
    lead = InvestorFactory(name="Rounder")
    _lead(lead, amount="889.134")
    _lead(lead, amount="0.5")
    client.force_login(analyst)

    html = client.get(reverse("rounds:lead-table")).content.decode()

    assert '<span class="usd">$890M</span>' in html


def test_lead_table_applies_the_deals_filter(client, analyst, two_leads):
    client.force_login(analyst)

    html = client.get(
        reverse("rounds:lead-table"), {"valuation_min": "1B"}
    ).content.decode()
    table = client.get(reverse("rounds:lead-table"), {"valuation_min": "1B"}).context[
        "table"
    ]

    assert _investors(html) == ["Big Lead", "Small Lead"]
    assert [row.rounds_led for row in table.rows] == [1, 1]
    assert table.rows[0].latest_round.announced_on == dt.date(2022, 1, 1)


def test_lead_table_filters_by_sector_through_the_deals_filter(client, analyst):
    robotics = Sector.objects.get(slug="robotics")
    maker = _lead(InvestorFactory(name="Лидер роботов"), amount=5, name="Робозавод")
    maker.company.sectors.add(robotics)
    _lead(InvestorFactory(name="Other Lead"), amount=50, name="Bank Co")
    client.force_login(analyst)

    html = client.get(reverse("rounds:lead-table"), {"sector": "robotics"}).content

    assert _investors(html.decode()) == ["Лидер роботов"]
    assert "Sector Robotics" in html.decode()


def test_lead_table_rows_open_the_investor_and_its_deals(client, analyst, two_leads):
    big, _ = two_leads
    client.force_login(analyst)

    html = client.get(reverse("rounds:lead-table")).content.decode()

    assert f'href="/investors/{big.slug}/"' in html
    assert f'href="/?lead={big.slug}"' in html


def test_lead_table_invalid_filter_is_a_form_error(client, analyst):
    client.force_login(analyst)

    html = client.get(
        reverse("rounds:lead-table"), {"amount_max": "lots"}
    ).content.decode()

    assert "is not an amount" in html


def test_lead_table_empty_state(client, analyst):
    client.force_login(analyst)

    assert (
        "No lead investors here"
        in client.get(reverse("rounds:lead-table")).content.decode()
    )


def test_lead_table_htmx_renders_only_the_table(client, analyst, two_leads):
    client.force_login(analyst)

    html = client.get(
        reverse("rounds:lead-table"), HTTP_HX_REQUEST="true"
    ).content.decode()

    assert "<html" not in html
    assert html.lstrip().startswith('<div id="lead-table"')


def test_lead_table_needs_permission(client):
    client.force_login(UserFactory())

    assert client.get(reverse("rounds:lead-table")).status_code == 403


@pytest.mark.parametrize("item_count", [1, 3])
def test_lead_table_query_count_does_not_grow_with_rows(
    client, analyst, django_assert_num_queries, item_count
):
    for investor in InvestorFactory.create_batch(item_count):
        _lead(investor, amount=5)
    client.force_login(analyst)

    # session, user, permissions, the ranking from the summary, investors, latest rounds
    # (their leads, then the rounds), the sectors' names and the top sectors, the sector
    # filter's choices:
    with django_assert_num_queries(10):
        client.get(reverse("rounds:lead-table"))


@pytest.mark.parametrize("item_count", [1, 3])
def test_lead_table_computed_from_the_rounds_query_count_does_not_grow_with_rows(
    client, analyst, django_assert_num_queries, item_count
):
    for investor in InvestorFactory.create_batch(item_count):
        _lead(investor, amount=5, valuation=2000)
    client.force_login(analyst)

    # session, user, permissions, the ranking of the rounds (on PostgreSQL in a savepoint
    # with the planner's settings: three more), investors, latest rounds (their leads, then
    # the rounds), the sectors' names and the page's top sectors, the sector filter's choices:
    with django_assert_num_queries(13 if connection.vendor == "postgresql" else 10):
        client.get(reverse("rounds:lead-table"), {"valuation_min": "1B"})


def test_lead_table_editors_can_read(client, editor):
    client.force_login(editor)

    assert client.get(reverse("rounds:lead-table")).status_code == 200


def test_lead_table_of_whole_years_ranks_from_the_summary(client, analyst, two_leads):
    client.force_login(analyst)
    params = {"date_from": "2022-01-01", "date_to": "2023-12-31"}

    with CaptureQueriesContext(connection) as queries:
        table = client.get(reverse("rounds:lead-table"), params).context["table"]

    assert [(r.investor.name, r.rounds_led) for r in table.rows] == [("Big Lead", 2)]
    assert any("rounds_leadsummary" in q["sql"] for q in queries.captured_queries)


@pytest.mark.parametrize(
    "params",
    [
        {"sector": "robotics"},
        {"country": "de", "date_from": "2024-01-01"},
        {"round_type": "series_a", "date_to": "2024-12-31"},
    ],
)
def test_lead_table_of_one_sector_country_or_type_ranks_from_the_summary(
    client, analyst, params
):
    lead = InvestorFactory(name="Sliced")
    round = _lead(lead, amount=5, day=dt.date(2024, 3, 1))
    round.company.country = "DE"
    round.company.save()
    round.company.sectors.add(Sector.objects.get(slug="robotics"))
    client.force_login(analyst)

    with CaptureQueriesContext(connection) as queries:
        table = client.get(reverse("rounds:lead-table"), params).context["table"]

    ranking = [
        q["sql"] for q in queries.captured_queries if "rounds_leadsummary" in q["sql"]
    ]
    assert [(r.investor.name, r.rounds_led) for r in table.rows] == [("Sliced", 1)]
    assert ranking
    assert not any("rounds_fundinground" in sql for sql in ranking)


def test_lead_table_of_part_of_a_year_ranks_from_the_summary_and_its_part_months(
    client, analyst, two_leads
):
    client.force_login(analyst)
    params = {"date_from": "2024-05-15"}

    with CaptureQueriesContext(connection) as queries:
        table = client.get(reverse("rounds:lead-table"), params).context["table"]

    assert [(r.investor.name, r.rounds_led) for r in table.rows] == [("Big Lead", 1)]
    assert any("rounds_leadsummary" in q["sql"] for q in queries.captured_queries)


def _sector_lead(investor, sector, *, country="DE", day=dt.date(2024, 3, 1)):
    round = _lead(investor, amount=5, day=day)
    round.company.country = country
    round.company.save()
    round.company.sectors.add(Sector.objects.get(slug=sector))


def test_lead_table_shows_the_sectors_each_lead_led_most_in_the_filter(client, analyst):
    lead = InvestorFactory(name="Sector Lead")
    for sector, count in (("fintech", 3), ("robotics", 2), ("health", 1)):
        for _ in range(count):
            _sector_lead(lead, sector)
    _sector_lead(lead, "space")
    for _ in range(4):
        _sector_lead(lead, "space", country="FR")
    client.force_login(analyst)

    every = client.get(reverse("rounds:lead-table")).context["table"]
    germany = client.get(reverse("rounds:lead-table"), {"country": "DE"})
    html = germany.content.decode()

    assert every.rows[0].top_sectors == [
        ("Space and aerospace", 5),
        ("Fintech", 3),
        ("Robotics", 2),
    ]
    assert germany.context["table"].rows[0].top_sectors == [
        ("Fintech", 3),
        ("Robotics", 2),
        ("Health care", 1),
    ]
    assert "Top sectors" in html
    assert 'Fintech <span class="muted">(3)</span>' in html


def test_lead_table_computed_from_the_rounds_shows_the_top_sectors_too(client, analyst):
    lantern = Sector.objects.create(slug="paper-lanterns", name="Paper lanterns")
    lead = InvestorFactory(name="灯りキャピタル")
    for status in ("in_progress", "in_progress", "announced"):
        round = _lead(lead, amount=5)
        round.status = status
        round.save()
        round.company.sectors.add(lantern)
    client.force_login(analyst)

    response = client.get(reverse("rounds:lead-table"), {"status": "in_progress"})
    html = response.content.decode()

    assert response.context["table"].rows[0].top_sectors == [("Paper lanterns", 2)]
    assert "Top sectors" in html
    assert 'Paper lanterns <span class="muted">(2)</span>' in html
