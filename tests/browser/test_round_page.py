"""An analyst sees where a figure comes from: its sentence on hover or focus in the deals table,
and every value's sentences on the round's page."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from rounds.models import RoundSource
from tests.factories import ArticleFactory, FundingRoundFactory, InvestmentFactory

pytestmark = pytest.mark.django_db(transaction=True)

TEXT = (
    "Ålesund Labs, a Norwegian battery maker, raised $80 million in a Series B led by "
    "Nordlys Kapital. The deal values the company at $900 million after the money."
)


def _span(field: str, words: str) -> dict[str, object]:
    return {
        "field": field,
        "start": TEXT.index(words),
        "end": TEXT.index(words) + len(words),
    }


@pytest.fixture
def round(db):
    round = FundingRoundFactory(
        company__name="Ålesund Labs",
        round_type="series_b",
        amount=Decimal(80_000_000),
        valuation=Decimal(900_000_000),
        valuation_currency="USD",
        valuation_basis="post",
        announced_on=dt.date(2024, 9, 2),
    )
    InvestmentFactory(round=round, investor__name="Nordlys Kapital", is_lead=True)
    RoundSource.objects.create(
        round=round,
        article=ArticleFactory(
            url="https://news.example/alesund", source_name="Example Wire", text=TEXT
        ),
        evidence=[
            _span("amount", "$80 million"),
            _span("valuation", "$900 million"),
            _span("lead_investors", "Nordlys Kapital"),
        ],
    )
    return round


def test_figures_show_their_sentence_on_focus_and_hover_and_the_round_page_all(
    signed_in_page, round
):
    page = signed_in_page
    page.goto("/")
    amount = page.locator("#deal-table a.figure").first
    amount_tip = page.locator(f"#tip-{round.pk}-amount")
    valuation = page.locator("#deal-table a.figure").nth(1)
    valuation_tip = page.locator(f"#tip-{round.pk}-valuation")

    # Keyboard: the figure takes the focus, and its sentence describes it.
    amount.focus()
    amount_tip.get_by_text("Example Wire").wait_for()
    assert amount_tip.is_visible()
    assert "raised $80 million in a Series B" in amount_tip.inner_text()
    assert amount.get_attribute("aria-describedby") == f"tip-{round.pk}-amount"
    page.keyboard.press("Escape")
    assert not amount_tip.is_visible()

    # Mouse: hovering the valuation shows its own sentence.
    valuation.hover()
    valuation_tip.get_by_text("Example Wire").wait_for()
    assert valuation_tip.is_visible()
    assert "values the company at $900 million" in valuation_tip.inner_text()

    # The Sources cell opens the round's page, every value with its sentence.
    page.get_by_role("link", name="1 source: the round's page").click()
    page.get_by_role("heading", name="Ålesund Labs: Series B").wait_for()
    facts = page.locator("table.facts")
    assert "raised $80 million in a Series B" in facts.inner_text()
    investors = page.locator("section[aria-labelledby=investors-title]")
    assert "Nordlys Kapital" in investors.inner_text()
    assert "Lead" in investors.inner_text()
