from __future__ import annotations

from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from rounds.extraction.amounts import MAX_AMOUNT, MoneyError, find_money, parse_money
from rounds.extraction.types import Money


@pytest.mark.parametrize(
    ("text", "amount", "currency"),
    [
        ("$600 million", "600000000", "USD"),
        ("US$1.2bn", "1200000000", "USD"),
        ("€25m", "25000000", "EUR"),
        ("£3.5 million", "3500000", "GBP"),
        ("Rs 150 crore", "1500000000", "INR"),
        ("₹40 lakh", "4000000", "INR"),
        ("1.2 billion yuan", "1200000000", "CNY"),
        ("50 million euros", "50000000", "EUR"),
        ("$1 billion", "1000000000", "USD"),
        ("30 billion won", "30000000000", "KRW"),
        ("4.5 billion yen", "4500000000", "JPY"),
        ("EUR12.5 million", "12500000", "EUR"),
        ("$850,000", "850000", "USD"),
        ("12 Millionen Euro", "12000000", "EUR"),
        ("$600M", "600000000", "USD"),
    ],
)
def test_parse_money_reads_amount_and_currency(text, amount, currency):
    money = parse_money(text)

    assert money is not None
    assert (money.amount, money.currency) == (Decimal(amount), currency)


@pytest.mark.parametrize(
    ("text", "qualifier"),
    [
        ("at least $600 million", "at_least"),
        ("more than $2.5 billion", "more_than"),
        ("over $10m", "more_than"),
        ("about $1 billion", "about"),
        ("roughly €40m", "about"),
        ("nearly $700 million", "about"),
        ("up to $3bn", "up_to"),
        ("$5 million", "exact"),
    ],
)
def test_parse_money_reads_qualifier(text, qualifier):
    money = parse_money(text)

    assert money is not None
    assert money.qualifier == qualifier


def test_parse_money_without_currency_leaves_currency_empty():
    assert parse_money("1.2bn") == Money(Decimal("1200000000"), None)


def test_parse_money_returns_none_for_empty_text():
    assert parse_money("  ") is None


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ("a seven-figure sum", "is not an amount"),
        ("-$5M", "cannot be negative"),
        ("$-5M", "cannot be negative"),
        ("minus $5 million", "cannot be negative"),
        ("$1,2,3M", "digit groups are malformed"),
        ("$1.2.3M", "at most one decimal point"),
        ("1e309", "without an exponent"),
        ("$1e50", "without an exponent"),
        ("$99999999999999999M", "larger than any funding amount"),
        ("$0.001", "to the cent"),
        ("$5M and $6M", "is not an amount"),
        ("€5M USD", "two currencies"),
    ],
)
def test_parse_money_refuses_what_it_cannot_read_and_says_why(text, reason):
    with pytest.raises(MoneyError, match=reason):
        parse_money(text)


@pytest.mark.parametrize(
    ("text", "amount", "currency"),
    [
        ("$1T", "1000000000000", "USD"),
        ("USD 600M", "600000000", "USD"),
        ("BRL 3M", "3000000", "BRL"),
        ("1,500,000 SEK", "1500000", "SEK"),
        ("2,52,305 INR", "252305", "INR"),
    ],
)
def test_parse_money_reads_trillions_and_any_currency_code(text, amount, currency):
    money = parse_money(text)

    assert money is not None
    assert (money.amount, money.currency) == (Decimal(amount), currency)


def test_find_money_reads_a_capital_t_as_trillion():
    assert [s.money.amount for s in find_money("valued at $1T today")] == [
        Decimal("1000000000000")
    ]


def test_find_money_reads_ranges_as_lower_bound_at_least():
    spans = find_money("valued at $7-8 billion")

    assert [s.money for s in spans] == [
        Money(Decimal("7000000000"), "USD", "at_least", Decimal("8000000000"))
    ]


def test_find_money_gives_spans_of_each_amount():
    text = "It raised €25m (about $27 million)."

    spans = find_money(text)

    assert [text[s.start : s.end] for s in spans] == ["€25m", "$27 million"]


@given(st.decimals(min_value=Decimal("0.1"), max_value=Decimal("999"), places=1))
def test_parse_money_spellings_of_billions_agree(value):
    millions = value * 1000
    spellings = [
        f"${value}bn",
        f"{millions:,.0f} million dollars",
        f"{value} billion dollars",
    ]

    amounts = {parse_money(text).amount for text in spellings}

    assert amounts == {value * Decimal(10) ** 9}


@given(st.text(max_size=300))
def test_parse_money_reads_an_amount_or_says_why_not(text):
    try:
        money = parse_money(text)
    except MoneyError as error:
        assert str(error)
    else:
        assert money is None or Decimal(0) <= money.amount < MAX_AMOUNT


@given(st.text(alphabet="$€£0123456789.,- mbnMillionBillionRscrore", max_size=200))
def test_find_money_never_crashes_on_money_like_text(text):
    for span in find_money(text):
        assert 0 <= span.start < span.end <= len(text)


def test_find_money_reads_between_and_as_range():
    (span,) = find_money("a round of between $30 million and $40 million")

    assert span.money == Money(
        Decimal("30000000"), "USD", "at_least", Decimal("40000000")
    )


@pytest.mark.parametrize(
    ("text", "amount", "currency", "qualifier"),
    [
        ("un peu plus de 470 millions d’euros", "470000000", "EUR", "more_than"),
        ("54 millions d'euros", "54000000", "EUR", "exact"),
        ("100 millions de dollars", "100000000", "USD", "exact"),
        ("un montant d’un million USD", "1000000", "USD", "exact"),
        ("15 M€", "15000000", "EUR", "exact"),
        ("R$ 3 milhões", "3000000", "BRL", "exact"),
        ("2,2 bilhões de reais", "2200000000", "BRL", "exact"),
        ("más de €20M", "20000000", "EUR", "more_than"),
        ("50 millones de euros", "50000000", "EUR", "exact"),
        ("3 Mio. €", "3000000", "EUR", "exact"),
        ("Rp 7,2 triliun", "7200000000000", "IDR", "exact"),
    ],
)
def test_find_money_reads_french_spanish_portuguese_german_and_indonesian(
    text, amount, currency, qualifier
):
    found = find_money(text)

    assert [(s.money.amount, s.money.currency, s.money.qualifier) for s in found] == [
        (Decimal(amount), currency, qualifier)
    ]


def test_find_money_a_year_before_an_amount_is_no_amount():
    assert [s.money.amount for s in find_money("in 2020 $5m")] == [Decimal("5000000")]


def test_find_money_reads_dots_grouping_thousands_before_a_scale():
    assert [s.money.amount for s in find_money("4.000 millones de dólares")] == [
        Decimal("4000000000")
    ]
