"""The fast patterns match what their plain forms match."""

from __future__ import annotations

import re
from re._constants import (
    ASSERT,
    ASSERT_NOT,
    AT,
    BRANCH,
    CATEGORY,
    CATEGORY_DIGIT,
    CATEGORY_SPACE,
    IN,
    LITERAL,
    MAX_REPEAT,
    MIN_REPEAT,
    POSSESSIVE_REPEAT,
    RANGE,
    SUBPATTERN,
)

import pytest
from hypothesis import given
from hypothesis import strategies as st

import rounds.extraction  # noqa: F401 (every module's patterns are recorded on import)
from rounds.extraction import patterns

_CLASSES = {CATEGORY_DIGIT: r"\d", CATEGORY_SPACE: r"\s"}


def _first_characters(items, ignorecase: bool) -> tuple[set[str] | None, bool]:
    """The characters a match of parsed regex ``items`` can start with (None: any) and
    whether it can match the empty string."""
    found: set[str] = set()
    for op, argument in items:
        first, empty = _first_of_op(op, argument, ignorecase)
        if first is None:
            return None, False
        found |= first
        if not empty:
            return found, False
    return found, True


def _first_of_op(op, argument, ignorecase: bool) -> tuple[set[str] | None, bool]:
    cases = (lambda c: {c, c.lower(), c.upper()}) if ignorecase else (lambda c: {c})
    if op is LITERAL:
        return cases(chr(argument)), False
    if op is IN:
        members: set[str] = set()
        for kind, value in argument:
            if kind is LITERAL:
                members |= cases(chr(value))
            elif kind is RANGE:
                for code in range(value[0], value[1] + 1):
                    members |= cases(chr(code))
            elif kind is CATEGORY and value in _CLASSES:
                members.add(_CLASSES[value])
            else:
                return None, False
        return members, False
    if op in (AT, ASSERT, ASSERT_NOT):
        return set(), True
    if op is BRANCH:
        union: set[str] = set()
        any_empty = False
        for alternative in argument[1]:
            first, empty = _first_characters(alternative.data, ignorecase)
            if first is None:
                return None, False
            union |= first
            any_empty = any_empty or empty
        return union, any_empty
    if op is SUBPATTERN:
        _, added, removed, inner = argument
        scoped = (
            ignorecase or bool(added & re.IGNORECASE)
        ) and not removed & re.IGNORECASE
        return _first_characters(inner.data, scoped)
    if op in (MAX_REPEAT, MIN_REPEAT, POSSESSIVE_REPEAT):
        low, _, repeated = argument
        first, empty = _first_characters(repeated.data, ignorecase)
        return first, empty or low == 0
    return None, False


@pytest.mark.parametrize("name", sorted(patterns.STARTING))
def test_the_lookahead_of_a_pattern_holds_every_first_character(name):
    plain, fast = patterns.STARTING[name]
    # re._parser is the engine's own parser: what a match can start with, exactly
    ignorecase = bool(plain.flags & re.IGNORECASE)
    parsed = re._parser.parse(plain.pattern, plain.flags).data
    first, empty = _first_characters(parsed, ignorecase)
    lookahead = re._parser.parse(fast.pattern, fast.flags).data[0]
    allowed, _ = _first_characters(lookahead[1][1].data, ignorecase)

    assert first is not None and not empty, name
    assert first - allowed == set(), name


@pytest.mark.parametrize(
    ("alternation", "ignorecase"),
    patterns.WORD_LISTS,
    ids=[words[:40] for words, _ in patterns.WORD_LISTS],
)
def test_a_word_list_grouped_by_first_letter_matches_what_it_matched(
    alternation, ignorecase
):
    flags = re.IGNORECASE if ignorecase else 0
    plain = re.compile(rf"\b(?:{alternation})", flags)
    grouped = re.compile(
        rf"\b(?:{patterns.group_by_first_letter(alternation, ignorecase=ignorecase)})",
        flags,
    )
    words = re.findall(r"[^\W\d_]+(?:[\s'’-][^\W\d_]+){0,3}", alternation)
    texts = [f"Nimbora {word} Acme 5 2021 March, Ülker." for word in words]
    texts.append(" ".join(words))

    for text in texts:
        for variant in (text, text.lower(), text.upper(), text.title()):
            assert [m.span() for m in grouped.finditer(variant)] == [
                m.span() for m in plain.finditer(variant)
            ], variant


_ALTERNATIVES = st.sampled_from(
    ["raise", "raised", "raises", "r", "re-?up", "(?:is|are)\\sled", "led", "lead\\w*",
     "s?eed", "seed", "Série", "série", "[Aa]ngel", "an\\sangel", "à\\scôté", "a", "ab|c",
     "(?:a\\s)?led", "(?:raise|led)d", "(?:is|are)?\\sled", "(?:a|b)*c", "(?:x|(y))z", "(?:s|(?:r|l)e)ed", "(?:ra|r)i?", "(?:l|le)?ad"]
)  # fmt: skip


@given(
    alternatives=st.lists(_ALTERNATIVES, min_size=1, max_size=8),
    text=st.text(alphabet="raisedlSébrAnguplcotàôfsxyz- ", max_size=40),
    ignorecase=st.booleans(),
)
def test_grouping_by_first_letter_keeps_every_match(alternatives, text, ignorecase):
    alternation = "|".join(alternatives)
    flags = re.IGNORECASE if ignorecase else 0
    grouped = patterns.group_by_first_letter(alternation, ignorecase=ignorecase)

    assert [m.span() for m in re.finditer(grouped, text, flags)] == [
        m.span() for m in re.finditer(alternation, text, flags)
    ]


def test_grouping_leaves_alternatives_that_open_with_no_letter_in_place():
    grouped = patterns.group_by_first_letter(r"raise|\$\d|rounds")

    assert grouped == r"(?-i:[rR])(?:aise)|\$\d|(?-i:[rR])(?:ounds)"


def test_the_words_of_a_group_are_grouped_by_their_next_letters():
    grouped = patterns.group_by_first_letter("raise|raised|rounds", ignorecase=False)

    assert grouped == "r(?:a(?:i(?:s(?:e(?:|d(?:)))))|o(?:unds))"


def test_an_alternative_opening_with_a_group_is_spread_over_its_words():
    grouped = patterns.group_by_first_letter(r"(?:is|are)\slead|(?:a|b)*c|(?:x|(y))z")

    assert (
        grouped == r"(?-i:[iI])(?:s\slead)|(?-i:[aA])(?:re\slead)|(?:a|b)*c|(?:x|(y))z"
    )
