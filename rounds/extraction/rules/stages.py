"""Round types in text: "Series B extension" -> "series_b", "seed round" -> "seed".

Values match the product's RoundStage choices: pre_seed, seed, series_a ... series_e,
series_f_plus, growth, strategic, debt, convertible, grant, unknown.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from rounds.extraction import patterns

_STAGE_RE = patterns.starting(
    "_STAGE_RE",
    "abcdefglprstvwé",
    # Every type but a letter before "series" starts a word: one boundary test for them all
    r"\b(?:(?P<preseed>pre[-\s]?seed\b|pré-?amorçage\b|pre-?semilla\b)"
    r"|(?P<preseries>pre[-\s]series[-\s]?a\b|pre-A(?:\+)?\s(?-i:round|funding|financing)\b)"
    r"|(?P<preipo>pre[-\s]?IPO\b)"
    r"|(?:series|s[ée]rie)[-\s](?P<letter>[a-z])(?![a-z])(?:\d|\+)?(?P<ext>[-\s](?:extension|top[-\s]up))?)"
    # "its A-plus series funding round": the letter before the word, as some newswires write it
    r"|(?P<before>(?-i:[A-F]))(?:-?plus|\+)?\sseries(?=\s(?:funding|financing|round|investment)\b)"
    r"|\b(?:(?P<amorcage>amorçage\b|capital\s(?:semilla|semente)\b|ronda\s(?:semilla|seed)\b|rodada\s(?:semente|seed)\b)"
    r"|(?P<seed>seed[-\s](?:extension|round|funding|financing|investment|stage|runde|finanzierung|capital|money|deal)\b|(?<=\bin\s)seed\b|(?<=\ba\s)seed\b|seed(?=\s(?:and|or|&)\s)|(?<=\d[MmKk]\s)seed\b|(?<=illion\s)seed\b)"
    r"|(?P<angel>angel\s(?:round|investment|funding|financing)\b)"
    r"|(?P<strategic>strategic\s(?:(?:financing|funding|investment)\s)?(?:round|investment|financing|funding)\b)"
    r"|(?P<growth>(?:growth(?:[-\s]stage)?\s(?:round|equity|funding|financing)|private\sequity\sround)\b)"
    r"|(?P<convertible>convertible\s(?:notes?|debt|bonds?|loans?)\b)"
    r"|(?P<debt>(?:venture\sdebt|debt\s(?:financing|facility|funding|round|raise)|credit\s(?:facility|line)|lines?\sof\scredit|"
    r"revolving\scredit|loan\sfacility|term\sloan|venture\sloan|warehouse\s(?:facility|line)|loans?)\b)"
    r"|(?P<grant>grant\s(?:funding|financing)\b|(?:won|received|awarded|secured)\s(?:\w+\s)?a\s(?:[\w$€£.,]+\s){0,2}grant\b))",
    re.IGNORECASE,
)
# "a B round", "its C plus financing round": the series letter alone
_BARE_LETTER_RE = patterns.starting(
    "_BARE_LETTER_RE",
    "ABCDEF",
    r"(?:(?<=\bits\s)|(?<=\bthe\s)|(?<=\ba\s)|(?<=\ban\s))(?P<bare>[A-F])(?:\+|\splus)?\s"
    r"(?:financing\s|funding\s)?(?:round|financing)\b",
)
_MIXED_RE = re.compile(r"\bequity\b", re.IGNORECASE)
_STAGE_WORDS = (
    "seed",
    "series",
    "série",
    "serie",
    "amorçage",
    "semilla",
    "semente",
    "pre-a",
    "ipo",
    "angel",
    "strategic",
    "growth",
    "private equity",
    "convertible",
    "debt",
    "credit",
    "loan",
    "grant",
)


@dataclass(frozen=True)
class StageSpan:
    """A round type found in a text: the normalized value, the words as written, the span."""

    value: str
    label: str
    start: int
    end: int


def find_stages(text: str) -> list[StageSpan]:
    """Every round type named in ``text``, in order.

    >>> [s.value for s in find_stages("a Series B extension after its Series-C-Runde and a pre-IPO round")]
    ['series_b', 'series_c', 'unknown']
    """
    spans: list[StageSpan] = []
    lowered = text.lower()
    if any(word in lowered for word in _STAGE_WORDS):
        for match in _STAGE_RE.finditer(text):
            value = _value(match)
            if value == "debt" and _MIXED_RE.search(text):
                continue  # "$20m in equity and a $10m debt facility": one round of both kinds
            if value is not None and not _inside_name(text, match):
                spans.append(
                    StageSpan(value, match.group(0), match.start(), match.end())
                )
    if " round" in lowered or " financing" in lowered:
        for match in _BARE_LETTER_RE.finditer(text):
            value = (
                f"series_{match['bare'].lower()}"
                if match["bare"] <= "E"
                else "series_f_plus"
            )
            spans.append(StageSpan(value, match.group(0), match.start(), match.end()))
        spans.sort(key=lambda span: span.start)
    return spans


# Capitalized words around a round word that still leave it a round word ("Acme Raises Growth Round")
_NOT_NAME_WORDS = frozenset(
    [
        "a",
        "an",
        "the",
        "its",
        "their",
        "this",
        "new",
        "in",
        "of",
        "for",
        "from",
        "to",
        "with",
        "and",
        "at",
        "by",
        "as",
        "on",
        "round",
        "rounds",
        "funding",
        "financing",
        "investment",
        "deal",
        "led",
        "backed",
        "raises",
        "raised",
        "secures",
        "secured",
        "closes",
        "closed",
        "lands",
        "landed",
        "gets",
        "got",
        "bags",
        "bagged",
        "announces",
        "announced",
        "completes",
        "completed",
        "nabs",
        "snags",
        "receives",
        "received",
    ]
)
_PREVIOUS_WORD_RE = re.compile(r"(?<![\w$€£¥₹.,'’-])([A-Z][\w&.'’-]*)[ \t]+$")
_NEXT_WORD_RE = re.compile(r"[ \t]+([A-Z][\w&.'’-]*)")


def _inside_name(text: str, match: re.Match[str]) -> bool:
    """Whether a capitalized round word is part of a proper name ("Stonemantle Growth Equity")."""
    if match["letter"] or match["before"] or not match.group(0)[:1].isupper():
        return False
    if match.lastgroup not in ("growth", "strategic", "angel", "debt", "convertible"):
        return False
    before = _PREVIOUS_WORD_RE.search(text[max(0, match.start() - 40) : match.start()])
    after = _NEXT_WORD_RE.match(text, match.end())
    return any(
        word is not None and word.group(1).lower().strip(".,") not in _NOT_NAME_WORDS
        for word in (before, after)
    )


def _value(match: re.Match[str]) -> str | None:
    kind = match.lastgroup
    letter = match["letter"] or match["before"]
    if letter:
        # "a series of setbacks" is no round: the letter of a series is a capital
        if not letter.isupper():
            return None
        letter = letter.lower()
        return f"series_{letter}" if letter <= "e" else "series_f_plus"
    if kind in ("preseries", "seed", "angel", "amorcage"):
        return "seed"
    if kind == "preseed":
        return "pre_seed"
    if kind == "preipo":
        return "unknown"
    return kind
