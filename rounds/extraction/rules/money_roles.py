"""What each amount in a sentence is: the round, a valuation, an investor's share, or noise."""

from __future__ import annotations

import re
from decimal import Decimal

from rounds.extraction.amounts import MoneySpan
from rounds.extraction.rules import lexicon
from rounds.extraction.types import Money

_PARTS_RE = re.compile(
    r"[^.;$€£]{0,80}?,\s(?:including|comprising|of\swhich|split\sbetween|made\sup\sof|consisting\sof)\s(?:a\s|an\s)?(?:about\s|some\s)?"
)
_AND_RE = re.compile(r"[^.;$€£]{0,40}?\s(?:and|plus)\s(?:a\s|an\s)?(?:about\s|some\s)?")


def money_roles(text: str, monies: list[MoneySpan], *, total: bool) -> list[str]:
    """Each amount's role: round_amount, amount, valuation, contribution, alternative or excluded."""
    roles = []
    for index, span in enumerate(monies):
        before = text[max(0, span.start - 60) : span.start]
        after = text[span.end : span.end + 60]
        previous = monies[index - 1] if index else None
        if previous is not None and lexicon.ALTERNATIVE_GAP_RE.fullmatch(
            text[previous.end : span.start]
        ):
            roles.append("alternative")
        elif not span.scaled and span.money.amount < 10000:
            roles.append("excluded")
        elif lexicon.ROUND_WORTH_BEFORE_RE.search(before):
            # "the funding was worth $450m": the round's size, not a valuation
            roles.append("round_amount")
        elif lexicon.VALUATION_BEFORE_RE.search(
            before
        ) or lexicon.VALUATION_AFTER_RE.search(after):
            roles.append("valuation")
        elif lexicon.ROUND_TOTAL_BEFORE_RE.search(before):
            # "bringing the round's total to $80m": the round, not a total raised to date
            roles.append("round_amount")
        elif (
            total
            or lexicon.EXCLUDED_BEFORE_RE.search(before)
            or lexicon.EXCLUDED_AFTER_RE.search(after)
        ):
            roles.append("excluded")
        elif lexicon.CONTRIBUTION_BEFORE_RE.search(before[-25:]) and index + 1 < len(
            monies
        ):
            roles.append("contribution")
        elif lexicon.ROUND_AMOUNT_BEFORE_RE.search(
            lexicon.QUALIFIER_TAIL_RE.sub("", before).rstrip()
        ) or lexicon.ROUND_AMOUNT_AFTER_RE.search(after):
            roles.append("round_amount")
        else:
            roles.append("amount")
    # "raised $40m, including $30m in equity and $10m in debt": the parts of the figure before
    for index in range(1, len(monies)):
        if roles[index - 1] in ("round_amount", "amount") and _PARTS_RE.fullmatch(
            text[monies[index - 1].end : monies[index].start]
        ):
            parts = [index]
            if index + 1 < len(monies) and _AND_RE.fullmatch(
                text[monies[index].end : monies[index + 1].start]
            ):
                parts.append(index + 1)
            if (
                sum(monies[p].money.amount for p in parts)
                <= monies[index - 1].money.amount
            ):
                for part in parts:
                    roles[part] = "excluded"
    # "valuation rose from $1 billion to $1.8 billion": the new figure counts
    for index in range(len(monies) - 1):
        before = lexicon.QUALIFIER_TAIL_RE.sub(
            "", text[max(0, monies[index].start - 30) : monies[index].start]
        )
        between = lexicon.QUALIFIER_TAIL_RE.sub(
            "", text[monies[index].end : monies[index + 1].start]
        )
        if (
            roles[index] == "valuation"
            and re.search(r"\bfrom\s*$", before.rstrip() + " ")
            and re.search(r"\bto\s*$", between.rstrip() + " ")
        ):
            roles[index], roles[index + 1] = "excluded", "valuation"
    # "umgerechnet 73 Millionen Euro (80 Millionen US-Dollar)": the original currency counts
    for index in range(len(monies) - 1):
        if roles[index + 1] == "alternative" and lexicon.CONVERSION_RE.search(
            text[max(0, monies[index].start - 20) : monies[index].start]
        ):
            monies[index], monies[index + 1] = monies[index + 1], monies[index]
    return roles


def basis(text: str, valuation: MoneySpan) -> str | None:
    window = text[max(0, valuation.start - 40) : valuation.end + 30]
    if lexicon.BASIS_POST_RE.search(window):
        return "post"
    if lexicon.BASIS_PRE_RE.search(window):
        return "pre"
    return None


def close(a: Money, b: Money) -> bool:
    # "nearly $1 billion" in a headline and "$960 million" in the body are one figure
    vague = a.qualifier != "exact" or b.qualifier != "exact"
    tolerance = Decimal("0.1") if vague else Decimal("0.02")
    return a.currency == b.currency and abs(a.amount - b.amount) <= tolerance * max(
        a.amount, b.amount
    )


def shift(span: MoneySpan, offset: int) -> MoneySpan:
    return MoneySpan(span.money, span.start + offset, span.end + offset, span.scaled)
