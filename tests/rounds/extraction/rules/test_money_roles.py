from __future__ import annotations

from decimal import Decimal

from rounds.extraction.amounts import find_money
from rounds.extraction.rules import money_roles
from rounds.extraction.types import Money


def kinds(text):
    return money_roles.money_roles(text, find_money(text), total=False)


def test_money_roles_tell_round_from_valuation():
    assert kinds("It raised $50 million at a valuation of $400 million.") == [
        "amount",
        "valuation",
    ]


def test_money_roles_mark_converted_figure_as_alternative():
    assert kinds("It raised Rs 100 crore ($12 million) in a round.") == [
        "round_amount",
        "alternative",
    ]


def test_the_parts_of_a_stated_figure_are_not_the_round():
    text = "It raised $40 million, including a $30 million equity investment and $10 million in debt."

    assert kinds(text) == ["amount", "excluded", "excluded"]


def test_money_roles_exclude_revenue_and_share_prices():
    assert kinds("Revenue of $30 million; shares were issued at $15,000 each.") == [
        "excluded",
        "excluded",
    ]


def test_money_roles_keep_new_valuation_of_a_change():
    assert kinds("The round lifted its valuation from $1 billion to $1.8 billion.") == [
        "excluded",
        "valuation",
    ]


def test_basis_reads_post_money():
    text = "at a $90 million post-money valuation"

    assert money_roles.basis(text, find_money(text)[0]) == "post"


def test_close_tolerates_rounding_and_approximations():
    assert money_roles.close(Money(Decimal("100"), "USD"), Money(Decimal("101"), "USD"))
    assert money_roles.close(
        Money(Decimal("100"), "USD", "about"), Money(Decimal("95"), "USD")
    )
    assert not money_roles.close(
        Money(Decimal("100"), "USD"), Money(Decimal("100"), "EUR")
    )
