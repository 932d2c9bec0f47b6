"""One article as the stages read it: its text, sentences, their subjects and the known names."""

from __future__ import annotations

import datetime
import re
from collections import Counter
from collections.abc import Iterable

from rounds.extraction.names import normalize_name
from rounds.extraction.rules import clauses
from rounds.extraction.rules.orgs import Name
from rounds.extraction.rules.sentences import split_sentences

_PRONOUN_RE = re.compile(r"(?:it|they)\b", re.IGNORECASE)


class Document:
    """The text of one article with what every stage asks of it, computed once."""

    def __init__(
        self,
        text: str,
        published: datetime.date | None,
        known_companies: Iterable[str],
        known_investors: Iterable[str],
    ) -> None:
        self.text = text
        self.published = published
        self.known_companies = frozenset(normalize_name(n) for n in known_companies)
        self.known_investors = frozenset(normalize_name(n) for n in known_investors)
        self.sentences = split_sentences(text)
        self._subjects: dict[int, Name | None] = {}

    def sentence(self, index: int) -> str:
        start, end = self.sentences[index]
        return self.text[start:end]

    def subject(self, index: int) -> Name | None:
        """The name sentence ``index`` is about, at its place in the text."""
        start, end = self.sentences[index]
        if start not in self._subjects:
            self._subjects[start] = clauses.sentence_subject(self.text[start:end])
        subject = self._subjects[start]
        return (subject[0], subject[1] + start, subject[2] + start) if subject else None

    def previous_subject(self, index: int) -> Name | None:
        """The subject of the closest of the five sentences before ``index`` that names one."""
        for before in range(index - 1, max(-1, index - 6), -1):
            subject = self.subject(before)
            if subject is not None and not _PRONOUN_RE.match(subject[0]):
                return subject
        return None

    def subjects_found(self) -> list[Name]:
        """The subjects of the sentences read so far, at their places in the text."""
        return [
            (subject[0], subject[1] + start, subject[2] + start)
            for start, subject in self._subjects.items()
            if subject is not None
        ]

    def salient_name(self) -> Name | None:
        # The company most sentences are about stands in for "the startup" when nothing else does
        counts: Counter[str] = Counter()
        first: dict[str, Name] = {}
        for index in range(min(40, len(self.sentences))):
            subject = self.subject(index)
            if subject is None or self.is_investor(subject[0]):
                continue
            key = normalize_name(subject[0])
            counts[key] += 1
            first.setdefault(key, subject)
        for key, count in counts.most_common(1):
            if count >= 2:
                return first[key]
        return None

    def is_investor(self, name: str) -> bool:
        return normalize_name(name) in self.known_investors

    def is_company(self, name: str) -> bool:
        return normalize_name(name) in self.known_companies

    def in_headline(self, end: int) -> bool:
        # Headlines end without a full stop; the body then says "about" or "more than"
        line_end = self.text.find("\n", end)
        line = self.text[end : line_end if line_end >= 0 else len(self.text)]
        return not line.rstrip().endswith((".", "!", "?", '"', "”"))
