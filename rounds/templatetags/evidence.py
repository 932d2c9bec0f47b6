"""The sentences behind the values: an article with its evidence spans marked, and short quotes of
a source around each span. The templates escape the text; nothing here builds HTML."""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from django import template

register = template.Library()

FIELD_LABELS = {
    "company": "Company",
    "round_type": "Round type",
    "round_label": "Label",
    "status": "Status",
    "amount": "Amount",
    "valuation": "Valuation",
    "valuation_basis": "Basis",
    "date": "Date",
    "lead_investors": "Lead",
    "participants": "Participant",
    "company_country": "Country",
    "company_descriptor": "Description",
    "company_sectors": "Sector",
    "investor_kind": "Investor type",
}
QUOTE_CONTEXT = 80


@dataclass(frozen=True)
class Piece:
    """A stretch of text, and the evidence spans (by index) and fields that cover all of it."""

    text: str
    spans: str = ""
    fields: tuple[str, ...] = ()

    @property
    def css(self) -> str:
        return " ".join(f"f-{field}" for field in self.fields)

    @property
    def title(self) -> str:
        return ", ".join(FIELD_LABELS.get(field, field) for field in self.fields)


@dataclass(frozen=True)
class Quote:
    field: str
    before: str
    marked: str
    after: str


def valid_spans(
    text: str, evidence: Iterable[Mapping[str, Any]]
) -> list[tuple[int, Any]]:
    """The spans that lie inside `text`, with their index in `evidence`."""
    spans = []
    for index, span in enumerate(evidence):
        try:
            start, end = int(span["start"]), int(span["end"])
        except (KeyError, TypeError, ValueError):
            continue
        if 0 <= start < end <= len(text):
            spans.append(
                (
                    index,
                    {"field": str(span.get("field", "")), "start": start, "end": end},
                )
            )
    return spans


def pieces(text: str, evidence: Iterable[Mapping[str, Any]]) -> list[Piece]:
    """The text cut at every span boundary, so each piece names all the spans it belongs to.

    >>> [(p.text, p.spans) for p in pieces("Acme raised $5M.", [{"field": "amount", "start": 12, "end": 15}])]
    [('Acme raised ', ''), ('$5M', '0'), ('.', '')]
    """
    spans = valid_spans(text, evidence)
    cuts = sorted(
        {0, len(text), *(s["start"] for _, s in spans), *(s["end"] for _, s in spans)}
    )
    result = []
    for start, end in zip(cuts, cuts[1:], strict=False):
        covering = [(i, s) for i, s in spans if s["start"] <= start and end <= s["end"]]
        result.append(
            Piece(
                text[start:end],
                " ".join(str(i) for i, _ in covering),
                tuple(sorted({s["field"] for _, s in covering})),
            )
        )
    return result


@register.inclusion_tag("rounds/_evidence.html")
def marked_article(text: str, evidence: list[dict[str, Any]]) -> dict[str, Any]:
    """The article, with each evidence span in a <mark> that names its fields and index."""
    return {"pieces": pieces(text, evidence)}


@register.simple_tag
def span_ids(
    text: str, evidence: list[dict[str, Any]], fields: str, value: str | None = None
) -> str:
    """The indexes of the spans of these fields (comma-separated), of `value` when given."""
    wanted = fields.split(",")
    return " ".join(
        str(i)
        for i, span in valid_spans(text, evidence)
        if span["field"] in wanted
        and (value is None or text[span["start"] : span["end"]] == value)
    )


def quotes(text: str, evidence: Iterable[Mapping[str, Any]]) -> list[Quote]:
    """Each span of a source with a little of the text before and after it."""
    return [
        Quote(
            span["field"].replace("_", " "),
            text[max(0, span["start"] - QUOTE_CONTEXT) : span["start"]],
            text[span["start"] : span["end"]],
            text[span["end"] : span["end"] + QUOTE_CONTEXT],
        )
        for _, span in valid_spans(text, evidence)
    ]


@register.inclusion_tag("rounds/_quotes.html")
def source_quotes(text: str, evidence: list[dict[str, Any]]) -> dict[str, Any]:
    """The quotes of a source's evidence, as the company page lists them."""
    return {"quotes": quotes(text, evidence)}


# Where a sentence ends: after . ! ? (or their CJK forms) and a space, or at a line break.
_SENTENCE_BREAK = re.compile(r"(?<=[.!?])\s+|(?<=[。！？])|\n+")
SENTENCE_LIMIT = 300


def sentence(text: str, field: str, start: int, end: int) -> Quote:
    """The sentence around text[start:end], at most SENTENCE_LIMIT characters on either side.

    >>> q = sentence("Intro. Acme raised $5.5M from Beta. Then more.", "amount", 19, 24)
    >>> (q.before, q.marked, q.after)
    ('Acme raised ', '$5.5M', ' from Beta.')
    """
    low = max(0, start - SENTENCE_LIMIT)
    breaks = [match.end() for match in _SENTENCE_BREAK.finditer(text, low, start)]
    left = breaks[-1] if breaks else low
    high = min(len(text), end + SENTENCE_LIMIT)
    following = _SENTENCE_BREAK.search(text, end, high)
    right = following.start() if following else high
    return Quote(field, text[left:start], text[start:end], text[end:right])


@dataclass(frozen=True)
class Citation:
    """A sentence of a source that gives a value of a round."""

    article: Any  # rounds.models.Article
    quote: Quote


def citations(sources: Iterable[Any]) -> dict[str, list[Citation]]:
    """The sentences behind each field of a round, by field, from its RoundSources in order.

    A sentence that gives a field twice (two investors) is cited for each of its values.
    """
    cited: dict[str, list[Citation]] = {}
    for source in sources:
        text = source.article.text
        for _, span in valid_spans(text, source.evidence or []):
            quote = sentence(text, span["field"], span["start"], span["end"])
            cited.setdefault(span["field"], []).append(Citation(source.article, quote))
    return cited
