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


def test_a_round_some_months_back_is_a_passing_mention():
    assert lexicon.is_passing(
        "Nimbora raised $4 million from angels eight months back."
    )
    assert lexicon.is_passing(
        "Борей привлёк средства; the round closed two years back."
    )
    assert not lexicon.is_passing("Nimbora raised $4 million from angels.")
