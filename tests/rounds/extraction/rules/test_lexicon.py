from __future__ import annotations

import re
import time
from re._constants import (
    ASSERT,
    ASSERT_NOT,
    AT,
    BRANCH,
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

from rounds.extraction.rules import lexicon

PATTERNS = [
    (name, value)
    for name, value in vars(lexicon).items()
    if isinstance(value, re.Pattern)
]
ADVERSARIAL = [
    "a " * 20_000,
    "A" * 40_000,
    ", " * 20_000,
    "$1," * 10_000,
    "led by " * 5_000,
    "the company " * 5_000,
    "x" * 40_000 + " valuation",
]


@pytest.mark.parametrize(
    ("name", "pattern"), PATTERNS, ids=[name for name, _ in PATTERNS]
)
def test_cue_patterns_run_in_bounded_time(name, pattern):
    start = time.perf_counter()
    for text in ADVERSARIAL:
        pattern.search(text)

    assert time.perf_counter() - start < 2, name


def _first_characters(items) -> set[str] | None:
    """The characters a match of parsed regex ``items`` can start with (None: any)."""
    found: set[str] = set()
    for op, argument in items:
        first, optional = _first_of_op(op, argument)
        if first is None:
            return None
        found |= first
        if not optional:
            return found
    return found


def _first_of_op(op, argument) -> tuple[set[str] | None, bool]:
    # (first characters, whether the op can match the empty string)
    if op is LITERAL:
        return {chr(argument)}, False
    if op is IN:
        members: set[str] = set()
        for kind, value in argument:
            if kind is LITERAL:
                members.add(chr(value))
            elif kind is RANGE:
                members |= {chr(c) for c in range(value[0], value[1] + 1)}
            else:
                return None, False
        return members, False
    if op in (AT, ASSERT, ASSERT_NOT):
        return set(), True
    if op is BRANCH:
        union: set[str] = set()
        for alternative in argument[1]:
            first = _first_characters(alternative.data)
            if first is None:
                return None, False
            union |= first
        return union, False
    if op is SUBPATTERN:
        return _first_characters(argument[3].data), False
    if op in (MAX_REPEAT, MIN_REPEAT, POSSESSIVE_REPEAT):
        low, _, repeated = argument
        return _first_characters(repeated.data), low == 0
    return None, False


@pytest.mark.parametrize("name", sorted(lexicon.STARTING))
def test_the_lookahead_of_a_pattern_holds_every_first_letter(name):
    plain, fast = lexicon.STARTING[name]
    letters = set(re.sub(r"\\(.)", r"\1", fast.pattern[4 : fast.pattern.index("]")]))
    # re._parser is the engine's own parser: what a match can start with, exactly
    first = _first_characters(re._parser.parse(plain.pattern, plain.flags).data)

    assert first is not None, name
    assert {c.lower() for c in first} - {c.lower() for c in letters} == set(), name


@pytest.mark.parametrize(
    ("alternation", "ignorecase"),
    lexicon.WORD_LISTS,
    ids=[words[:40] for words, _ in lexicon.WORD_LISTS],
)
def test_a_word_list_grouped_by_first_letter_matches_what_it_matched(
    alternation, ignorecase
):
    flags = re.IGNORECASE if ignorecase else 0
    plain = re.compile(rf"\b(?:{alternation})", flags)
    grouped = re.compile(
        rf"\b(?:{lexicon.by_first_letter(alternation, ignorecase=ignorecase)})", flags
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
     "s?eed", "seed", "Série", "série", "[Aa]ngel", "an\\sangel", "à\\scôté", "a", "ab|c"]
)  # fmt: skip


@given(
    alternatives=st.lists(_ALTERNATIVES, min_size=1, max_size=8),
    text=st.text(alphabet="raisedlSébrAnguplcotàôfs- ", max_size=40),
    ignorecase=st.booleans(),
)
def test_grouping_by_first_letter_keeps_every_match(alternatives, text, ignorecase):
    alternation = "|".join(alternatives)
    flags = re.IGNORECASE if ignorecase else 0
    grouped = lexicon.by_first_letter(alternation, ignorecase=ignorecase)
    lexicon.WORD_LISTS.pop()

    assert [m.span() for m in re.finditer(grouped, text, flags)] == [
        m.span() for m in re.finditer(alternation, text, flags)
    ]


def test_grouping_leaves_alternatives_that_open_with_no_letter_in_place():
    grouped = lexicon.by_first_letter(r"raise|\$\d|raised|(?:is|are)\slead|rounds")
    lexicon.WORD_LISTS.pop()

    assert (
        grouped
        == r"(?-i:[rR])(?:aise)|\$\d|(?-i:[rR])(?:aised)|(?:is|are)\slead|(?-i:[rR])(?:ounds)"
    )


def test_a_round_some_months_back_is_a_passing_mention():
    assert lexicon.is_passing(
        "Nimbora raised $4 million from angels eight months back."
    )
    assert lexicon.is_passing(
        "Борей привлёк средства; the round closed two years back."
    )
    assert not lexicon.is_passing("Nimbora raised $4 million from angels.")
