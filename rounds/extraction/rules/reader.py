"""``extract_rounds``: the stages run in order over one article."""

from __future__ import annotations

import dataclasses
import datetime
import re
from collections.abc import Iterable

from rounds.extraction.rules.candidates import CandidateBuilder
from rounds.extraction.rules.document import Document
from rounds.extraction.rules.frames import Frame, FrameReader
from rounds.extraction.rules.grouping import Rounds
from rounds.extraction.types import Evidence, RoundCandidate

MAX_CHARS = 200_000
_CONTROL_RE = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffd]")


def extract_rounds(
    text: str,
    published: datetime.date | None = None,
    *,
    title: str = "",
    known_companies: Iterable[str] = (),
    known_investors: Iterable[str] = (),
) -> list[RoundCandidate]:
    """Funding-round candidates supported by ``text``, each value with its evidence span.

    ``title`` is the headline, read as the article's first sentence unless the text already
    starts with it; evidence spans always point into ``text`` (a value found only in the
    headline has no span). ``known_companies`` and ``known_investors`` are names the database already holds: a
    company or investor named that way is recognised with more confidence.

    >>> [c.company for c in extract_rounds("Acme Robotics has raised $12 million in a Series A round led by Foo Ventures.")]
    ['Acme Robotics']
    >>> extract_rounds("")
    []
    """
    if not isinstance(text, str) or not text.strip() or _looks_binary(text):
        return []
    text = text[:MAX_CHARS]
    head = _headline(title, text)
    doc = Document(head + text, published, known_companies, known_investors)
    rounds = Rounds(doc)
    frames = FrameReader(doc, rounds)
    for index in range(len(doc.sentences)):
        for found in frames.read(index):
            if isinstance(found, Frame):
                rounds.add(found)
            else:
                rounds.note_status(found, index)
    candidates = CandidateBuilder(doc, rounds).candidates()
    if not head:
        return candidates
    return [_spans_in_body(c, len(head), doc.text) for c in candidates]


def _headline(title: str, text: str) -> str:
    title = " ".join(title.split())[:500] if isinstance(title, str) else ""
    if not title or " ".join(text[: len(title) * 2].split()).startswith(title):
        return ""
    return title + "\n\n"


def _spans_in_body(
    candidate: RoundCandidate, offset: int, combined: str
) -> RoundCandidate:
    # A value read in the headline points to where the body says it too, if it does
    spans = []
    for span in candidate.evidence:
        if span.start >= offset:
            spans.append(Evidence(span.field, span.start - offset, span.end - offset))
            continue
        value = combined[span.start : span.end]
        found = combined.find(value, offset) if value else -1
        if found >= 0:
            spans.append(
                Evidence(span.field, found - offset, found - offset + len(value))
            )
    return dataclasses.replace(candidate, evidence=tuple(spans))


def _looks_binary(text: str) -> bool:
    sample = text[:4096]
    return len(_CONTROL_RE.findall(sample)) > len(sample) // 20
