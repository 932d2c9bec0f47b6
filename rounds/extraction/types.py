"""The values the extractor returns: frozen dataclasses, Decimal money, plain strings, JSON forms."""

from __future__ import annotations

import datetime
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from decimal import Decimal
from typing import Any

from rounds.extraction.names import normalize_name

JSON = dict[str, Any]
JSONScalar = str | bool | None


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
class FieldSource:
    """Which extractor proposed one value of a candidate, for ``EXTRACTOR=llm`` and ``both``.

    ``extractor`` is "rules", "llm", or "both" when the two agree. ``field`` is the
    candidate's field ("amount" stands for amount, currency and qualifier together;
    "round_type" for the type and its label; "date" for the date and its precision); for
    ``lead_investors`` and ``participants`` there is one source per name, and ``item`` is
    that name. When the extractors disagree, the candidate holds one reading and
    ``alternative`` the other one, as the ``to_json`` keys and values it would write
    (``(("amount", "40000000"), ("currency", "USD"), ("amount_qualifier", "exact"))``; for
    an investor, the list the other extractor puts the name in: ``(("participants",
    "Acme Ventures"),)``), with ``alternative_evidence`` its spans.
    """

    field: str
    extractor: str
    item: str | None = None
    alternative: tuple[tuple[str, JSONScalar], ...] = ()
    alternative_evidence: tuple[Evidence, ...] = ()

    def to_json(self) -> JSON:
        """The source as JSON-native values; ``from_json`` reads it back."""
        return {
            "field": self.field,
            "extractor": self.extractor,
            "item": self.item,
            "alternative": dict(self.alternative),
            "alternative_evidence": [
                {"field": e.field, "start": e.start, "end": e.end}
                for e in self.alternative_evidence
            ],
        }

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> FieldSource:
        """The source that ``to_json`` wrote."""
        return cls(
            field=data["field"],
            extractor=data["extractor"],
            item=data.get("item"),
            alternative=tuple(dict(data.get("alternative", {})).items()),
            alternative_evidence=tuple(
                Evidence(e["field"], int(e["start"]), int(e["end"]))
                for e in data.get("alternative_evidence", ())
            ),
        )


@dataclass(frozen=True)
class InvestorHint:
    """What the text says an investor is: ``kind`` as rounds.enums.InvestorKind names it
    (venture, corporate, private_equity, sovereign, accelerator, angel, bank), with the span
    of the words that say it ("venture capital firm")."""

    name: str
    kind: str
    start: int
    end: int


