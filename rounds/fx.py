"""Conversion to US dollars at the European Central Bank's reference rate of a given day.

The `currencyconverter` package ships the ECB's history since 1999, so no network is needed.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from functools import cache

from currency_converter import CurrencyConverter, RateNotFoundError

CENT = Decimal("0.01")


@cache
def _converter() -> CurrencyConverter:
    # Weekends and holidays take the last published rate; dates past the shipped history take
    # the nearest rate the package has.
    return CurrencyConverter(
        fallback_on_missing_rate=True,
        fallback_on_missing_rate_method="last_known",
        fallback_on_wrong_date=True,
    )


def supports(currency: str) -> bool:
    """Whether the ECB publishes a rate for this ISO 4217 code."""
    return currency in _converter().currencies


def usd_rate(currency: str, on: dt.date) -> Decimal | None:
    """Return how many US dollars one unit of `currency` was worth on `on`, or None if unknown."""
    if currency == "USD":
        return Decimal(1)
    if not supports(currency):
        return None
    try:
        rate = _converter().convert(1, currency, "USD", date=on)
    except RateNotFoundError:
        return None
    return Decimal(f"{rate:.10g}")


def to_usd(amount: Decimal | None, currency: str, on: dt.date) -> Decimal | None:
    """Return `amount` in US dollars, or None when the amount or the rate is unknown."""
    if amount is None or not currency:
        return None
    rate = usd_rate(currency, on)
    if rate is None:
        return None
    return (amount * rate).quantize(CENT)
