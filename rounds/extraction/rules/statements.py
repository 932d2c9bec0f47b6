"""Financing statements within a sentence: where one sentence states two rounds, its clauses.

"After raising $40m last year, Acme is seeking $100m" states an earlier round in its opening
clause and the news in its main clause; "Acme, which raised $5m in 2021, now raises $20m"
states the earlier round in a relative clause. Each statement is returned as the sentence
with the other statements' characters blanked, so that offsets stay those of the sentence.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from rounds.extraction import patterns
from rounds.extraction.amounts import MoneySpan
from rounds.extraction.rules.lexicon import VALUATION_WORD_RE, raise_verbs

# "After raising ...,", "Less than a year after closing ...,", "Having raised ...,"
_OPENING_CLAUSE_RE = re.compile(
    r"(?:(?:(?:Less|More)\sthan\s|Just\s|Only\s|Some\s)?(?:[Aa]|[Aa]n|[Oo]ne|[Tt]wo|[Tt]hree|[Ff]our|[Ff]ive|[Ss]ix|"
    r"[Ss]everal|[Ff]ew|[Aa]\sfew|\d+)\s(?:days?|weeks?|months?|years?|quarters?)\s|(?:Shortly|Soon|Just|Only|"
    r"Days|Weeks|Months|Years)\s)?(?:[Aa]fter|[Ss]ince|[Bb]efore|[Ff]ollowing)\s"
    r"(?:(?:its|a|an|the|their)\s)?[^,;]{3,160}?,\s"
    r"|Having\s[^,;]{3,160}?,\s"
)
# ", which raised $5m in 2021,": a relative clause about the subject, closed by a comma
_RELATIVE_CLAUSE_RE = re.compile(
    r",\s(?:which|who)\s(?:(?:had|has|have|also|previously|earlier|last|first|once)\s){0,2}"
    r"(?:raised|closed|secured|received|bagged|landed|got|was\svalued|were\svalued)\b[^;]{3,160}?,\s"
)
# "The Series B follows a $16m seed round in 2022": what follows the verb came before
_FOLLOWS_RE = patterns.starting(
    "_FOLLOWS_RE",
    "fcbs",
    r"\b(?:"
    + patterns.by_first_letter(
        r"follows|followed|(?:comes|came)\s(?:[a-z]+\s){0,5}?(?:on\sthe\sheels\sof|after)|"
        r"builds\son|folgt\sauf|folgte\sauf|fait\ssuite\sà|faisait\ssuite\sà|sigue\sa|segue",
        ignorecase=False,
    )
    + r")\s",
)
# "...; Beta raised ...", "..., while Beta is in talks for ...": a second statement follows
_SECOND_CLAUSE_RE = re.compile(
    r";\s|,\s(?=(?:while|whereas|but|mientras|alors\sque|tandis\sque|während)\s)"
    r"|,\s(?=and\s(?:has|have|had|is|are|will|would|plans|hopes|aims|expects|targets|targeted|is\sseeking)\b)"
    # "Acme raises $5M, Beta lands $8M": a headline of two deals
    r"|,\s(?=[A-Z][^,;]{0,40}?\s(?:raises|lands|secures|closes|bags|gets|nabs|snags|grabs|picks\sup|"
    r"lève|capta|sammelt|erhält)\b)"
    # "like Acme’s $25m add-on to its Series C, or Beta’s $3m seed": examples, one deal each
    r"|,\s(?=or\s[A-Z])"
    # "closed a $3m seed round and received a $2m grant": a second financing of the subject
    r"|\s(?=and\s(?:has\s|have\s|also\s)?(?:received|secured|raised|won|closed|got|bagged|landed|obtained)\s)"
)
# "Acme is seeking a $4bn valuation while Beta eyes $3bn": without a comma, only between two
# clauses that each state a raise or a valuation
_WHILE_RE = re.compile(r"\s(?=(?:while|whereas|mientras|tandis\sque|während)\s)")
# "A led the round after previously co-leading a $40m extension", "..., a month after a $1bn
# round": an earlier deal
_AFTER_RE = re.compile(
    r",?\s(?=(?:after|following)\s(?:(?:previously|earlier|also|first)\s[\w-]+ing|(?:co-)?leading|"
    r"backing|investing)\s)"
    r"|,\s(?=(?:(?:a|an|one|two|three|four|six|several|few|\d+)\s)?(?:days?|weeks?|months?|years?)\s"
    r"(?:after|following)\s(?:a|an|its|their|the)\s)|,\s(?=(?:just\s|shortly\s|soon\s)?"
    r"(?:after|following)\s(?:a|an|its|their)\s)"
)
# "..., a jump from $2 billion in March", "up from $1 billion": a comparison with an earlier figure
_COMPARISON_RE = re.compile(
    r",?\s(?=(?:which\sis\s)?(?:a\s)?(?:\w+\s)?(?:jump|rise|increase|leap|climb|hike|decline|drop|fall|cut)\sfrom\b)"
    r"|,?\s(?=(?:up|down)\sfrom\b)|,?\s(?=compared\s(?:with|to)\b)|,\s(?=contre\s)"
    r"|\s(?=(?:less|lower|more|higher|below|above)\sthan\sthe\s)"
)
# Every comparison says one of these: sentences without them are not searched
_COMPARISON_WORDS = ("from", "compared", "contre", "than")


# "..., which brings its total funding to $56m": a total raised to date, no statement of a round
_TOTAL_CLAUSE_RE = re.compile(
    r",\s(?:which\s|that\s)?(?:brings?|bringing|takes?|taking|puts?|putting)\s"
    r"(?:its|their|the\scompany['’]s|[A-Z][\w.-]*['’]s)\s(?:total|overall|cumulative)\b[^;]*"
)
# "a $8m Series A in 2021 and a $2.5m seed round in 2019": two rounds in one list
_AND_ROUND_RE = re.compile(
    r"\s(?=and\s(?:a|an|its)\s(?:[\w$€£.,-]+\s){0,3}?(?:round|seed|series|pre-seed|tranche)\b)",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class Statement:
    """One statement of a sentence: the sentence with other statements blanked."""

    text: str
    # "opening" (an adverbial clause whose subject is the main clause's), "relative"
    # (a clause about the name before it), "earlier" (a round a "follows", "after
    # previously" or "up from" clause names), "coordinate" (a second round of the same
    # subject: "and a $2m seed round"), or "main"
    kind: str


def split_statements(sentence: str, monies: list[MoneySpan]) -> list[Statement]:
    """The statements of a sentence; one unless two clauses each state a figure.

    >>> sentence = "After raising $5m, Acme seeks $9m."
    >>> from rounds.extraction.amounts import find_money
    >>> [s.kind for s in split_statements(sentence, find_money(sentence))]
    ['opening', 'main']
    """
    if not monies:
        return [Statement(sentence, "main")]
    total = _TOTAL_CLAUSE_RE.search(sentence)
    if total is not None and _holds(monies, total.start(), total.end()):
        # The rest of the sentence is read alone; the total itself states no round
        rest = _blank(sentence, total.start(), total.end())
        kept = [m for m in monies if not total.start() <= m.start < total.end()]
        return split_statements(rest, kept) if kept else [Statement(rest, "main")]
    follows = _FOLLOWS_RE.search(sentence)
    if follows is not None and _holds(monies, follows.end(), len(sentence)):
        return [
            Statement(_keep(sentence, 0, follows.start()), "main"),
            Statement(_keep(sentence, follows.end(), len(sentence)), "earlier"),
        ]
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
    # Every such clause says "after" or "following": other sentences are not searched
    afters = (
        _AFTER_RE.finditer(sentence)
        if "after" in sentence or "following" in sentence
        else ()
    )
    for after in afters:
        if _holds(monies, after.start(), len(sentence)):
            return _two(sentence, after.start(), "earlier")
    comparison = (
        _COMPARISON_RE.search(sentence)
        if any(word in sentence for word in _COMPARISON_WORDS)
        else None
    )
    if comparison is not None and _holds(monies, comparison.start(), len(sentence)):
        cut = comparison.start()
        # "The new valuation is 36% less than the $100bn it was valued at": two valuations
        # compared, although only the earlier one has its figure
        valuations = VALUATION_WORD_RE.search(
            sentence, 0, cut
        ) and VALUATION_WORD_RE.search(sentence, cut)
        if _holds(monies, 0, cut) or valuations:
            return _two(sentence, cut, "earlier")
    if len(monies) < 2:
        return [Statement(sentence, "main")]
    for relative in _RELATIVE_CLAUSE_RE.finditer(sentence):
        start, end = relative.start(), relative.end()
        if _holds(monies, start, end) and _holds_outside(monies, start, end):
            return [
                Statement(_keep(sentence, 0, end), "relative"),
                Statement(_blank(sentence, start, end), "main"),
            ]
    for second in _SECOND_CLAUSE_RE.finditer(sentence):
        cut = second.start()
        if _holds(monies, 0, cut) and _holds(monies, cut, len(sentence)):
            return _two(sentence, cut, "main")
    for second in _AND_ROUND_RE.finditer(sentence):
        cut = second.start()
        if _holds(monies, 0, cut) and _holds(monies, cut, len(sentence)):
            return _two(sentence, cut, "coordinate")
    for second in _WHILE_RE.finditer(sentence):
        cut = second.start()
        if (
            _states(sentence[:cut])
            and _states(sentence[cut:])
            and _holds(monies, 0, cut)
        ):
            return _two(sentence, cut, "main")
    return [Statement(sentence, "main")]


def _two(sentence: str, cut: int, second: str) -> list[Statement]:
    return [
        Statement(_keep(sentence, 0, cut), "main"),
        Statement(_keep(sentence, cut, len(sentence)), second),
    ]


def _states(clause: str) -> bool:
    return bool(raise_verbs(clause)) or VALUATION_WORD_RE.search(clause) is not None


def _holds(monies: list[MoneySpan], start: int, end: int) -> bool:
    return any(start <= m.start and m.end <= end for m in monies)


def _holds_outside(monies: list[MoneySpan], start: int, end: int) -> bool:
    return any(m.end <= start or m.start >= end for m in monies)


def _keep(sentence: str, start: int, end: int) -> str:
    return " " * start + sentence[start:end] + " " * (len(sentence) - end)


def _blank(sentence: str, start: int, end: int) -> str:
    return sentence[:start] + " " * (end - start) + sentence[end:]
