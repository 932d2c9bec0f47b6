"""Dates in a sentence: "on Tuesday", "yesterday", "March 5", read against the article's date."""

from __future__ import annotations

import datetime
import re

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
