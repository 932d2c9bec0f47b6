from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from rounds.analytics.timeline import neighbours, post_money
from tests.factories import CompanyFactory, FundingRoundFactory

pytestmark = pytest.mark.django_db


def _round(company, day: int | None, valuation: str | None, **more):
    return FundingRoundFactory(
        company=company,
        announced_on=dt.date(2024, 1, day) if day else None,
        valuation=Decimal(valuation) if valuation else None,
        valuation_currency=more.pop("valuation_currency", "USD") if valuation else "",
        **more,
    )


@pytest.mark.parametrize(
    ("basis", "valuation", "amount", "expected"),
    [
        ("post", "100", "10", Decimal("100")),
        ("", "100", "10", Decimal("100")),  # "valued at" in the news is post-money
        ("pre", "100", "10", Decimal("110")),
    ],
)
def test_post_money_of_a_round(basis, valuation, amount, expected):
    round = FundingRoundFactory.build(
        valuation=Decimal(valuation),
        valuation_currency="USD",
        valuation_basis=basis,
        amount=Decimal(amount),
    )

    assert post_money(round).value == expected


def test_post_money_of_a_pre_money_round_in_two_currencies_is_unknown():
    round = FundingRoundFactory.build(
        valuation=Decimal(100),
        valuation_currency="EUR",
        valuation_basis="pre",
        amount=Decimal(10),
        currency="USD",
    )

    assert post_money(round) is None


def test_neighbours_are_the_rounds_before_and_after_by_date():
    company = CompanyFactory()
    seed, undated, a, b = (
        _round(company, 1, None, round_type="seed"),
        _round(company, None, None),
        _round(company, 5, "200000000"),
        _round(company, 9, "100000000", round_type="series_b"),
    )

    around = neighbours(a, [undated, b, seed, a])
    last = neighbours(undated, [undated, b, seed, a])

    assert (around.previous, around.next) == (seed, b)
    assert (last.previous, last.next) == (b, None)


@pytest.mark.parametrize(
    ("before", "after", "direction"),
    [("100", "250", "up"), ("250", "100", "down"), ("100", "100", "flat")],
)
def test_step_compares_post_money_with_the_previous_priced_round(
    before, after, direction
):
    company = CompanyFactory()
    priced = _round(company, 1, before)
    unpriced = _round(company, 2, None)
    current = _round(company, 3, after)

    step = neighbours(current, [priced, unpriced, current]).step

    assert (step.direction, step.previous) == (direction, priced)
    assert step.ratio == Decimal(after) / Decimal(before)


def test_step_compares_rounds_in_one_currency_in_that_currency():
    company = CompanyFactory()
    before = _round(company, 1, "100000000", valuation_currency="EUR")
    after = _round(company, 3, "100000000", valuation_currency="EUR")

    assert neighbours(after, [before, after]).step.direction == "flat"


def test_no_step_without_an_earlier_priced_round():
    company = CompanyFactory()
    first = _round(company, 1, "100000000")
    unpriced = _round(company, 3, None)

    assert neighbours(first, [first, unpriced]).step is None
    assert neighbours(unpriced, [first, unpriced]).step is None