@dataclass(frozen=True)
class RoundCandidate:
    """One funding round that an article supports, as design.md's contract lists it.

    ``date_precision`` is "day", "month" or "year" when ``date`` is set (a month-precision
    date is the first of its month), None otherwise. ``field_confidence`` holds
    ``(field, confidence)`` pairs, 0 to 1, for the fields the extractor filled; a field whose
    reading fell below the extractor's threshold is left empty rather than guessed, so it has
    no pair. ``confidence`` is the candidate's overall confidence. ``company_country`` (ISO
    3166-1 alpha-2) and ``company_descriptor`` ("AI startup") are hints the text gives about
    the company; ``company_sectors`` the sectors its description names (slugs of the app's
    taxonomy: "artificial-intelligence"), and ``investor_kinds`` what the text says of the
    kind of each investor. ``primary`` is False for a round the article mentions in passing (an earlier
    round, another company's round) rather than reports as its news.
    """

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
    date_precision: str | None = None
    confidence: float = 0.5
    field_confidence: tuple[tuple[str, float], ...] = ()
    company_country: str | None = None
    company_descriptor: str | None = None
    company_sectors: tuple[str, ...] = ()
    investor_kinds: tuple[InvestorHint, ...] = ()
    evidence: tuple[Evidence, ...] = ()
    round_label: str | None = None
    primary: bool = True
    fingerprint: str = field(default="", compare=False)
    provenance: tuple[FieldSource, ...] = ()

    def __post_init__(self) -> None:
        if not self.fingerprint:
            object.__setattr__(
                self,
                "fingerprint",
                make_fingerprint(
                    self.company, self.round_type, self.amount, self.currency
                ),
            )

    def confidence_of(self, name: str) -> float:
        """The confidence of one field; 0.0 for a field the extractor left empty.

        >>> RoundCandidate("Acme", field_confidence=(("company", 0.9),)).confidence_of("company")
        0.9
        """
        return dict(self.field_confidence).get(name, 0.0)

    def moved(self, offset: int) -> RoundCandidate:
        """The candidate of a passage read alone, its spans moved to where the passage starts
        in its article.

        >>> found = RoundCandidate("Acme", evidence=(Evidence("company", 0, 4),))
        >>> found.moved(100).evidence
        (Evidence(field='company', start=100, end=104),)
        """
        return replace(
            self,
            evidence=tuple(
                Evidence(e.field, e.start + offset, e.end + offset)
                for e in self.evidence
            ),
            investor_kinds=tuple(
                replace(h, start=h.start + offset, end=h.end + offset)
                for h in self.investor_kinds
            ),
        )

    def to_json(self) -> JSON:
        """The candidate as JSON-native values, for storing; ``from_json`` reads it back.

        Decimals are strings, the date an ISO string, tuples lists, ``field_confidence`` an
        object of field to confidence, and evidence a list of {"field", "start", "end"}.
        ``provenance`` is written only when there is one, so the rules' JSON is unchanged.

        >>> RoundCandidate("Acme", amount=Decimal("5000000"), currency="USD").to_json()["amount"]
        '5000000'
        """
        data = {
            "company": self.company,
            "round_type": self.round_type,
            "amount": _decimal_text(self.amount),
            "currency": self.currency,
            "amount_qualifier": self.amount_qualifier,
            "valuation": _decimal_text(self.valuation),
            "valuation_currency": self.valuation_currency,
            "valuation_qualifier": self.valuation_qualifier,
            "valuation_basis": self.valuation_basis,
            "lead_investors": list(self.lead_investors),
            "participants": list(self.participants),
            "status": self.status,
            "date": self.date.isoformat() if self.date else None,
            "date_precision": self.date_precision,
            "confidence": self.confidence,
            "field_confidence": dict(self.field_confidence),
            "company_country": self.company_country,
            "company_descriptor": self.company_descriptor,
            "company_sectors": list(self.company_sectors),
            "investor_kinds": [
                {"name": h.name, "kind": h.kind, "start": h.start, "end": h.end}
                for h in self.investor_kinds
            ],
            "evidence": [
                {"field": e.field, "start": e.start, "end": e.end}
                for e in self.evidence
            ],
            "round_label": self.round_label,
            "primary": self.primary,
            "fingerprint": self.fingerprint,
        }
        if self.provenance:
            data["provenance"] = [source.to_json() for source in self.provenance]
        return data

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> RoundCandidate:
        """The candidate that ``to_json`` wrote (the exact inverse).

        >>> candidate = RoundCandidate("Acme", date=datetime.date(2024, 3, 5), date_precision="day")
        >>> RoundCandidate.from_json(candidate.to_json()) == candidate
        True
        """
        date = data.get("date")
        return cls(
            company=data["company"],
            round_type=data.get("round_type", "unknown"),
            amount=_decimal(data.get("amount")),
            currency=data.get("currency"),
            amount_qualifier=data.get("amount_qualifier"),
            valuation=_decimal(data.get("valuation")),
            valuation_currency=data.get("valuation_currency"),
            valuation_qualifier=data.get("valuation_qualifier"),
            valuation_basis=data.get("valuation_basis"),
            lead_investors=tuple(data.get("lead_investors", ())),
            participants=tuple(data.get("participants", ())),
            status=data.get("status", "announced"),
            date=datetime.date.fromisoformat(date) if date else None,
            date_precision=data.get("date_precision"),
            confidence=float(data.get("confidence", 0.5)),
            field_confidence=tuple(
                (str(name), float(value))
                for name, value in dict(data.get("field_confidence", {})).items()
            ),
            company_country=data.get("company_country"),
            company_descriptor=data.get("company_descriptor"),
            company_sectors=tuple(data.get("company_sectors", ())),
            investor_kinds=tuple(
                InvestorHint(h["name"], h["kind"], int(h["start"]), int(h["end"]))
                for h in data.get("investor_kinds", ())
            ),
            evidence=tuple(
                Evidence(e["field"], int(e["start"]), int(e["end"]))
                for e in data.get("evidence", ())
            ),
            round_label=data.get("round_label"),
            primary=bool(data.get("primary", True)),
            fingerprint=data.get("fingerprint", ""),
            provenance=tuple(
                FieldSource.from_json(source) for source in data.get("provenance", ())
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


def _decimal_text(value: Decimal | None) -> str | None:
    return None if value is None else format(value, "f")


def _decimal(value: object) -> Decimal | None:
    return None if value is None else Decimal(str(value))
