"""The comparison key of organisation names: one ``normalize_name`` for the extractor and the app."""

from __future__ import annotations

import re
import unicodedata

# Legal forms and filler words that do not tell two organisations apart.
_FILLER_WORDS = frozenset(
    {
        "the", "inc", "incorporated", "ltd", "limited", "llc", "llp", "lp", "corp",
        "corporation", "co", "company", "plc", "gmbh", "ag", "sa", "sas", "sarl",
        "bv", "nv", "pte", "pvt", "private", "holding", "holdings", "group",
    }
)  # fmt: skip


def normalize_name(name: str) -> str:
    """Return the comparison key of an organisation's name.

    >>> normalize_name("Alibaba Group Holding Ltd.")
    'alibaba'
    >>> normalize_name("Zürich Ventures & Co")
    'zurich ventures and'
    """
    ascii_name = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode()
    words = re.findall(r"[a-z0-9]+", ascii_name.lower().replace("&", " and "))
    kept = [word for word in words if word not in _FILLER_WORDS]
    return " ".join(kept or words)
