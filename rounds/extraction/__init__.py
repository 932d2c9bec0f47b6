"""Pure-Python extraction of funding rounds from news text (no Django import)."""

from __future__ import annotations

from rounds.extraction.amounts import find_money, parse_money
from rounds.extraction.parse import extract_rounds
from rounds.extraction.stages import parse_stage
from rounds.extraction.types import Evidence, Money, RoundCandidate

__all__ = [
    "Evidence",
    "Money",
    "RoundCandidate",
    "extract_rounds",
    "find_money",
    "parse_money",
    "parse_stage",
]
