from __future__ import annotations

from decimal import Decimal
from urllib.parse import parse_qs, urlsplit

import pytest
from django.urls import reverse

from rounds.api import pagination
from tests.factories import CompanyFactory, FundingRoundFactory

pytestmark = pytest.mark.django_db


def _follow(client, url: str, **params) -> list[int]:
    seen, data = [], client.get(url, params).json()
    while True:
        seen += [row["id"] for row in data["results"]]
        if data["next"] is None:
            return seen
        data = client.get(data["next"]).json()


def test_next_links_go_through_every_round_in_the_filters_order(api_client):
    rounds = [
        FundingRoundFactory(amount=Decimal(n * 1_000_000), valuation=None)
        for n in range(1, 6)
    ]

    seen = _follow(
        api_client,
        reverse("api:round-list"),
        sort="-amount",
        amount_min="2M",
        page_size=2,
    )

    assert seen == [r.pk for r in reversed(rounds[1:])]


def test_previous_links_go_back(api_client):
    FundingRoundFactory.create_batch(3)
    first = api_client.get(reverse("api:round-list"), {"page_size": 2}).json()

    second = api_client.get(first["next"]).json()
    back = api_client.get(second["previous"]).json()

    assert back["results"] == first["results"]
    assert back["previous"] is None


def test_next_links_go_through_every_company(api_client):
    companies = CompanyFactory.create_batch(5)

    seen = _follow(api_client, reverse("api:company-list"), page_size=2)

    assert seen == [c.pk for c in companies]


@pytest.mark.parametrize("url_name", ["api:round-list", "api:company-list"])
@pytest.mark.parametrize("size", ["0", "501", "-1", "ten", "٣", "1e3"])
def test_a_page_size_outside_1_to_500_is_refused(api_client, url_name, size):
    response = api_client.get(reverse(url_name), {"page_size": size})

    assert response.status_code == 400
    assert response.json() == {"page_size": ["Ask for 1 to 500 rows a page."]}


def test_pages_of_500_rounds(api_client, monkeypatch):
    FundingRoundFactory.create_batch(4)
    monkeypatch.setattr(pagination, "MAX_PAGE_SIZE", 3)

    refused = api_client.get(reverse("api:round-list"), {"page_size": 4})
    page = api_client.get(reverse("api:round-list"), {"page_size": 3}).json()

    assert refused.status_code == 400
    assert len(page["results"]) == 3


def test_the_default_page_has_100_rounds(api_client):
    FundingRoundFactory.create_batch(101, valuation=None)

    page = api_client.get(reverse("api:round-list")).json()

    assert len(page["results"]) == 100
    assert page["next"] is not None


@pytest.mark.parametrize("cursor", ["nope", "eyJ9", "ü"])
def test_a_bad_cursor_is_refused(api_client, cursor):
    response = api_client.get(reverse("api:round-list"), {"cursor": cursor})

    assert response.status_code == 400
    assert response.json() == {"cursor": ["This page link is not valid."]}


def test_a_cursor_of_another_sort_is_refused(api_client):
    FundingRoundFactory.create_batch(3)
    page = api_client.get(reverse("api:round-list"), {"page_size": 1}).json()
    cursor = parse_qs(urlsplit(page["next"]).query)["cursor"][0]

    response = api_client.get(
        reverse("api:round-list"), {"cursor": cursor, "sort": "-amount"}
    )

    assert response.status_code == 400
    assert response.json() == {
        "cursor": ["This page link belongs to another sort order."]
    }
