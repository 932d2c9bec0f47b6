from __future__ import annotations

import doctest
from decimal import Decimal

import pytest
from django import forms

from rounds import money
from rounds.extraction.types import Money
from rounds.money import (
    CurrencyField,
    DollarField,
    MoneyField,
    as_json,
    read_money,
    short_money,
    usd_first,
    whole_dollars,
)


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


@pytest.mark.parametrize(
    ("typed", "money"),
    [
        ("$600M", Money(Decimal("600000000"), "USD")),
        ("USD 600M", Money(Decimal("600000000"), "USD")),
        ("more than €25 million", Money(Decimal("25000000"), "EUR", "more_than")),
        ("1.2bn", Money(Decimal("1200000000"), None)),
        ("", None),
    ],
)
def test_money_field_reads_amounts_as_typed(typed, money):
    assert MoneyField(required=False).clean(typed) == money


@pytest.mark.parametrize(
    ("typed", "message"),
    [
        ("-$5M", "cannot be negative"),
        ("$-5M", "cannot be negative"),
        ("minus $5 million", "cannot be negative"),
        ("$1,2,3M", "digit groups are malformed"),
        ("$1.2.3M", "at most one decimal point"),
        ("1e309", "without an exponent"),
        ("$1e50", "without an exponent"),
        ("$99999999999999999M", "larger than any funding amount"),
        ("a lot", "is not an amount"),
    ],
)
def test_money_field_says_why_it_refuses_an_amount(typed, message):
    with pytest.raises(forms.ValidationError, match=message):
        MoneyField(required=False).clean(typed)


@pytest.mark.parametrize(
    ("typed", "dollars"),
    [
        ("1B", Decimal("1000000000")),
        ("1.2b", Decimal("1200000000")),
        ("$2.5bn", Decimal("2500000000")),
        ("USD 600M", Decimal("600000000")),
        ("600 million", Decimal("600000000")),
        ("250k", Decimal("250000")),
        ("1,000,000", Decimal("1000000")),
        ("3T", Decimal("3000000000000")),
    ],
)
def test_dollar_field_reads_figures_as_analysts_type_them(typed, dollars):
    assert DollarField(required=False).clean(typed) == dollars


@pytest.mark.parametrize("typed", ["abc", "1B2", "-5M", "1.2.3", "M", "€5M"])
def test_dollar_field_refuses_anything_else(typed):
    with pytest.raises(forms.ValidationError):
        DollarField(required=False).clean(typed)


@pytest.mark.parametrize(
    ("typed", "code"), [("usd", "USD"), (" EUR ", "EUR"), ("", "")]
)
def test_currency_field_upper_cases_three_letter_codes(typed, code):
    assert CurrencyField(required=False).clean(typed) == code


@pytest.mark.parametrize("typed", ["US", "1$%", "ÄÖÜ", "US$"])
def test_currency_field_refuses_what_is_not_a_code(typed):
    with pytest.raises(forms.ValidationError, match="three-letter code"):
        CurrencyField(required=False).clean(typed)


@pytest.mark.parametrize(
    ("typed", "currency", "read", "error"),
    [
        ("$600M", "", Money(Decimal("600000000"), "USD"), ""),
        ("€25 million", "USD", Money(Decimal("25000000"), "EUR"), ""),
        ("1.2bn", "gbp", Money(Decimal("1200000000"), "GBP"), ""),
        ("at least $600M", "", Money(Decimal("600000000"), "USD", "at_least"), ""),
        ("", "", None, ""),
    ],
)
def test_read_money_uses_the_extractors_parser(typed, currency, read, error):
    assert read_money(typed, currency) == (read, error)


def test_read_money_asks_for_the_currency_of_a_bare_figure():
    read, error = read_money("1.2bn", "")

    assert read == Money(Decimal("1200000000"), None)
    assert error.startswith("Which currency?")


def test_read_money_says_what_it_could_not_read():
    assert read_money("a lot", "USD")[1].startswith("“a lot” is not an amount")


def test_usd_first_shows_dollars_and_the_figure_as_announced():
    assert usd_first(Decimal("25000000"), "EUR", "about", Decimal("27000000")) == (
        "~$27M",
        "~€25M",
    )
    assert usd_first(Decimal("5"), "USD", "", Decimal("5")) == ("$5", "")
    assert usd_first(None, "USD", "", None) == ("", "")


def test_whole_dollars_and_json_keep_every_digit():
    assert whole_dollars(Decimal("1234567.89")) == "$1,234,568"
    assert as_json(Decimal("1.5"), "GBP", "up_to", None) == {
        "value": "1.5",
        "currency": "GBP",
        "qualifier": "up_to",
        "usd": None,
    }
    assert as_json(None, "", "", None) is None


def test_the_examples_in_the_docstrings_hold():
    assert doctest.testmod(money).failed == 0
