"""Random text at the money parser, the extractor's date reading and the whole extractor: none of
them crashes, and each answers within a bounded time (a regular expression that backtracks
without end would hang a worker)."""

from __future__ import annotations

import datetime as dt

import pytest

from rounds.extraction import extract_rounds
from tests.rounds.extraction.test_properties import WORDS, time_limit


def test_the_time_limit_stops_a_hang():
    # The guard above would be useless if it did not interrupt a runaway call:
    try:
        with time_limit(1):
            while True:
                pass
    except TimeoutError as error:
        assert "longer than 1 s" in str(error)


LARGEST_PASTE = 200_000  # rounds/ingestion/forms.py MAX_PASTE_CHARS
NEWS_WORDS = " ".join(WORDS)


@pytest.mark.parametrize(
    "unit",
    [
        NEWS_WORDS + " ",
        "Acme ",
        "1,",
        "Acme Capital, ",
        "$1 ",
        "A",
        "led by Acme Capital and ",
    ],
    ids=[
        "news-words",
        "names",
        "digits",
        "name-list",
        "dollars",
        "one-word",
        "investor-list",
    ],
)
def test_extract_rounds_reads_the_largest_paste_in_bounded_time(unit):
    text = (unit * (LARGEST_PASTE // len(unit) + 1))[:LARGEST_PASTE]

    with time_limit(20):
        extract_rounds(text, dt.date(2024, 1, 1))
