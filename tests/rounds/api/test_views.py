from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.urls import reverse

from rounds.models import Sector
from tests.factories import (
    CompanyFactory,
    FundingRoundFactory,
    InvestmentFactory,
    InvestorFactory,
    RoundSourceFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db


def test_round_list_returns_rounds_with_figures_and_investors(api_client):
    round = FundingRoundFactory(
        company__name="Зорвекс Роботикс",
        company__country="DE",
        amount=Decimal("600000000"),
        amount_qualifier="at_least",
        valuation=Decimal("2500000000"),
        valuation_currency="USD",
        valuation_basis="post",
        announced_on=dt.date(2024, 5, 6),
    )
    InvestmentFactory(
        round=round, investor__name="青山资本", investor__slug="qingshan", is_lead=True
    )
    InvestmentFactory(round=round, investor__name="Fondé", investor__slug="fonde")
    RoundSourceFactory(round=round, article__url="https://news.example/zorvex")
    round.company.sectors.add(Sector.objects.get(slug="robotics"))

    data = api_client.get(reverse("api:round-list")).json()

    assert data["next"] is None
    assert data["previous"] is None
    assert data["results"] == [
        {
            "id": round.pk,
            "company": {
                "name": "Зорвекс Роботикс",
                "slug": round.company.slug,
                "country": "DE",
            },
            "sectors": [{"name": "Robotics", "slug": "robotics"}],
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
            "lead_investors": [{"name": "青山资本", "slug": "qingshan"}],
            "other_investors": [{"name": "Fondé", "slug": "fonde"}],
            "sources": 1,
            "source_urls": ["https://news.example/zorvex"],
            "page_url": f"http://testserver/rounds/{round.pk}/",
        }
    ]


def test_round_list_takes_the_deals_filter_and_sort(api_client):
    lead = InvestorFactory(name="Harbor Lane", slug="harbor-lane")
    small, big, other = (
        FundingRoundFactory(amount=Decimal(n) * 10**6) for n in (5, 50, 500)
    )
    for round in (small, big):
        InvestmentFactory(round=round, investor=lead, is_lead=True)

    data = api_client.get(
        reverse("api:round-list"),
        {"lead": "Harbor Lane", "amount_min": "$1M", "sort": "-amount"},
    ).json()

    assert [r["id"] for r in data["results"]] == [big.pk, small.pk]


def test_round_list_refuses_a_bad_filter_naming_it(api_client):
    response = api_client.get(
        reverse("api:round-list"), {"date_from": "yesterday", "valuation_min": "€5M"}
    )

    assert response.status_code == 400
    assert response.json() == {
        "date_from": ["Enter a valid date."],
        "valuation_min": [
            "Filters compare US dollars: write the figure in dollars, like 500M or $1.2B."
        ],
    }


def test_round_list_refuses_a_value_with_a_percent_sign(api_client):
    response = api_client.get(reverse("api:round-list"), {"amount_max": "$5%"})

    assert response.status_code == 400
    assert list(response.json()) == ["amount_max"]


def test_round_detail_has_the_fields_of_the_list(api_client):
    round = FundingRoundFactory(valuation=None)
    InvestmentFactory(round=round, is_lead=True)

    detail = api_client.get(reverse("api:round-detail", args=[round.pk])).json()
    listed = api_client.get(reverse("api:round-list")).json()["results"]

    assert listed == [detail]
    assert detail["valuation"] is None


def test_round_detail_of_no_round_is_404_json(api_client):
    response = api_client.get(reverse("api:round-detail", args=[987654]))

    assert response.status_code == 404
    assert response.json() == {"detail": "No FundingRound matches the given query."}


@pytest.mark.parametrize(
    ("id", "detail"),
    [
        ("abc", "Not found."),
        ("1.5", "Not found."),
        ("99999999999999999999", "No FundingRound matches the given query."),
    ],
)
def test_round_detail_of_an_id_that_is_no_number_of_a_round_is_404_json(
    api_client, id, detail
):
    response = api_client.get(reverse("api:round-detail", args=[id]))

    assert response.status_code == 404
    assert response.json() == {"detail": detail}


def test_companies_list_their_former_names(api_client):
    company = CompanyFactory(name="Moonlight AI", country="CN")
    company.add_alias("Moonlight")
    CompanyFactory(name="Other")

    data = api_client.get(reverse("api:company-list"), {"name": "moonlight"}).json()

    assert data["results"] == [
        {
            "id": company.pk,
            "name": "Moonlight AI",
            "slug": "moonlight-ai",
            "country": "CN",
            "website": "",
            "description": "",
            "aliases": ["Moonlight"],
        }
    ]


@pytest.mark.parametrize("url_name", ["api:company-list", "api:investor-list"])
def test_names_filter_by_country(api_client, url_name):
    factory = CompanyFactory if url_name == "api:company-list" else InvestorFactory
    german = factory(country="DE")
    factory(country="FR")

    data = api_client.get(reverse(url_name), {"country": "de"}).json()
    bad = api_client.get(reverse(url_name), {"country": "Deutschland"})

    assert [row["id"] for row in data["results"]] == [german.pk]
    assert bad.status_code == 400


def test_investors_resolve_a_former_name(api_client):
    hongshan = InvestorFactory(name="HongShan", kind="venture")
    hongshan.add_alias("Sequoia China")
    InvestorFactory(name="Sequoia Capital")

    found = api_client.get(reverse("api:investor-list"), {"name": "Sequoia China"})
    detail = api_client.get(reverse("api:investor-detail", args=["hongshan"]))

    assert [i["name"] for i in found.json()["results"]] == ["HongShan"]
    assert detail.json()["aliases"] == ["Sequoia China"]


def test_sectors_list_the_whole_taxonomy_on_one_page(api_client):
    data = api_client.get(reverse("api:sector-list"), {"page_size": 500}).json()

    names = [row["name"] for row in data["results"]]
    assert len(names) == Sector.objects.count() > 25
    assert {"name": "Robotics", "slug": "robotics"}.items() <= data["results"][
        names.index("Robotics")
    ].items()


def test_sector_detail_by_slug_and_a_wrong_one_is_404(api_client):
    found = api_client.get(reverse("api:sector-detail", args=["fintech"]))
    missing = api_client.get(reverse("api:sector-detail", args=["alchemy"]))

    assert found.json() == {
        "id": Sector.objects.get(slug="fintech").pk,
        "name": "Fintech",
        "slug": "fintech",
    }
    assert missing.status_code == 404


def test_companies_filter_by_sector(api_client):
    robots = CompanyFactory(name="Gripwell")
    robots.sectors.add(Sector.objects.get(slug="robotics"))
    CompanyFactory(name="Ledgerly").sectors.add(Sector.objects.get(slug="fintech"))

    data = api_client.get(reverse("api:company-list"), {"sector": "robotics"}).json()
    bad = api_client.get(reverse("api:company-list"), {"sector": "alchemy"})

    assert [row["name"] for row in data["results"]] == ["Gripwell"]
    assert list(bad.json()) == ["sector"]


def test_sectors_are_read_with_the_companies_view_permission(client):
    outsider = UserFactory()
    client.force_login(outsider)

    assert client.get(reverse("api:sector-list")).status_code == 403


def test_sectors_need_a_token(client):
    response = client.get(reverse("api:sector-list"))

    assert response.status_code == 401
    assert response["WWW-Authenticate"] == 'Bearer realm="api"'


def test_api_needs_the_view_permission(client):
    client.force_login(UserFactory())

    assert client.get(reverse("api:round-list")).status_code == 403


def test_api_serves_a_signed_in_browser_too(client, editor):
    client.force_login(editor)

    assert client.get(reverse("api:round-list")).status_code == 200


def test_api_only_reads(api_client):
    round = FundingRoundFactory()

    responses = [
        api_client.post(reverse("api:round-list"), {}),
        api_client.delete(reverse("api:round-detail", args=[round.pk])),
        api_client.put(reverse("api:round-detail", args=[round.pk]), {}),
    ]

    assert [r.status_code for r in responses] == [405, 405, 405]


# Queries a call makes: the token (with its user), the user's permissions, then the rows.


@pytest.mark.parametrize("item_count", [1, 3, 60])
def test_round_list_query_count_does_not_grow_with_rows(
    api_client, django_assert_num_queries, item_count
):
    for round in FundingRoundFactory.create_batch(item_count):
        InvestmentFactory.create_batch(2, round=round)
    api_client.get(reverse("api:round-list"))  # the token's first use is written once

    # token, permissions, the page's rounds, their investors, their companies' sectors, their
    # source URLs:
    with django_assert_num_queries(6):
        api_client.get(reverse("api:round-list"), {"page_size": 50})


def test_round_detail_query_count(api_client, django_assert_num_queries):
    round = FundingRoundFactory()
    InvestmentFactory.create_batch(3, round=round)
    api_client.get(reverse("api:round-list"))

    # token, permissions, the round with its company and source count, its investors, its
    # company's sectors, its source URLs:
    with django_assert_num_queries(6):
        api_client.get(reverse("api:round-detail", args=[round.pk]))


@pytest.mark.parametrize("item_count", [1, 3])
@pytest.mark.parametrize(
    ("url_name", "factory"),
    [("api:company-list", CompanyFactory), ("api:investor-list", InvestorFactory)],
)
def test_name_lists_query_count_does_not_grow_with_rows(
    api_client, django_assert_num_queries, item_count, url_name, factory
):
    factory.create_batch(item_count)
    api_client.get(reverse("api:round-list"))

    # token, permissions, the page, the aliases of its rows:
    with django_assert_num_queries(4):
        api_client.get(reverse(url_name))


@pytest.mark.parametrize(
    ("url_name", "factory"),
    [("api:company-detail", CompanyFactory), ("api:investor-detail", InvestorFactory)],
)
def test_name_detail_query_count(
    api_client, django_assert_num_queries, url_name, factory
):
    row = factory(name="Ёлка Labs")
    row.add_alias("Yolka")
    api_client.get(reverse("api:round-list"))

    # token, permissions, the row, its aliases:
    with django_assert_num_queries(4):
        response = api_client.get(reverse(url_name, args=[row.slug]))

    assert response.json()["aliases"] == ["Yolka"]


def test_sector_list_query_count(api_client, django_assert_num_queries):
    api_client.get(reverse("api:round-list"))

    # token, permissions, the page:
    with django_assert_num_queries(3):
        api_client.get(reverse("api:sector-list"))
