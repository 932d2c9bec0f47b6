"""Random text at the money parser, the extractor's date reading and the whole extractor: none of
them crashes, and each answers within a bounded time (a regular expression that backtracks
without end would hang a worker)."""

from __future__ import annotations

import contextlib
import datetime as dt
import signal
from collections.abc import Iterator
from decimal import Decimal

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from rounds.extraction import extract_rounds, parse_money
from rounds.extraction.amounts import MoneyError
from rounds.extraction.parse import _Reader

# A hard limit per example, far above the milliseconds each call takes:
SECONDS_PER_EXAMPLE = 5
PROPERTY_SETTINGS = settings(
    max_examples=300,
    deadline=None,  # the alarm below is the limit; hypothesis' deadline is flaky on busy CI
    suppress_health_check=[HealthCheck.too_slow],
)

# Pieces of funding news, so that random text reaches the deep paths and not only the first test:
WORDS = [
    "raised", "raises", "$", "€", "£", "¥", "12", "1.5", "2,5", "300", "000", "million", "bn",
    "billion", "M", "B", "k", "Series", "A", "B", "seed", "pre-seed", "round", "led", "by",
    "with", "participation", "from", "valuation", "valuing", "at", "about", "up to", "more than",
    "Acme", "Robotics", "Inc.", "Capital", "Ventures", "Partners", "and", ",", ".", ";", "\n\n",
    "on", "Monday", "Tuesday", "yesterday", "today", "March", "Sept.", "31", "29", "2024", "1999",
    "0000", "the", "1st", "2nd", "in", "talks", "according", "to", "people", "'s", "(", ")", "-",
    "USD", "EUR", "CNY", "which", "previously", "led", "its", "earlier", "investors", "including",
]  # fmt: skip
news = st.lists(
    st.one_of(st.sampled_from(WORDS), st.text(max_size=8)), max_size=120
).map(" ".join)
any_text = st.one_of(st.text(max_size=2000), news)
# Every representable date: a feed's zero date (0001-01-01) arrives as a publication date too.
any_date = st.one_of(
    st.none(),
    st.dates(),
    st.dates(max_value=dt.date(1, 1, 14)),
    st.dates(min_value=dt.date(9999, 12, 18)),
)


@contextlib.contextmanager
def time_limit(seconds: int) -> Iterator[None]:
    def stop(signum: int, frame: object) -> None:
        raise TimeoutError(f"took longer than {seconds} s")

    previous = signal.signal(signal.SIGALRM, stop)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


@PROPERTY_SETTINGS
@given(text=any_text)
def test_parse_money_never_crashes_or_hangs(text):
    with time_limit(SECONDS_PER_EXAMPLE):
        try:
            money = parse_money(text)
        except MoneyError:
            money = None

    if money is not None:
        assert isinstance(money.amount, Decimal)
        assert money.amount.is_finite()


@PROPERTY_SETTINGS
@given(text=any_text, published=any_date)
@example(text="It raised $5 million yesterday.", published=dt.date.min)
def test_date_reading_never_crashes_or_hangs(text, published):
    with time_limit(SECONDS_PER_EXAMPLE):
        date, span = _Reader(text, published, (), ())._date(text, 0)

    assert date is None or isinstance(date, dt.date)
    assert span is None or 0 <= span[0] <= span[1] <= len(text)


@PROPERTY_SETTINGS
@given(text=any_text, published=any_date)
@example(
    text="Acme raised $5 million on Monday, led by Brightwater Capital.",
    published=dt.date.min,
)
def test_extract_rounds_never_crashes_or_hangs(text, published):
    with time_limit(SECONDS_PER_EXAMPLE):
        candidates = extract_rounds(text, published)

    for candidate in candidates:
        assert candidate.company
        for evidence in candidate.evidence:
            assert 0 <= evidence.start <= evidence.end <= len(text)


def test_the_time_limit_stops_a_hang():
    # The guard above would be useless if it did not interrupt a runaway call:
    try:
        with time_limit(1):
            while True:
                pass
    except TimeoutError as error:
        assert "longer than 1 s" in str(error)


LARGEST_PASTE = 200_000  # rounds/forms.py MAX_PASTE_CHARS
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
