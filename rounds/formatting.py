"""Money the way people say it: "≥ $600M", "> $2.5B", "~€25M"."""

from __future__ import annotations

from decimal import Decimal

_SYMBOLS = {"USD": "$", "EUR": "€", "GBP": "£", "JPY": "¥", "INR": "₹", "CNY": "CN¥"}
_QUALIFIER_SIGNS = {"at_least": "≥ ", "more_than": "> ", "about": "~", "up_to": "≤ "}
_SCALES = (
    (Decimal(10) ** 12, "T"),
    (Decimal(10) ** 9, "B"),
    (Decimal(10) ** 6, "M"),
    (Decimal(10) ** 3, "K"),
)


def short_money(amount: Decimal | None, currency: str = "", qualifier: str = "") -> str:
    """Format a figure compactly, with its qualifier.

    >>> short_money(Decimal("600000000"), "USD", "at_least")
    '≥ $600M'
    >>> short_money(Decimal("2500000000"), "USD", "more_than")
    '> $2.5B'
    >>> short_money(Decimal("1500000000"), "INR")
    '₹1.5B'
    >>> short_money(Decimal("40000000"), "SEK", "about")
    '~SEK 40M'
    """
    if amount is None:
        return ""
    number, suffix = amount, ""
    for scale, letter in _SCALES:
        if amount >= scale:
            number, suffix = amount / scale, letter
            break
    digits = f"{number:.2f}".rstrip("0").rstrip(".")
    symbol = _SYMBOLS.get(currency)
    figure = (
        f"{symbol}{digits}{suffix}"
        if symbol
        else f"{currency} {digits}{suffix}".strip()
    )
    return _QUALIFIER_SIGNS.get(qualifier, "") + figure
