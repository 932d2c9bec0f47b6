"""The values the extractor returns: frozen dataclasses, Decimal money, plain strings."""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from decimal import Decimal

from rounds.extraction.names import normalize_name


@dataclass(frozen=True)
class Evidence:
    """The character span of ``text`` that supports one value of a candidate."""

    field: str
    start: int
    end: int


@dataclass(frozen=True)
class Money:
    """An amount in the units of ``currency`` (ISO 4217, None when the text names none).

    ``high`` is the upper bound when the text gives a range; ``amount`` is then the lower one.
    """

    amount: Decimal
    currency: str | None
    qualifier: str = "exact"
    high: Decimal | None = None


@dataclass(frozen=True)
class RoundCandidate:
    """One funding round that an article supports, as design.md's contract lists it."""

    company: str
    round_type: str = "unknown"
    amount: Decimal | None = None
    currency: str | None = None
    amount_qualifier: str | None = None
    valuation: Decimal | None = None
    valuation_currency: str | None = None
    valuation_qualifier: str | None = None
    valuation_basis: str | None = None
    lead_investors: tuple[str, ...] = ()
    participants: tuple[str, ...] = ()
    status: str = "announced"
    date: datetime.date | None = None
    confidence: float = 0.5
    evidence: tuple[Evidence, ...] = ()
    round_label: str | None = None
    primary: bool = True
    fingerprint: str = field(default="", compare=False)

    def __post_init__(self) -> None:
        if not self.fingerprint:
            object.__setattr__(
                self,
                "fingerprint",
                make_fingerprint(
                    self.company, self.round_type, self.amount, self.currency
                ),
            )


def make_fingerprint(
    company: str, round_type: str, amount: Decimal | None, currency: str | None
) -> str:
    """A stable key for deduplicating proposals of one article.

    >>> make_fingerprint("Acme Robotics Inc.", "series_b", Decimal("12500000"), "USD")
    'acme robotics|series_b|12500000|USD'
    >>> make_fingerprint("Acme", "seed", None, None)
    'acme|seed|-|-'
    """
    amount_key = "-" if amount is None else format(amount.normalize(), "f")
    return f"{normalize_name(company)}|{round_type}|{amount_key}|{currency or '-'}"
