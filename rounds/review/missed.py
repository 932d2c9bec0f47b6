"""Rounds the extractor missed, added by an editor from a passage of the article.

The passage is read by the extractor, as if it were an article of its own, so the proposal form
opens with the figures and names it finds there; the passage itself is the proposal's evidence.
"""

from __future__ import annotations

import dataclasses
import re

from django.contrib.auth.models import AbstractBaseUser
from django.db import transaction

from rounds.extraction import extract_rounds
from rounds.extraction.types import Evidence, RoundCandidate
from rounds.ingestion import matching
from rounds.models import Article, RoundProposal

# The evidence field of the passage an editor selected.
SELECTION = "selection"
_QUOTES = str.maketrans({"“": '"', "”": '"', "‘": "'", "’": "'"})


def locate(
    text: str, passage: str, start: int | None, end: int | None
) -> tuple[int, int] | None:
    """Where `passage` is in `text`: at start:end when it is there, else its first occurrence.

    Runs of whitespace and curly or straight quotes count as alike, since a passage copied
    from a page or typed by hand differs from the stored text in those.

    >>> locate("Acme raised  $5M. More.", "raised $5M", None, None)
    (5, 16)
    """
    words = passage.translate(_QUOTES).split()
    if not words:
        return None
    selected = (
        start is not None
        and end is not None
        and 0 <= start < end <= len(text)
        and text[start:end].translate(_QUOTES).split() == words
    )
    if selected:
        return start, end
    pattern = r"\s+".join(re.escape(word) for word in words)
    found = re.search(pattern, text.translate(_QUOTES))
    return (found.start(), found.end()) if found else None


@transaction.atomic
def add_missed_round(
    article: Article, start: int, end: int, *, editor: AbstractBaseUser
) -> RoundProposal:
    """A pending proposal for the round that text[start:end] tells of, added by `editor`.

    The extractor reads the passage; its first round (a primary one if any) fills the
    proposal, with the evidence spans moved to the article's offsets, and the passage is added
    as evidence. A passage with no round the extractor sees gives an empty proposal for the
    editor to fill. Adding the same passage twice gives the same proposal.
    """
    passage = article.text[start:end]
    companies, investors = matching.known_names(passage)
    candidates = extract_rounds(
        passage,
        article.published_on,
        known_companies=companies,
        known_investors=investors,
    )
    found = next((c for c in candidates if c.primary), None) or next(
        iter(candidates), RoundCandidate(company="")
    )
    moved = found.moved(start)
    candidate = dataclasses.replace(
        moved,
        evidence=(*moved.evidence, Evidence(SELECTION, start, end)),
        fingerprint=f"added|{start}|{end}",
        provenance=(),
    )
    proposal, created = RoundProposal.objects.get_or_create(
        article=article,
        fingerprint=candidate.fingerprint,
        defaults={"candidate": candidate.to_json(), "added_by": editor},
    )
    if created:
        matching.fill_proposal(proposal, candidate)
    return proposal
