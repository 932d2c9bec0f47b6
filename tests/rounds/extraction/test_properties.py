"""Random text at the money parser, the date reading and the whole extractor: none of them
crashes, and each answers within a bounded time (a regular expression that backtracks without
end would hang a worker)."""

from __future__ import annotations

import contextlib
import datetime as dt
import signal
from collections.abc import Iterator
from decimal import Decimal

from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from rounds.extraction import extract_rounds, parse_money
from rounds.extraction.amounts import MoneyError
from rounds.extraction.rules.dates import read_date

SECONDS_PER_EXAMPLE = 5
PROPERTY_SETTINGS = settings(
    max_examples=200,
    deadline=None,  # the alarm below is the limit; hypothesis' deadline is flaky on busy CI
    suppress_health_check=[HealthCheck.too_slow],
)
# Pieces of funding news, so that random text reaches the deep paths and not only the first test
WORDS = [
    "raised", "raises", "$", "€", "12", "1.5", "2,5", "300", "million", "bn", "M", "Series",
    "A", "B", "seed", "round", "led", "by", "with", "participation", "from", "valuation",
    "valuing", "at", "about", "up to", "Acme", "Robotics", "Inc.", "Capital", "Ventures", "and",
    ",", ".", ";", "\n\n", "\n", "- ", "on", "Monday", "yesterday", "March", "31", "2024",
    "the", "in", "talks", "'s", "(", ")", "-", "USD", "EUR", "which", "previously", "its",
    "investors", "including", "lève", "millions", "d'euros", "Finanzierungsrunde", "CEO",
    "said", "startup", "Berlin-based", "Chinese", "backed", "invests",
]  # fmt: skip
news = st.lists(
    st.one_of(st.sampled_from(WORDS), st.text(max_size=8)), max_size=120
).map(" ".join)
any_text = st.one_of(st.text(max_size=2000), news)
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
def test_read_date_never_crashes_or_hangs(text, published):
    with time_limit(SECONDS_PER_EXAMPLE):
        date, span = read_date(text, 0, published)

    assert date is None or isinstance(date, dt.date)
    assert span is None or 0 <= span[0] <= span[1] <= len(text)


@PROPERTY_SETTINGS
@given(text=any_text, title=st.one_of(st.just(""), news), published=any_date)
@example(
    text="Acme raised $5 million on Monday, led by Brightwater Capital.",
    title="",
    published=dt.date.min,
)
def test_extract_rounds_never_crashes_or_hangs(text, title, published):
    with time_limit(SECONDS_PER_EXAMPLE):
        candidates = extract_rounds(text, published)

    for candidate in candidates:
        assert candidate.company
        for evidence in candidate.evidence:
            assert 0 <= evidence.start <= evidence.end <= len(text)


PEOPLE = ["Mira Solberg", "Jonas Arvid Brekke", "Dana Levit", "Tomas Eklund"]
PLACES = ["Berlin", "Lisbon", "Nairobi", "India", "Germany", "Singapore", "Texas"]
COMPANIES = ["Vantora", "Ostara Labs", "Pellio", "Quorvia Health"]
OPENERS = ["Reports", "Having", "Just", "We’ve", "Another", "Meanwhile", "Sources"]
TEMPLATES = [
    "{opener} {company} raised $5 million.",
    "{person}, the chief executive, said {company} raised $5 million.",
    "CEO {person} said the company raised $5 million.",
    "Chief executive {person} has raised $5 million from angels.",
    "{place}-based {company} has raised $5 million in a seed round.",
    "{opener} raised $5 million, said {person}.",
    "By {person}\n{company} raised $5 million in a Series A.",
    "{place} raised $5 million in total this year.",
    "{opener}, {company} closed a $5 million round led by Halden Capital.",
    "{person} said {place} startups raised $5 million.",
    "Founder {person} raised $5 million for {company}.",
    "{opener} the startup raised $5 million.",
]
sentences = st.builds(
    lambda template, person, place, company, opener: template.format(
        person=person, place=place, company=company, opener=opener
    ),
    st.sampled_from(TEMPLATES),
    st.sampled_from(PEOPLE),
    st.sampled_from(PLACES),
    st.sampled_from(COMPANIES),
    st.sampled_from(OPENERS),
)
FORBIDDEN = set(PEOPLE) | {p.split()[-1] for p in PEOPLE} | set(PLACES) | set(OPENERS)


@PROPERTY_SETTINGS
@given(text=st.lists(sentences, min_size=1, max_size=6).map(" ".join))
def test_no_company_is_a_person_a_place_or_an_ordinary_word(text):
    for candidate in extract_rounds(text, dt.date(2024, 3, 6)):
        assert candidate.company not in FORBIDDEN, (text, candidate.company)
        assert not any(word in FORBIDDEN for word in candidate.company.split()[:1]), (
            text,
            candidate.company,
        )
