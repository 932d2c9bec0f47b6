"""Regular expressions that search fast: how the rules' and the money parser's patterns are built.

Python's engine tries a pattern at every position of a text and, at each, every alternative of
an alternation in turn. Funding news is searched with long lists of words, so two helpers cut
that work without changing what a pattern matches: ``starting`` puts a lookahead on the
characters a match can start with, and ``by_first_letter`` groups a list of words behind one
character test per first letter. Both record what they build, and the tests check each result
against its plain form.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

STARTING: dict[str, tuple[re.Pattern[str], re.Pattern[str]]] = {}
"""The patterns compiled by ``starting``, by name: (without the lookahead, with it)."""


def starting(
    name: str, letters: str, pattern: str, flags: int = 0, *, classes: str = ""
) -> re.Pattern[str]:
    """``pattern`` behind a lookahead on ``letters``, the characters every match starts with
    (a letter stands for both its cases when ``flags`` ignore case), and on the character
    ``classes`` written as in a pattern (backslash-d for any digit).

    The engine then rejects at once the positions where no match can start, which makes a
    search of a long alternation of groups two to three times as fast (for an alternation of
    words, ``by_first_letter`` does better still). ``test_patterns.py`` checks with the engine's
    own parser that ``letters`` holds every character a match of ``pattern`` can start with.
    """
    cased = letters + letters.upper() if flags & re.IGNORECASE else letters
    # A case-sensitive class: one test of the character, not of its lower case as well
    compiled = re.compile(
        rf"(?=(?-i:[{re.escape(cased)}{classes}]))(?:{pattern})", flags
    )
    STARTING[name] = (re.compile(pattern, flags), compiled)
    return compiled


WORD_LISTS: list[tuple[str, bool]] = []
"""Every alternation given to ``by_first_letter``, with whether its pattern ignores case: the
tests check that each matches what its plain form matches."""


def by_first_letter(alternation: str, *, ignorecase: bool = True) -> str:
    """``group_by_first_letter(alternation)``, recorded in ``WORD_LISTS`` for the tests."""
    WORD_LISTS.append((alternation, ignorecase))
    return group_by_first_letter(alternation, ignorecase=ignorecase)


def group_by_first_letter(alternation: str, *, ignorecase: bool = True) -> str:
    """``alternation`` ("raises|raised|secures") grouped by first letter behind case-sensitive
    heads, and the words of each group by their next letter in turn, as a trie:
    "(?-i:[rR])(?:(?-i:[aA])(?:...))|(?-i:[sS])(?:ecures)".

    Python's engine tries every alternative at every position; a head is one character test
    that skips its whole group, which makes a search of a long list of words about three times
    as fast. An alternative opening with a group is first spread over the group's words
    ("(?:is|are)\\sled" as "is\\sled|are\\sled"). One that still opens with no letter keeps its
    place, and the groups between such alternatives keep their order, so the result matches
    what ``alternation`` matches (a letter's heads are its lower and upper case: the Kelvin
    sign is no "k" here).
    """
    parts: list[str] = []
    groups: dict[str, list[str]] = {}

    def close_groups() -> None:
        for head, tails in groups.items():
            cased = f"(?-i:[{head}{head.upper()}])" if ignorecase else head
            # The words of a group are grouped by their next letter in turn: a trie
            rest = "|".join(tails)
            if len(tails) > 1:
                rest = group_by_first_letter(rest, ignorecase=ignorecase)
            parts.append(f"{cased}(?:{rest})")
        groups.clear()

    for alternative in (
        spread
        for written in _top_level_alternatives(alternation)
        for spread in _spread(written)
    ):
        head = alternative[:1]
        if _groupable_head(head, alternative[1:2], ignorecase):
            groups.setdefault(head.lower() if ignorecase else head, []).append(
                alternative[1:]
            )
            continue
        close_groups()
        parts.append(alternative)
    close_groups()
    return "|".join(parts)


def _groupable_head(head: str, after: str, ignorecase: bool) -> bool:
    # A plain letter, not quantified ("s?"), with one lower and one upper case form
    if not head.isalpha() or after in ("?", "*", "+", "{"):
        return False
    return not ignorecase or (len(head.lower()) == 1 and len(head.upper()) == 1)


def _spread(alternative: str) -> list[str]:
    """ "(?:a|b)c" as "ac", "bc" and "(?:a|b)?c" as "ac", "bc", "c": the same matches, tried
    in the same order. Other alternatives, and any with a capturing group (which would be
    written twice), stay as they are."""
    if not alternative.startswith("(?:") or _captures(alternative):
        return [alternative]
    end = next(i for i, char, depth in _structure(alternative) if depth == 0)
    inner, rest = alternative[3:end], alternative[end + 1 :]
    optional = rest[:1] == "?" and rest[1:2] not in ("?", "+")
    if optional:
        rest = rest[1:]
    elif rest[:1] in ("?", "*", "+", "{"):
        return [alternative]
    spread = [
        further
        for word in _top_level_alternatives(inner)
        for further in _spread(word + rest)
    ]
    return spread + _spread(rest) if optional else spread


def _captures(pattern: str) -> bool:
    return any(
        char == "(" and pattern[i + 1 : i + 2] != "?" or pattern[i : i + 4] == "(?P<"
        for i, char, _ in _structure(pattern)
    )


def _structure(pattern: str) -> Iterator[tuple[int, str, int]]:
    """The characters of ``pattern`` outside escapes and character classes, each with its
    index and the depth of groups it stands in (a ")" has the depth outside it)."""
    depth, index, in_class = 0, 0, False
    while index < len(pattern):
        char = pattern[index]
        if char == "\\":
            index += 2
            continue
        if in_class:
            in_class = char != "]"
        elif char == "[":
            in_class = True
            # a "]" right after "[" or "[^" is a member, not the end
            index += 2 if pattern[index + 1 : index + 2] == "^" else 1
            if pattern[index : index + 1] == "]":
                index += 1
            continue
        else:
            if char == "(":
                depth += 1
            elif char == ")":
                depth -= 1
            yield index, char, depth
        index += 1


def _top_level_alternatives(alternation: str) -> list[str]:
    """``alternation`` cut at the bars outside groups and character classes."""
    bars = [
        i for i, char, depth in _structure(alternation) if char == "|" and depth == 0
    ]
    starts = [0] + [bar + 1 for bar in bars]
    ends = bars + [len(alternation)]
    return [alternation[start:end] for start, end in zip(starts, ends, strict=True)]
