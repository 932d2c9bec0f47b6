from __future__ import annotations

import dataclasses
from decimal import Decimal

import pytest

from rounds.extraction.types import RoundCandidate, make_fingerprint


def test_round_candidate_is_frozen():
    candidate = RoundCandidate(company="Acme")

    with pytest.raises(dataclasses.FrozenInstanceError):
        candidate.company = "Other"  # type: ignore[misc]


def test_round_candidate_fingerprint_ignores_legal_suffix_and_case():
    first = RoundCandidate(
        company="Acme Robotics Inc.",
        round_type="seed",
        amount=Decimal("5e6"),
        currency="USD",
    )
    second = RoundCandidate(
        company="ACME Robotics",
        round_type="seed",
        amount=Decimal("5000000"),
        currency="USD",
    )

    assert first.fingerprint == second.fingerprint == "acme robotics|seed|5000000|USD"


def test_make_fingerprint_without_amount():
    assert make_fingerprint("Acme", "unknown", None, None) == "acme|unknown|-|-"
