from __future__ import annotations

import re

import pytest
from django.urls import reverse

from tests.factories import FundingRoundFactory, InvestmentFactory

pytestmark = pytest.mark.django_db


def _header_links(html: str) -> dict[str, str]:
    """Each sortable header's label as a screen reader reads it, and where it links to."""
    head = html[html.index("<thead>") : html.index("</thead>")]
    head = re.sub(r'<span aria-hidden="true">[^<]*</span>', "", head)
    return {
        " ".join(re.sub(r"<[^>]+>", "", label).split()): href
        for href, label in re.findall(r'<a href="([^"]+)"[^>]*>(.*?)</a>', head)
    }


def test_the_sorted_column_links_to_the_other_direction_and_the_rest_to_largest_first(
    client, analyst
):
    FundingRoundFactory(company__name="Ørsted Labs", company__country="DK")
    client.force_login(analyst)

    html = client.get(
        reverse("rounds:deal-list"),
        {"sort": "-valuation", "country": "DK", "cursor": "stale"},
    ).content.decode()

    links = _header_links(html)
    assert (
        links["Valuation (sorted, highest first)"] == "?sort=valuation&amp;country=DK"
    )
    assert links["Amount"] == "?sort=-amount&amp;country=DK"
    assert links["Date"] == "?sort=-date&amp;country=DK"
    assert 'class="sorted">Valuation <span aria-hidden="true">↓</span>' in html


def test_a_column_sorted_lowest_first_links_back_to_highest_first(client, analyst):
    FundingRoundFactory(company__name="Ørsted Labs")
    client.force_login(analyst)

    html = client.get(reverse("rounds:deal-list"), {"sort": "amount"}).content.decode()

    assert _header_links(html)["Amount (sorted, lowest first)"] == "?sort=-amount"


def test_an_investor_page_table_has_plain_headers(client, analyst):
    round = FundingRoundFactory(company__name="Ørsted Labs")
    investment = InvestmentFactory(round=round, is_lead=True)
    client.force_login(analyst)

    html = client.get(
        reverse("rounds:investor-detail", args=[investment.investor.slug])
    ).content.decode()

    assert _header_links(html) == {}
