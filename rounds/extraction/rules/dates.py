"""Dates in a sentence: "on Tuesday", "yesterday", "March 5" (days) and "in February 2024"
(a month), read against the article's date."""

from __future__ import annotations

import datetime
import re

from rounds.extraction import patterns
from rounds.extraction.rules import lexicon

Span = tuple[int, int]
_YEAR_RE = re.compile(r"\b(?:19|20)\d\d\b")


def read_date(
    sentence: str, start: int, published: datetime.date | None
) -> tuple[datetime.date | None, Span | None]:
    """The day a sentence names and its span (offset by ``start``), or (None, None).

    >>> read_date("It said on Tuesday it had raised $5m.", 0, datetime.date(2024, 3, 6))
    (datetime.date(2024, 3, 5), (8, 18))
    """
    match = lexicon.DAY_RE.search(sentence)
    if match is None:
        return None, None
    span = (match.start() + start, match.end() + start)
    if match.group(2):
        # A day and month without a year take the article's year
        year = match.group(4) or (published and published.year)
        month = lexicon.MONTHS.index(match.group(2).lower()) + 1
        try:
            return (
                (datetime.date(int(year), month, int(match.group(3))), span)
                if year
                else (None, None)
            )
        except ValueError:
            return None, None
    if published is None:
        return None, None
    if match.group(5):
        day = int(match.group(5))
        if 1 <= day <= published.day:
            return published.replace(day=day), span
        return None, None
    word = match.group(1).lower()
    if word == "today":
        return published, span
    if word == "yesterday":
        back = 1
    else:
        back = (published.weekday() - lexicon.WEEKDAYS.index(word)) % 7
    try:
        return published - datetime.timedelta(days=back), span
    except OverflowError:
        # A feed's zero date (0001-01-01) has no day before it:
        return None, None


def older_year(sentence: str, published: datetime.date | None) -> bool:
    """Whether the sentence names a year before the article's."""
    if published is None:
        return False
    return any(int(y) < published.year for y in _YEAR_RE.findall(sentence))


_MONTH_NAMES = patterns.by_first_letter("|".join(lexicon.MONTHS))
_MONTH_RE = re.compile(
    rf"\b({_MONTH_NAMES})(?:\s(?:of\s)?((?:19|20)\d\d)|\s(last|this)\syear)\b",
    re.IGNORECASE,
)


def read_month(
    sentence: str, start: int, published: datetime.date | None
) -> tuple[datetime.date, Span] | None:
    """The month a sentence gives without a day, as the first of that month, with its span;
    None when it gives none (a year alone is no month).

    >>> read_month("It raised $5m in February 2023.", 0, None)
    (datetime.date(2023, 2, 1), (17, 30))
    >>> read_month("It raised $5m in March last year.", 0, datetime.date(2024, 6, 1))[0]
    datetime.date(2023, 3, 1)
    >>> read_month("It raised $5m in 2021.", 0, None) is None
    True
    """
    match = _MONTH_RE.search(sentence)
    if match is None:
        return None
    span = (match.start() + start, match.end() + start)
    month = lexicon.MONTHS.index(match.group(1).lower()) + 1
    if match.group(2):
        year = int(match.group(2))
    elif published is not None and published.year > 1:
        year = published.year - (match.group(3).lower() == "last")
    else:
        return None
    return datetime.date(year, month, 1), span
