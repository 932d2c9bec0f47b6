"""Pure-Python extraction of funding rounds from news text (no Django import).

``extract_rounds(text, published=None, *, title="", known_companies=(), known_investors=())``
returns ``RoundCandidate`` dataclasses with evidence spans; ``parse_money`` reads one amount as
an editor types it (``MoneyError`` says why it cannot) and ``find_money`` every amount of a
text. ``python -m rounds.extraction FILE...`` prints the candidates as JSON; ``python -m
benchmarks.extraction`` measures speed.

Modules: ``types`` (the dataclasses and their JSON form), ``amounts`` (money), ``names`` (the
comparison key of names) and ``rules`` (the rule-based reader, stage by stage).
``llm`` is the language-model extractor (completion function injected), imported only by its users.
"""

from __future__ import annotations

from rounds.extraction.amounts import MoneyError, find_money, parse_money
from rounds.extraction.rules.reader import extract_rounds
from rounds.extraction.types import Evidence, Money, RoundCandidate

__all__ = [
    "Evidence",
    "Money",
    "MoneyError",
    "RoundCandidate",
    "extract_rounds",
    "find_money",
    "parse_money",
]
