from __future__ import annotations

import datetime as dt
from decimal import Decimal

from rounds import fx


def test_usd_is_worth_one_usd():
    assert fx.usd_rate("USD", dt.date(2020, 1, 1)) == Decimal(1)


def test_euro_takes_the_ecb_reference_rate_of_the_day():
    assert fx.usd_rate("EUR", dt.date(2024, 3, 1)) == Decimal("1.0813")


def test_weekend_takes_the_last_published_rate():
    friday = fx.usd_rate("EUR", dt.date(2024, 3, 1))

    assert fx.usd_rate("EUR", dt.date(2024, 3, 2)) == friday


def test_currency_without_ecb_rate_gives_none():
    assert (fx.supports("NGN"), fx.usd_rate("NGN", dt.date(2024, 3, 1))) == (
        False,
        None,
    )


def test_to_usd_rounds_to_cents():
    assert fx.to_usd(Decimal("1500000000"), "INR", dt.date(2024, 3, 1)) == Decimal(
        "18099393.51"
    )


def test_to_usd_without_amount_or_currency_is_none():
    assert (
        fx.to_usd(None, "EUR", dt.date(2024, 3, 1)),
        fx.to_usd(Decimal(1), "", dt.date(2024, 3, 1)),
    ) == (None, None)
