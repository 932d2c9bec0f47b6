"""Split article text into sentences, keeping character offsets into the original text."""

from __future__ import annotations

import re

from rounds.extraction import patterns
from rounds.extraction.rules import lexicon
from rounds.extraction.rules.orgs import is_common_opener

MAX_SENTENCE = 1200

_PARAGRAPH_RE = re.compile(r"\n[ \t]*\n+")
# A full stop and a capital, with a space between, or with none before an ordinary word
# ("in Korea.An investment", as careless copy writes it; "Origin.Bio" is a name)
_BOUNDARY_RE = patterns.starting(
    "_BOUNDARY_RE",
    ".!?…:",
    r"[.!?…:][\"'”’)]?\s+(?=[\"'“‘(]?[A-ZÀ-ÖØ-Þ0-9])|\s\+\+\+\s|(?<=[a-z]{3})\.(?=(?P<next>[A-Z][a-z’']*)\s)",
    classes=r"\s",
)
_ABBREVIATIONS = frozenset(
    [
        "inc",
        "corp",
        "ltd",
        "co",
        "mr",
        "mrs",
        "ms",
        "dr",
        "st",
        "jr",
        "sr",
        "no",
        "vs",
        "u.s",
        "u.k",
        "e.g",
        "i.e",
        *lexicon.MONTH_ABBREVIATIONS,
        "rs",
        "approx",
        "ca",
        "bhd",
        "pvt",
        "plc",
    ]
)
_WORD_BEFORE_STOP_RE = re.compile(r"([\w.]+)\.$")
_SERIES_END_RE = re.compile(r"(?:[Ss]eries|[Cc]lass|[Rr]ound)\s\w\.$")
_TERMINAL = '.!?:"”’)'


def split_sentences(text: str) -> list[tuple[int, int]]:
    """(start, end) spans of the sentences of ``text``.

    >>> text = "Acme Inc. raised $5m. It was led by Foo.\\nBar Ltd said so"
    >>> [text[s:e] for s, e in split_sentences(text)]
    ['Acme Inc. raised $5m.', 'It was led by Foo.', 'Bar Ltd said so']
    """
    spans: list[tuple[int, int]] = []
    hard_wrapped = _looks_hard_wrapped(text)
    for start, end in _paragraphs(text):
        for line_start, line_end in _lines(text, start, end, hard_wrapped):
            spans.extend(_split_line(text, line_start, line_end))
    return spans


def _paragraphs(text: str) -> list[tuple[int, int]]:
    spans, start = [], 0
    for match in _PARAGRAPH_RE.finditer(text):
        spans.append((start, match.start()))
        start = match.end()
    spans.append((start, len(text)))
    return spans


def _lines(
    text: str, start: int, end: int, hard_wrapped: bool
) -> list[tuple[int, int]]:
    # Hard-wrapped wire copy breaks lines mid-sentence; elsewhere a line break ends a headline or item
    spans, line_start = [], start
    position = text.find("\n", start, end)
    while position != -1:
        before = text[line_start:position].rstrip()
        if not hard_wrapped or not before or before[-1] in _TERMINAL:
            spans.append((line_start, position))
            line_start = position + 1
        position = text.find("\n", position + 1, end)
    spans.append((line_start, end))
    return spans


def _split_line(text: str, start: int, end: int) -> list[tuple[int, int]]:
    spans, sentence_start = [], start
    for match in _BOUNDARY_RE.finditer(text, start, end):
        cut = match.start() + 1
        window = text[max(start, cut - 12) : cut]
        word = _WORD_BEFORE_STOP_RE.search(window)
        # "J. Smith" is an initial, but "a Series A. Then" ends a sentence
        initial = (
            word is not None
            and len(word.group(1)) == 1
            and not _SERIES_END_RE.search(window)
        )
        if word and (word.group(1).lower() in _ABBREVIATIONS or initial):
            continue
        if match["next"] and not is_common_opener(match["next"]):
            continue
        if text[match.start()] == ":" and match.start() - start <= 40:
            # "Acme: $5M seed from Foo": a roundup line's headword, not a sentence of its own
            continue
        spans.extend(_trimmed(text, sentence_start, cut))
        sentence_start = match.end()
    spans.extend(_trimmed(text, sentence_start, end))
    return spans


def _trimmed(text: str, start: int, end: int) -> list[tuple[int, int]]:
    while start < end and text[start] in " \t\r\n+-•*":
        start += 1
    while end > start and text[end - 1] in " \t\r\n+":
        end -= 1
    if start >= end:
        return []
    # Bound the work per sentence: real sentences are short, run-on garbage is cut
    return [(s, min(s + MAX_SENTENCE, end)) for s in range(start, end, MAX_SENTENCE)]


def _looks_hard_wrapped(text: str) -> bool:
    lines = [line for line in text[:20000].split("\n") if line.strip()]
    if len(lines) < 6:
        return False
    open_lines = [
        line
        for line in lines
        if 40 <= len(line) <= 80 and line.rstrip()[-1] not in _TERMINAL
    ]
    return len(open_lines) >= 0.5 * len(lines)
