"""What the language-model extractor returns: the checked candidates, what it dropped and
why, and what the call cost; all of it JSON-storable, for the review and ingestion pages."""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from rounds.extraction.types import JSON, RoundCandidate

REASONS = {
    "no_quote": "the model gave no quote for it",
    "quote_not_found": "its quote is not in the article",
    "quote_too_long": "its quote is longer than a sentence",
    "name_not_in_quote": "the name is not in its quote",
    "figure_not_in_quote": "its quote does not contain that figure",
    "date_not_in_quote": "its quote does not give that date",
    "round_type_not_in_quote": "its quote names another round type",
    "invalid_value": "it is not a value this field takes",
    "investor_is_company": "it names the funded company itself",
    "no_valuation": "the valuation it qualifies was dropped",
    "no_supported_fact": (
        "none of the round's amount, valuation, round type or investors is supported "
        "by the article"
    ),
}
"""Why a value was dropped, by code, in words for the editor."""

FAILURES = {
    "malformed": "The model's answer is not the JSON that was asked for.",
    "truncated": "The model's answer was cut off at its token limit.",
    "not_this_article": (
        "The article names none of the companies in the model's answer: the answer is "
        "about another text."
    ),
}
"""Why a whole answer gave nothing, by code, in words for the editor."""


@dataclass(frozen=True)
class Dropped:
    """One value of the model's answer that the text does not support.

    ``round`` is the round's index in the answer and ``company`` its company as the model
    named it; ``field`` is a candidate field, or "round" for the whole round; ``value`` and
    ``quote`` are what the model wrote (``value`` as JSON text when it is not a string). A
    dropped company drops its round.
    """

    round: int
    company: str
    field: str
    value: str
    quote: str
    reason: str

    @property
    def message(self) -> str:
        """The drop in words for the editor.

        >>> Dropped(0, "Acme", "amount", "$40 million", "raised $30 million", "figure_not_in_quote").message
        'Acme, amount “$40 million”: dropped because its quote does not contain that figure.'
        """
        what = self.field.replace("_", " ")
        return f"{self.company}, {what} “{self.value}”: dropped because {REASONS[self.reason]}."

    def to_json(self) -> JSON:
        """The drop as JSON-native values; ``from_json`` reads it back."""
        return {
            "round": self.round,
            "company": self.company,
            "field": self.field,
            "value": self.value,
            "quote": self.quote,
            "reason": self.reason,
        }

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> Dropped:
        """The drop that ``to_json`` wrote."""
        return cls(
            round=int(data["round"]),
            company=data["company"],
            field=data["field"],
            value=data["value"],
            quote=data["quote"],
            reason=data["reason"],
        )


@dataclass(frozen=True)
class LlmResult:
    """The outcome of one model call on one article.

    ``candidates`` are the rounds whose values the text supports, like the rules' (with
    ``provenance`` "llm"); ``dropped`` lists every value the checks refused, and
    ``failure`` (a ``FAILURES`` code) says why an answer gave nothing at all. ``answer_format``
    is the way of asking for JSON that the server accepted ("json_schema", "json_object" or
    "text"; None when the model was not asked, for an empty text); ``attempts`` counts the
    requests sent, and the tokens are the server's count over all of them.
    """

    candidates: tuple[RoundCandidate, ...] = ()
    dropped: tuple[Dropped, ...] = ()
    failure: str | None = None
    answer_format: str | None = None
    attempts: int = 0
    prompt_tokens: int = 0
    completion_tokens: int = 0

    @property
    def total_tokens(self) -> int:
        """The tokens the call cost, prompt and answer, for the daily budget."""
        return self.prompt_tokens + self.completion_tokens

    @property
    def failure_message(self) -> str | None:
        """Why the answer gave nothing, in words for the editor; None when it did not fail."""
        return FAILURES[self.failure] if self.failure else None

    def drop_counts(self) -> dict[str, int]:
        """How many values were dropped, by reason code.

        >>> LlmResult(dropped=(Dropped(0, "Acme", "amount", "$4m", "", "no_quote"),)).drop_counts()
        {'no_quote': 1}
        """
        return dict(Counter(drop.reason for drop in self.dropped))

    def to_json(self) -> JSON:
        """The result as JSON-native values, to store beside the article's proposals."""
        return {
            "candidates": [candidate.to_json() for candidate in self.candidates],
            "dropped": [drop.to_json() for drop in self.dropped],
            "failure": self.failure,
            "answer_format": self.answer_format,
            "attempts": self.attempts,
            "prompt_tokens": self.prompt_tokens,
            "completion_tokens": self.completion_tokens,
        }

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> LlmResult:
        """The result that ``to_json`` wrote (the exact inverse)."""
        return cls(
            candidates=tuple(
                RoundCandidate.from_json(c) for c in data.get("candidates", ())
            ),
            dropped=tuple(Dropped.from_json(d) for d in data.get("dropped", ())),
            failure=data.get("failure"),
            answer_format=data.get("answer_format"),
            attempts=int(data.get("attempts", 0)),
            prompt_tokens=int(data.get("prompt_tokens", 0)),
            completion_tokens=int(data.get("completion_tokens", 0)),
        )
