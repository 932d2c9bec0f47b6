"""Finding the model's quotes in the article although it retypes quote marks and spaces.

A model copies a sentence but writes ' for ’, - for –, one space for a line break, or starts
the quote with a capital. ``FoldedText`` searches a folded copy of the text (NFKC, lower
case, one kind of quote mark and dash, whitespace runs as one space, invisible characters
gone) and maps what it finds back to offsets in the real text, so evidence spans point at
the article as stored.
"""

from __future__ import annotations

import re
import unicodedata
from bisect import bisect_left
from collections.abc import Iterator

Span = tuple[int, int]

_QUOTE_MARKS = str.maketrans(
    {
        **dict.fromkeys("‘’‚‛′´`ʼ", "'"),
        **dict.fromkeys("“”„‟″«»", '"'),
        **dict.fromkeys("‐‑‒–—―−", "-"),
    }
)
_WORD_RE = re.compile(r"\w+")


def fold(text: str) -> str:
    """The folded form of ``text`` that searches compare.

    >>> fold("  Acme’s  “Series\\nB” – led ")
    'acme\\'s "series b" - led'
    """
    if text.isascii():
        # The same folding, fast: names from the database are folded by the thousand
        return " ".join(text.replace("`", "'").lower().split())
    return _folded(text)[0].strip()


def _folded(text: str) -> tuple[str, list[int]]:
    chars: list[str] = []
    origins: list[int] = []
    after_space = False
    for index, char in enumerate(text):
        if char.isspace():
            if not after_space:
                chars.append(" ")
                origins.append(index)
            after_space = True
            continue
        if unicodedata.category(char) == "Cf":
            continue  # soft hyphens, zero-width joiners: invisible in the article
        normal = unicodedata.normalize("NFKC", char).translate(_QUOTE_MARKS).lower()
        chars.extend(normal)
        origins.extend([index] * len(normal))
        after_space = False
    return "".join(chars), origins


class FoldedText:
    """A text searchable by folded quotes and names; spans are offsets into ``text``."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.folded, self._origins = _folded(text)
        self._words = frozenset(_WORD_RE.findall(self.folded))

    def find(self, needle: str, within: Span | None = None) -> Span | None:
        """The first span of the text that reads as ``needle`` once both are folded.

        >>> text = FoldedText("It said:\\n“We’re  ready.”")
        >>> span = text.find('"we\\'re ready."')
        >>> text.text[span[0]:span[1]]
        '“We’re  ready.”'
        """
        return next(self._spans(fold(needle), within, whole_words=False), None)

    def find_name(self, name: str, within: Span | None = None) -> Span | None:
        """The first span that reads as ``name`` as whole words ("Acme" is not in "Acmeco")."""
        needle = fold(name)
        # Each word of a name found as whole words is a word of the text: a cheap test first
        if not self._words.issuperset(_WORD_RE.findall(needle)):
            return None
        return next(self._spans(needle, within, whole_words=True), None)

    def _spans(
        self, needle: str, within: Span | None, *, whole_words: bool
    ) -> Iterator[Span]:
        if not needle:
            return
        low, high = 0, len(self.folded)
        if within is not None:
            low = bisect_left(self._origins, within[0])
            high = bisect_left(self._origins, within[1])
        at = self.folded.find(needle, low, high)
        while at >= 0:
            end = at + len(needle)
            if not whole_words or self._bounded(at, end):
                yield self._origins[at], self._origins[end - 1] + 1
            at = self.folded.find(needle, at + 1, high)

    def _bounded(self, start: int, end: int) -> bool:
        # A name that begins or ends with punctuation ("Acme.") needs no boundary there
        before = self.folded[start - 1] if start else " "
        after = self.folded[end] if end < len(self.folded) else " "
        first, last = self.folded[start], self.folded[end - 1]
        return not (first.isalnum() and before.isalnum()) and not (
            last.isalnum() and after.isalnum()
        )
