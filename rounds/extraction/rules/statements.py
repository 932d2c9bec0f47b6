"""Financing statements within a sentence: where one sentence states two rounds, its clauses.

"After raising $40m last year, Acme is seeking $100m" states an earlier round in its opening
clause and the news in its main clause; "Acme, which raised $5m in 2021, now raises $20m"
states the earlier round in a relative clause. Each statement is returned as the sentence
with the other statements' characters blanked, so that offsets stay those of the sentence.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from rounds.extraction.amounts import MoneySpan

# "After raising ...,", "Less than a year after closing ...,", "Having raised ...,"
_OPENING_CLAUSE_RE = re.compile(
    r"(?:[A-Z][\w’'-]*(?:\s[\w’'-]+){0,4}?\s)?(?:[Aa]fter|[Ss]ince|[Bb]efore|[Ff]ollowing)\s"
    r"(?:(?:its|a|an|the|their)\s)?[^,;]{3,160}?,\s"
    r"|Having\s[^,;]{3,160}?,\s"
)
# ", which raised $5m in 2021,": a relative clause about the subject, closed by a comma
_RELATIVE_CLAUSE_RE = re.compile(
    r",\s(?:which|who)\s(?:(?:had|has|have|also|previously|earlier|last|first|once)\s){0,2}"
    r"(?:raised|closed|secured|received|bagged|landed|got|was\svalued|were\svalued)\b[^;]{3,160}?,\s"
)
# "The Series B follows a $16m seed round in 2022": what follows the verb came before
_FOLLOWS_RE = re.compile(
    r"\b(?:follows|followed|comes\s(?:on\sthe\sheels\sof|after)|came\s(?:on\sthe\sheels\sof|after)|"
    r"builds\son|folgt\sauf|folgte\sauf|fait\ssuite\sà|faisait\ssuite\sà|sigue\sa|segue)\s"
)
# "...; Beta raised ...", "..., while Beta is in talks for ...": a second statement follows
_SECOND_CLAUSE_RE = re.compile(
    r";\s|,\s(?=(?:while|whereas|but)\s)|,?\s(?=(?:after|following)\s(?:raising|securing|closing|a|an|its|their)\s)"
)


@dataclass(frozen=True)
class Statement:
    """One statement of a sentence: the sentence with other statements blanked."""

    text: str
    # "opening" (an adverbial clause whose subject is the main clause's), "relative"
    # (a clause about the name before it), "earlier" (the round a "follows" clause names),
    # or "main"
    kind: str


def split_statements(sentence: str, monies: list[MoneySpan]) -> list[Statement]:
    """The statements of a sentence; one unless two clauses each state an amount.

    >>> [s.kind for s in split_statements("After raising $5m, Acme seeks $9m.", [])]
    ['main']
    """
    if not monies:
        return [Statement(sentence, "main")]
    follows = _FOLLOWS_RE.search(sentence)
    if follows is not None and _holds(monies, follows.end(), len(sentence)):
        return [
            Statement(_keep(sentence, 0, follows.start()), "main"),
            Statement(_keep(sentence, follows.end(), len(sentence)), "earlier"),
        ]
    if len(monies) < 2:
        return [Statement(sentence, "main")]
    opening = _OPENING_CLAUSE_RE.match(sentence)
    if (
        opening is not None
        and _holds(monies, 0, opening.end())
        and _holds(monies, opening.end(), len(sentence))
    ):
        return [
            Statement(_keep(sentence, 0, opening.end()), "opening"),
            Statement(_keep(sentence, opening.end(), len(sentence)), "main"),
        ]
    for relative in _RELATIVE_CLAUSE_RE.finditer(sentence):
        start, end = relative.start(), relative.end()
        rest = _blank(sentence, start, end)
        if _holds(monies, start, end) and _holds_outside(monies, start, end):
            return [
                Statement(_keep(sentence, 0, end), "relative"),
                Statement(rest, "main"),
            ]
    for second in _SECOND_CLAUSE_RE.finditer(sentence):
        cut = second.start()
        if _holds(monies, 0, cut) and _holds(monies, cut, len(sentence)):
            return [
                Statement(_keep(sentence, 0, cut), "main"),
                Statement(_keep(sentence, cut, len(sentence)), "main"),
            ]
    return [Statement(sentence, "main")]


def _holds(monies: list[MoneySpan], start: int, end: int) -> bool:
    return any(start <= m.start and m.end <= end for m in monies)


def _holds_outside(monies: list[MoneySpan], start: int, end: int) -> bool:
    return any(m.end <= start or m.start >= end for m in monies)


def _keep(sentence: str, start: int, end: int) -> str:
    return " " * start + sentence[start:end] + " " * (len(sentence) - end)


def _blank(sentence: str, start: int, end: int) -> str:
    return sentence[:start] + " " * (end - start) + sentence[end:]
