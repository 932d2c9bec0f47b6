"""Pure-Python extraction of funding rounds from news text (no Django import).

``extract_rounds(text, published=None, *, known_companies=(), known_investors=())`` returns
``RoundCandidate`` dataclasses with evidence spans; ``parse_money`` and ``parse_stage`` read one
amount or round type as an editor types it. ``python -m rounds.extraction FILE...`` prints JSON
and ``python -m rounds.extraction.benchmark`` measures speed on generated articles.

Modules: ``types`` (dataclasses), ``amounts`` (money), ``stages`` (round types), ``sentences``
(splitting), ``names`` (proper names and investor lists), ``cues`` (the patterns of funding news),
``clauses`` (subjects and objects), ``roles`` (what each amount is) and ``parse`` (the reader).
"""

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
