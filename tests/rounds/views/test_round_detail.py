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
    InvestorFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db

TEXT = (
    "Зорвекс Роботикс, a Berlin robotics startup, raised $120 million in a Series B. "
    "The round was led by Sequoia China and values the company at $1 billion. "
    "Fondé Capital also took part."
)


def _span(field: str, words: str) -> dict[str, object]:
    start = TEXT.index(words)
    return {"field": field, "start": start, "end": start + len(words)}


@pytest.fixture
def round(db):
    company = CompanyFactory(name="Зорвекс Роботикс", country="DE")
    FundingRoundFactory(
        company=company,
        round_type="series_a",
        valuation=Decimal(400_000_000),
        valuation_currency="USD",
        valuation_basis="post",
        announced_on=dt.date(2023, 3, 1),
    )
    round = FundingRoundFactory(
        company=company,
        round_type="series_b",
        amount=Decimal(120_000_000),
        valuation=Decimal(1_000_000_000),
        valuation_currency="USD",
        announced_on=dt.date(2024, 6, 3),
    )
    FundingRoundFactory(
        company=company, round_type="series_c", announced_on=dt.date(2025, 1, 2)
    )
    hongshan = InvestorFactory(name="HongShan", slug="hongshan")
    hongshan.add_alias("Sequoia China")
    InvestmentFactory(round=round, investor=hongshan, is_lead=True)
    InvestmentFactory(round=round, investor__name="Fondé Capital")
    RoundSource.objects.create(
        round=round,
        article=ArticleFactory(
            url="https://news.example/zorvex",
            title="Zorvex raises",
            source_name="Example News",
            text=TEXT,
        ),
        evidence=[
            _span("amount", "$120 million"),
            _span("valuation", "$1 billion"),
            _span("lead_investors", "Sequoia China"),
            _span("participants", "Fondé Capital"),
            _span("company_country", "Berlin"),
            _span("company_descriptor", "robotics startup"),
        ],
    )
    return round


def test_round_detail_shows_each_value_with_its_sentence_and_article(
    client, analyst, round
):
    client.force_login(analyst)

    response = client.get(reverse("rounds:round-detail", args=[round.pk]))

    page = response.content.decode()
    assert response.status_code == 200
    assert (
        "<q>Зорвекс Роботикс, a Berlin robotics startup, raised <mark>$120 million</mark>"
        " in a Series B.</q>" in page
    )
    assert (
        "<q>The round was led by Sequoia China and values the company at "
        "<mark>$1 billion</mark>.</q>" in page
    )
    assert 'href="https://news.example/zorvex"' in page
    assert "Example News" in page
    # The company's country and description, from the same sentence:
    assert "Зорвекс Роботикс, a <mark>Berlin</mark> robotics startup" in page
    assert '<th scope="row">Described as</th><td>robotics startup</td>' in page


def test_round_detail_lists_investors_with_lead_marks_and_the_sentences_naming_them(
    client, analyst, round
):
    client.force_login(analyst)

    response = client.get(reverse("rounds:round-detail", args=[round.pk]))

    investors = response.context["investors"]
    assert [
        (i.investor.name, i.is_lead, [c.quote.marked for c in cited])
        for i, cited in investors
    ] == [
        ("HongShan", True, ["Sequoia China"]),
        ("Fondé Capital", False, ["Fondé Capital"]),
    ]
    assert '<span class="badge lead">Lead</span>' in response.content.decode()


def test_round_detail_links_the_previous_and_next_rounds_and_flags_an_up_round(
    client, analyst, round
):
    client.force_login(analyst)

    response = client.get(reverse("rounds:round-detail", args=[round.pk]))

    around = response.context["around"]
    page = response.content.decode()
    assert (around.previous.round_type, around.next.round_type) == (
        "series_a",
        "series_c",
    )
    assert around.step.direction == "up"
    assert "▲ Up round" in page
    assert "2.50× that of the" in page
    assert reverse("rounds:round-detail", args=[around.next.pk]) in page


def test_round_detail_of_a_round_without_sources_says_so(client, analyst):
    round = FundingRoundFactory()
    client.force_login(analyst)

    page = client.get(reverse("rounds:round-detail", args=[round.pk])).content.decode()

    assert "No source article is linked to this round." in page
    assert "No source sentence recorded." in page


def test_round_detail_needs_permission(client, round):
    client.force_login(UserFactory())

    assert (
        client.get(reverse("rounds:round-detail", args=[round.pk])).status_code == 403
    )


def test_round_detail_of_no_round_is_404(client, analyst):
    client.force_login(analyst)

    assert client.get(reverse("rounds:round-detail", args=[98765])).status_code == 404


@pytest.mark.parametrize("item_count", [1, 3])
def test_round_detail_query_count(
    client, analyst, django_assert_num_queries, item_count
):
    round = FundingRoundFactory()
    for _ in range(item_count):
        InvestmentFactory(round=round)
        RoundSource.objects.create(round=round, article=ArticleFactory())
        FundingRoundFactory(company=round.company)
    client.force_login(analyst)

    # session, user, permissions, the round with its company, its sources with their
    # articles, its investments with their investors, their names, the company's rounds:
    with django_assert_num_queries(8):
        client.get(reverse("rounds:round-detail", args=[round.pk]))


def test_round_evidence_is_the_sentence_of_one_figure(client, analyst, round):
    client.force_login(analyst)

    response = client.get(
        reverse("rounds:round-evidence", args=[round.pk, "amount"]),
        HTTP_HX_REQUEST="true",
    )

    html = response.content.decode()
    assert "<html" not in html
    assert "raised <mark>$120 million</mark> in a Series B.</q>" in html
    assert "Example News" in html


def test_round_evidence_of_a_figure_without_a_sentence_says_so(client, analyst):
    round = FundingRoundFactory()
    client.force_login(analyst)

    response = client.get(reverse("rounds:round-evidence", args=[round.pk, "amount"]))

    assert (
        response.content.decode()
        == '<span class="muted">No source sentence recorded.</span>'
    )


@pytest.mark.parametrize("field", ["company", "text", "lead_investors"])
def test_round_evidence_only_for_figures(client, analyst, round, field):
    client.force_login(analyst)

    response = client.get(reverse("rounds:round-evidence", args=[round.pk, field]))

    assert response.status_code == 404


def test_round_evidence_query_count(client, analyst, round, django_assert_num_queries):
    client.force_login(analyst)

    # session, user, permissions, the round, its sources with their articles:
    with django_assert_num_queries(5):
        client.get(reverse("rounds:round-evidence", args=[round.pk, "valuation"]))
