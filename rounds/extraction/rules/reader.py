"""``extract_rounds``: the stages run in order over one article."""

from __future__ import annotations

import datetime
from collections.abc import Iterable

from rounds.extraction.rules.candidates import CandidateBuilder
from rounds.extraction.rules.document import Document
from rounds.extraction.rules.frames import Frame, FrameReader
from rounds.extraction.rules.grouping import Rounds
from rounds.extraction.types import RoundCandidate

MAX_CHARS = 200_000


def extract_rounds(
    text: str,
    published: datetime.date | None = None,
    *,
    known_companies: Iterable[str] = (),
    known_investors: Iterable[str] = (),
) -> list[RoundCandidate]:
    """Funding-round candidates supported by ``text``, each value with its evidence span.

    ``known_companies`` and ``known_investors`` are names the database already holds: a
    company or investor named that way is recognised with more confidence.

    >>> [c.company for c in extract_rounds("Acme Robotics has raised $12 million in a Series A round led by Foo Ventures.")]
    ['Acme Robotics']
    >>> extract_rounds("")
    []
    """
    if not isinstance(text, str) or not text.strip() or _looks_binary(text):
        return []
    doc = Document(text[:MAX_CHARS], published, known_companies, known_investors)
    rounds = Rounds(doc)
    frames = FrameReader(doc, rounds)
    for index in range(len(doc.sentences)):
        found = frames.read(index)
        if isinstance(found, Frame):
            rounds.add(found)
        elif found is not None:
            rounds.note_status(found, index)
    return CandidateBuilder(doc, rounds).candidates()


def _looks_binary(text: str) -> bool:
    sample = text[:4096]
    control = sum(
        1 for ch in sample if (ch < " " and ch not in "\n\r\t") or ch == "\ufffd"
    )
    return control > len(sample) // 20
