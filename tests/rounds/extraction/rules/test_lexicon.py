from __future__ import annotations

import re
import time

import pytest

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


@pytest.mark.parametrize("name", sorted(lexicon.STARTING))
def test_the_lookahead_of_a_pattern_holds_every_first_letter(name):
    plain, fast = lexicon.STARTING[name]
    words = re.findall(r"[^\W\d_]+(?:[\s'’-][^\W\d_]+){0,3}", plain.pattern)
    texts = [f"{word} Acme 5 2021 March" for word in words] + [" ".join(words)]

    for text in texts:
        for variant in (text, text.lower(), text.capitalize()):
            assert [m.span() for m in plain.finditer(variant)] == [
                m.span() for m in fast.finditer(variant)
            ], variant
