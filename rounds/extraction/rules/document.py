"""One article as the stages read it: its text, sentences, their subjects and the known names."""

from __future__ import annotations

import datetime
import re
from collections import Counter
from collections.abc import Iterable

from rounds.extraction.names import normalize_name
from rounds.extraction.rules import clauses
from rounds.extraction.rules.orgs import (
    DESCRIPTION_AFTER_RE,
    Name,
    is_common_opener,
    is_valid_name,
    names_a_person,
    word_spans,
)
from rounds.extraction.rules.sentences import split_sentences

_PRONOUN_RE = re.compile(r"(?:it|they)\b", re.IGNORECASE)
_WORD_RE = re.compile(r"[^\W\d_]{4,}")
_TOKEN_RE = re.compile(r"[\w&.'’-]+")
_AUXILIARIES = frozenset(
    [
        "has",
        "have",
        "had",
        "is",
        "are",
        "was",
        "were",
        "will",
        "would",
        "also",
        "just",
        "now",
    ]
)
_OPENING_RE = re.compile(r"[\s\"'“‘(\[*•·–—-]*(?:\d{1,2}[.)]\s*)?$")


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
        self._starts = frozenset(start for start, _ in self.sentences)
        self._subjects: dict[int, Name | None] = {}
        self._persons: dict[str, bool] = {}
        self._headline_end: int | None = None

    def sentence(self, index: int) -> str:
        start, end = self.sentences[index]
        return self.text[start:end]

    def subject(self, index: int) -> Name | None:
        """The name sentence ``index`` is about, at its place in the text."""
        start, end = self.sentences[index]
        if start not in self._subjects:
            found = clauses.sentence_subject(self.text[start:end])
            if found is not None:
                found = self.without_opener(
                    (found[0], found[1] + start, found[2] + start)
                )
                found = (found[0], found[1] - start, found[2] - start)
            self._subjects[start] = found
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
            if (
                subject is None
                or self.is_investor(subject[0])
                or not self.could_be_company(subject)
            ):
                continue
            key = normalize_name(subject[0])
            counts[key] += 1
            first.setdefault(key, subject)
        for key, count in counts.most_common(1):
            if count >= 2:
                return first[key]
        return None

    def is_person(self, name: str) -> bool:
        """Whether the article names ``name`` as a person (asked once per name)."""
        if name not in self._persons:
            self._persons[name] = names_a_person(self.text, name)
        return self._persons[name]

    def opens_sentence(self, position: int) -> bool:
        """Whether ``position`` is the first word of a sentence, a line or a list item."""
        if position in self._starts:
            return True
        line_start = self.text.rfind("\n", 0, position) + 1
        return _OPENING_RE.match(self.text, line_start, position) is not None

    def is_line(self, start: int, end: int) -> bool:
        """Whether the span is a whole line of the text (bullets and spaces aside)."""
        line_start = self.text.rfind("\n", 0, start) + 1
        opens = _OPENING_RE.match(self.text, line_start, start) is not None
        return opens and (end == len(self.text) or self.text[end] == "\n")

    def without_opener(self, name: Name) -> Name:
        """A name opening a sentence without the ordinary word before it ("Reports Acme")."""
        first, _, rest = name[0].partition(" ")
        if rest and self.opens_sentence(name[1]) and is_common_opener(first):
            start = name[2] - len(rest)
            return (rest, start, name[2])
        return name

    def could_be_company(self, name: Name) -> bool:
        """Whether a name found in the funded company's place can be a company at all: not a
        person, not a place, not an ordinary word capitalised because it opens a sentence."""
        text = name[0]
        if not is_valid_name(text) or self.is_person(text):
            return False
        if " " in text or not self.opens_sentence(name[1]) or self.is_company(text):
            return True
        if is_common_opener(text):
            return False
        # "Financial software provider to SMEs, Acme, ...": a capitalised adjective opening a
        # description
        if DESCRIPTION_AFTER_RE.match(self.text, name[2]):
            return False
        # "Recycling is ...": a word the article also writes in lower case is no name
        lower = text.lower()
        return text[1:] != lower[1:] or not word_spans(lower, self.text)

    @property
    def headline_end(self) -> int:
        """Where the headline ends: the first line when it has no full stop, else 0."""
        if self._headline_end is None:
            end = self.text.find("\n")
            end = len(self.text) if end < 0 else end
            line = self.text[:end].rstrip()
            self._headline_end = 0 if line.endswith((".", "!", "?")) else end
        return self._headline_end

    def as_the_body_names_it(self, name: Name) -> Name:
        """A name read in a Title Case headline, cut to the words the body uses as a name:
        "Robotics Startup Acme Closes $5M" names Acme when the body says "Acme"."""
        if name[1] >= self.headline_end or " " not in name[0]:
            return name
        headline = self.text[: self.headline_end]
        words = _WORD_RE.findall(headline)
        if sum(w[0].isupper() for w in words) < 0.6 * max(1, len(words)):
            return name
        body = self.text[self.headline_end :]
        parts = name[0].split()
        for size in range(len(parts), 0, -1):
            for first in range(len(parts) - size, -1, -1):
                words_of = " ".join(parts[first : first + size])
                if word_spans(words_of, body):
                    at = name[1] + name[0].index(words_of)
                    return (words_of, at, at + len(words_of))
        return name

    def known_company_before(self, text: str, end: int) -> Name | None:
        """A company the database knows, named by the last words of ``text[:end]`` (auxiliary
        verbs aside): the gazetteer recognises "Finally raised" where rules see an adverb."""
        if not self.known_companies:
            return None
        words = list(_TOKEN_RE.finditer(text, max(0, end - 120), end))
        while words and words[-1].group(0).lower() in _AUXILIARIES:
            words.pop()
        for size in range(min(5, len(words)), 0, -1):
            first, last = words[-size], words[-1]
            candidate = text[first.start() : last.end()]
            if normalize_name(candidate) in self.known_companies:
                return (candidate, first.start(), last.end())
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
