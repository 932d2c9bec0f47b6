from __future__ import annotations

from decimal import Decimal

import pytest

from rounds.formatting import short_money


@pytest.mark.parametrize(
    ("amount", "currency", "qualifier", "shown"),
    [
        ("600000000", "USD", "at_least", "≥ $600M"),
        ("2500000000", "USD", "more_than", "> $2.5B"),
        ("2500000000", "USD", "about", "~$2.5B"),
        ("25000000", "EUR", "up_to", "≤ €25M"),
        ("3500000", "GBP", "exact", "£3.5M"),
        ("40000000", "SEK", "", "SEK 40M"),
        ("750", "USD", "", "$750"),
    ],
)
def test_short_money(amount, currency, qualifier, shown):
    assert short_money(Decimal(amount), currency, qualifier) == shown


def test_short_money_without_amount_is_empty():
    assert short_money(None, "USD", "exact") == ""
