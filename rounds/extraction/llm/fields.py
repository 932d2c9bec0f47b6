"""A candidate's values as the editor judges them: in groups (an amount with its currency and
qualifier), each with the extractor that proposed it and a confidence."""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping

from rounds.extraction.types import JSON, FieldSource, JSONScalar, RoundCandidate

GROUPS: dict[str, tuple[str, ...]] = {
    "company": ("company",),
    "round_type": ("round_type", "round_label"),
    "amount": ("amount", "currency", "amount_qualifier"),
    "valuation": ("valuation", "valuation_currency", "valuation_qualifier"),
    "valuation_basis": ("valuation_basis",),
    "status": ("status",),
    "date": ("date", "date_precision"),
    "company_country": ("company_country",),
    "company_descriptor": ("company_descriptor",),
    "primary": ("primary",),
}
"""The single-valued fields, each with the ``to_json`` keys that go with it; the group's
name is its first key, and the evidence and confidence field of the values."""
LIST_FIELDS = ("lead_investors", "participants")


def group_values(data: JSON, group: str) -> tuple[tuple[str, JSONScalar], ...]:
    """The keys and values of one group in a candidate's ``to_json`` form; () when the
    candidate leaves the group empty.

    >>> group_values(RoundCandidate("Acme", round_type="seed", round_label="seed round").to_json(), "round_type")
    (('round_type', 'seed'), ('round_label', 'seed round'))
    >>> group_values(RoundCandidate("Acme").to_json(), "round_type")
    ()
    """
    head = data[group]
    if head is None or (group == "round_type" and head == "unknown"):
        return ()
    return tuple((key, data[key]) for key in GROUPS[group])


def with_sources(candidate: RoundCandidate, extractor: str) -> RoundCandidate:
    """The candidate with every value it holds marked as proposed by ``extractor``."""
    data = candidate.to_json()
    sources = [
        FieldSource(group, extractor) for group in GROUPS if group_values(data, group)
    ]
    sources += [
        FieldSource(field, extractor, item=name)
        for field in LIST_FIELDS
        for name in getattr(candidate, field)
    ]
    return dataclasses.replace(candidate, provenance=tuple(sources))


def overall_confidence(confidence: Mapping[str, float]) -> float:
    """The candidate's confidence, as the rules reckon it: its company's, times the mean of
    its other fields' (a round of a doubtful company is doubtful whatever its figures).

    >>> overall_confidence({"company": 0.8, "amount": 0.9, "status": 0.7})
    0.72
    """
    others = [value for field, value in confidence.items() if field != "company"]
    mean = sum(others) / len(others) if others else 0.5
    return round(confidence.get("company", 0.5) * (0.5 + mean / 2), 2)
