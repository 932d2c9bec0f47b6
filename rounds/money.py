"""Money in the app: every formatter ("≥ $600M" for people, "$600,000,000" for the admin, a dict
for the API) and the form fields built on the extractor's one parser (rounds/extraction/amounts.py)."""

from __future__ import annotations

import re
from decimal import Decimal
from typing import Any

from django import forms

from rounds.enums import Qualifier
from rounds.extraction.amounts import MoneyError, parse_money
from rounds.extraction.types import Money

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


def usd_first(
    value: Decimal | None, currency: str, qualifier: str, usd: Decimal | None
) -> tuple[str, str]:
    """The figure as the tables show it: in US dollars when known, and the figure as announced
    when that was another currency ("" when there is nothing more to say).

    >>> usd_first(Decimal("25000000"), "EUR", "about", Decimal("27000000"))
    ('~$27M', '~€25M')
    >>> usd_first(Decimal("600000000"), "USD", "at_least", Decimal("600000000"))
    ('≥ $600M', '')
    >>> usd_first(Decimal("40000000"), "XYZ", "", None)
    ('XYZ 40M', '')

    A converted figure is no more exact than its rate: three significant figures.

    >>> usd_first(Decimal("60000000"), "EUR", "", Decimal("67061234"))
    ('$67.1M', '€60M')
    >>> usd_first(Decimal("900000000"), "EUR", "", Decimal("999612000"))
    ('$1B', '€900M')
    """
    if value is None:
        return "", ""
    if usd is None:
        return short_money(value, currency, qualifier), ""
    if currency == "USD":
        return short_money(usd, "USD", qualifier), ""
    return short_money(three_figures(usd), "USD", qualifier), short_money(
        value, currency, qualifier
    )


def three_figures(usd: Decimal) -> Decimal:
    """A converted or summed figure, no more exact than its parts: three significant figures.

    >>> three_figures(Decimal("889634000")), three_figures(Decimal("0"))
    (Decimal('8.90E+8'), Decimal('0'))
    """
    return usd.quantize(Decimal(1).scaleb(usd.adjusted() - 2)) if usd else usd


def whole_dollars(amount: Decimal | None) -> str:
    """Every dollar, for the admin's columns.

    >>> whole_dollars(Decimal("600000000.00")), whole_dollars(None)
    ('$600,000,000', '-')
    """
    return "-" if amount is None else f"${amount:,.0f}"


def as_json(
    value: Decimal | None, currency: str, qualifier: str, usd: Decimal | None
) -> dict[str, Any] | None:
    """A figure for the API: exact decimal strings, so no program reads a float.

    >>> as_json(Decimal("25000000"), "EUR", "", Decimal("27000000.00"))
    {'value': '25000000', 'currency': 'EUR', 'qualifier': 'exact', 'usd': '27000000.00'}
    """
    if value is None:
        return None
    return {
        "value": str(value),
        "currency": currency,
        "qualifier": qualifier or "exact",
        "usd": None if usd is None else str(usd),
    }


def typed(amount: Decimal | None, currency: str) -> str:
    """A figure written the way editors type it, and parse_money reads it back.

    >>> typed(Decimal("600000000"), "USD")
    'USD 600M'
    """
    if amount is None:
        return ""
    return f"{currency} {short_money(amount)}".strip()


def described(money: Money | None) -> str:
    """What the parser read, for the editor to check: "≥ $600M (USD 600,000,000, at least)".

    >>> described(Money(Decimal("600000000"), "USD", "at_least"))
    '≥ $600M (USD 600,000,000, at least)'
    """
    if money is None:
        return ""
    words = [f"{money.currency} {money.amount:,.0f}"]
    if money.qualifier != "exact":
        words.append(Qualifier(money.qualifier).label.lower())
    short = short_money(money.amount, money.currency or "", money.qualifier)
    return f"{short} ({', '.join(words)})"


def read_money(text: str, currency: str) -> tuple[Money | None, str]:
    """The amount in `text` as the extractor's money parser reads it, with an error message.

    A currency named in the text wins; otherwise `currency` (the form's field) supplies it.
    """
    try:
        money = parse_money(text)
    except MoneyError as error:
        return None, str(error)
    if money is None or money.currency is not None:
        return money, ""
    if not re.fullmatch(r"[A-Z]{3}", currency.strip().upper()):
        return (
            money,
            "Which currency? Choose it, or write it with the amount (USD 1.2bn).",
        )
    return Money(
        money.amount, currency.strip().upper(), money.qualifier, money.high
    ), ""


class MoneyField(forms.CharField):
    """An amount typed as in the news ("$600M", "more than €25 million"): Money, or None."""

    def to_python(self, value: Any) -> Money | None:  # type: ignore[override]  -- Money, not str
        try:
            return parse_money(super().to_python(value))
        except MoneyError as error:
            raise forms.ValidationError(str(error), code="invalid") from None


class DollarField(MoneyField):
    """A figure in US dollars ("500M", "$1.2B", "USD 600M"), as the analysts' filters compare."""

    def to_python(self, value: Any) -> Decimal | None:  # type: ignore[override]  -- a Decimal
        money = super().to_python(value)
        if money is None:
            return None
        if money.currency not in (None, "USD"):
            raise forms.ValidationError(
                "Filters compare US dollars: write the figure in dollars, like 500M or $1.2B.",
                code="currency",
            )
        return money.amount


class CurrencyField(forms.CharField):
    """An ISO 4217 code such as USD or EUR, upper-cased."""

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(max_length=3, **kwargs)

    def to_python(self, value: Any) -> str:
        code = super().to_python(value).strip().upper()
        if code and not re.fullmatch(r"[A-Z]{3}", code):
            raise forms.ValidationError(
                "Write the currency as its three-letter code, like USD, EUR or INR.",
                code="currency",
            )
        return code
