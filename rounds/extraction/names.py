"""The comparison key of organisation names: one ``normalize_name`` for the extractor and the app."""

from __future__ import annotations

import unicodedata
from functools import lru_cache

# Legal forms and group words that end a company's name; "The" may start one.
_LEGAL_SUFFIXES = frozenset(
    {
        "inc", "incorporated", "ltd", "limited", "llc", "llp", "lp", "corp",
        "corporation", "co", "company", "plc", "gmbh", "ag", "sa", "sas", "sarl",
        "bv", "nv", "pte", "pvt", "private", "holding", "holdings", "group", "srl",
        "spa", "ltda", "ab", "asa", "oy", "oyj", "kk", "bhd", "sdn", "ооо", "оао",
        "зао", "пао", "ао",
    }
)  # fmt: skip
# Scripts written without spaces put the legal form at the end of the word itself:
_LEGAL_ENDINGS = (
    "股份有限公司",
    "有限责任公司",
    "有限公司",
    "株式会社",
    "有限会社",
    "集团",
    "公司",
)


@lru_cache(maxsize=65_536)
def normalize_name(name: str) -> str:
    """Return the comparison key of an organisation's name: "" when it has no letter or digit.

    Letters of every script are kept (NFKC, case-folded); accents on Latin letters are dropped,
    because English news often drops them; punctuation, symbols and invisible characters go,
    and so do a leading "The" and the legal form at the end, unless the name is nothing else.

    >>> normalize_name("Alibaba Group Holding Ltd.")
    'alibaba'
    >>> normalize_name("Zürich Ventures & Co")
    'zurich ventures'
    >>> normalize_name("Сбер Венчурс"), normalize_name("字节跳动")
    ('сбер венчурс', '字节跳动')
    >>> normalize_name("\u200b\u200d")
    ''
    """
    text = unicodedata.normalize("NFKC", name)
    if not text.isascii():
        text = _without_latin_accents(text)
    text = text.casefold().replace("&", " and ")
    words = "".join(map(_key_char, text)).split()
    return " ".join(_without_legal_form(words) or words)


def _without_legal_form(words: list[str]) -> list[str]:
    core = words[1:] if words[:1] == ["the"] else list(words)
    while core and (core[-1] in _LEGAL_SUFFIXES or core[-1] == "and"):
        core.pop()
    if core:
        last = core[-1]
        for ending in _LEGAL_ENDINGS:
            if last.endswith(ending) and len(last) > len(ending):
                core[-1] = last[: -len(ending)]
                break
    return core


def _without_latin_accents(text: str) -> str:
    # Only marks on a Latin base letter: on kana or Cyrillic they tell different letters apart.
    decomposed = unicodedata.normalize("NFD", text)
    kept = [
        char
        for index, char in enumerate(decomposed)
        if not (
            unicodedata.category(char) == "Mn"
            and index
            and decomposed[index - 1].isascii()
        )
    ]
    return unicodedata.normalize("NFC", "".join(kept))


def _key_char(char: str) -> str:
    category = unicodedata.category(char)
    if category[0] in "LMN":
        return char
    # Zero-width joiners and other format characters are invisible: they join, never split.
    return "" if category == "Cf" else " "
