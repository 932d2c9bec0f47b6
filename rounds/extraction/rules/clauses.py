"""Where a sentence names its subject, its object and its clauses.

Helpers that read one sentence: the name a sentence is about, the name before a verb once
appositives and opening adverbials are skipped, the company after "in", "into" or "for".
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from rounds.extraction.rules import lexicon
from rounds.extraction.rules.orgs import (
    Name,
    is_valid_name,
    name_in_phrase,
    name_runs,
    names_in_list,
)

_GERMAN_RE = re.compile(
    r"\b(?:der|die|das|eine[rnm]?|ein|und|von|mit|hat|wurde|im|für)\b"
)
_AWARDED_RE = re.compile(
    r"\bawarded\s([A-Z][\w.-]*(?:\s[A-Z][\w.-]*){0,3})\s(?:a|an)\s[^;]{0,30}?\bgrant\b"
)
_APPOSITIVE_START_RE = re.compile(
    r"\s*(?:a|an|the|which|who|whose|one\sof|formerly|eine?|einer)\s", re.IGNORECASE
)
_FINITE_VERB_RE = re.compile(
    r"\b(?:is|are|was|were|has|have|had|will|would|said|says)\b"
)
_BY_PHRASE_RE = re.compile(r"\s(?:founded|co-founded|backed|run|headed|owned)\sby\s")
_PARTICIPLE_APPOSITIVE_RE = re.compile(
    r"\s*(?:founded|co-founded|backed|run|headed|owned|formed|launched|set\sup|started|created|built|incubated|spun)\b"
)
# Where the first noun phrase of a sentence ends: its verb, a comma or a dash
# (each match starts with a space or a comma, which the lookahead lets the engine skip to)
_SUBJECT_END_RE = re.compile(
    r"(?=[\s,])(?:\s(?:is|are|was|were|has|have|had|said|says|announced|announces|will|would|can|could|did|does|plans|"
    r"led|leads|joins|joined|invested|raised|raises|secured|closed|tells|told|reports|reported|hat|ist|wurde)\s|,|\s[—–-]+\s)",
)
FOCUS: Name = (
    "",
    -1,
    -1,
)  # a pronoun or a description that means the company the text is about


def sentence_subject(sentence: str) -> Name | None:
    """The name a sentence is about, read from its first noun phrase."""
    head_start = 0
    dateline = lexicon.dateline(sentence)
    if dateline:
        head_start = dateline.end()
    segments = sentence[head_start:].split(",")
    while len(segments) > 1 and (
        lexicon.LEADING_ADVERBIAL_RE.match(segments[0].strip())
        or lexicon.OPENING_CLAUSE_RE.match(segments[0].strip())
    ):
        head_start += len(segments[0]) + 1
        segments = segments[1:]
    head = sentence[head_start:]
    verb = _SUBJECT_END_RE.search(head)
    phrase = head[: verb.start()] if verb else head[:80]
    raise_verb = lexicon.RAISE_RE.search(phrase)
    if raise_verb:
        phrase = phrase[: raise_verb.start()]
    found = name_in_phrase(phrase, first=True)
    if found is None:
        return None
    return (found[0], found[1] + head_start, found[2] + head_start)


# "Acme — a maker of X — has": an aside between dashes, blanked before the pieces are cut
_DASHED_ASIDE_RE = re.compile(r"—[^—]{0,160}—|\s–\s[^–]{0,160}\s–\s")
_PIECE_SPLIT_RE = re.compile(r",|\s[—–]\s|—")
_PRONOUN_SUBJECT_RE = re.compile(
    r"\s*(?:it|the\s(?:[\w-]+\s){0,3}?(?:company|startup|start-up|firm|business))\s*",
    re.IGNORECASE,
)
# The words that open an appositive: first with "the", then without it ("the maker of X"
# may be the only piece left to name the subject)
_APPOSITIVE_OPENERS = tuple(
    re.compile(
        rf"(?:{words}|one\sof|formerly|based|founded|of|hat|haben|ist|wird|wurde|eine?|einer)\b"
    )
    for words in ("a|an|the|which|who|whose", "a|an|which|who|whose")
)


def name_of_subject(left: str) -> Name | None:
    """The subject's name in the text before a verb: appositives and leading adverbials skipped."""
    pieces: list[tuple[int, str]] = []
    position = 0
    left = _DASHED_ASIDE_RE.sub(lambda m: " " * len(m.group(0)), left)
    for piece in _PIECE_SPLIT_RE.split(left):
        offset = left.find(piece, position)
        pieces.append((offset, piece))
        position = offset + len(piece)
    while len(pieces) > 1 and (
        lexicon.LEADING_ADVERBIAL_RE.match(pieces[0][1].strip())
        or lexicon.OPENING_CLAUSE_RE.match(pieces[0][1].strip())
    ):
        pieces = pieces[1:]
    for offset, piece in pieces[1:]:
        if lexicon.OWNER_RE.match(piece):
            found = name_in_phrase(piece)
            if found:
                return (found[0], found[1] + offset, found[2] + offset)
    # "Acme, the Austin-based maker of X, has" or "The startup, founded by A, B and C, had":
    # from the first appositive on, the pieces describe the subject and name other things
    for index, (_, piece) in enumerate(pieces[1:], start=1):
        appositive = _PARTICIPLE_APPOSITIVE_RE.match(
            piece
        ) or _APPOSITIVE_START_RE.match(piece)
        # ... unless a later piece is a clause of its own ("... is seeking more than Acme")
        if appositive and not any(
            _FINITE_VERB_RE.search(p) for _, p in pieces[index + 1 :]
        ):
            pieces = pieces[:index]
            break
    pieces = [(offset, _BY_PHRASE_RE.split(piece)[0]) for offset, piece in pieces]
    if _PRONOUN_SUBJECT_RE.fullmatch(pieces[0][1]):
        return FOCUS
    # The subject is the last piece that is not an appositive ("Acme, the maker of X, has")
    for appositives in _APPOSITIVE_OPENERS:
        for offset, piece in reversed(pieces):
            stripped = piece.strip()
            if (
                not stripped
                or appositives.match(stripped)
                or lexicon.LEADING_ADVERBIAL_RE.match(stripped)
            ):
                continue
            # An English noun phrase ends in its head ("AI coding assistant Acme"); when
            # more words follow the first name ("Acme went back ... and"), that name leads
            runs = name_runs(piece.rstrip(" ,"))
            ends_in_name = bool(runs) and runs[-1][2] == len(piece.rstrip(" ,"))
            head_last = ends_in_name and not _GERMAN_RE.search(piece)
            found = name_in_phrase(piece, first=not head_last)
            if found is not None and is_valid_name(found[0]):
                return (found[0], found[1] + offset, found[2] + offset)
    return None


def name_of_possessor(match: re.Match[str]) -> Name | None:
    # "Decoding Acme's Series C": a sentence-initial gerund is not part of the name
    runs = name_runs(match.group(1))
    if not runs:
        return None
    name, start, end = runs[-1]
    words = name.split()
    if len(words) > 1 and re.fullmatch(r"[A-Z][a-z]{3,}ing", words[0]) and start == 0:
        name = " ".join(words[1:])
        start = end - len(name)
    if not is_valid_name(name):
        return None
    return (name, start + match.start(1), end + match.start(1))


def antecedent(left: str) -> Name | None:
    # "... from Acme, a security startup that raised": the name before the appositive
    left = left.rstrip(" ,")
    appositive = re.search(r",\s*(?:a|an|the)\s[^,]*$", left)
    if appositive:
        left = left[: appositive.start()]
    runs = name_runs(left)
    return runs[-1] if runs else None


# "in a", "for the", "to its": a phrase after the preposition that names no company
_NO_TARGET_RE = re.compile(
    r"(?:a|an|the|its|their|this|that|which|recent|exchange|return|order|part|total|\d)\b",
    re.IGNORECASE,
)
_THE_COMPANY_RE = re.compile(r"the\s(?:company|startup|firm|business)\b", re.IGNORECASE)


def object_company(sentence: str) -> Name | None:
    # "A led a $50M round in Acme", "invested $100m in Indonesia-based platform Acme"
    awarded = _AWARDED_RE.search(sentence)
    if awarded is not None:
        return (awarded.group(1), awarded.start(1), awarded.end(1))
    anchors = [
        m.start()
        for m in (
            lexicon.INVEST_RE.search(sentence),
            lexicon.ROUND_NOUN_RE.search(sentence),
            lexicon.STAKE_RE.search(sentence),
        )
        if m
    ]
    if not anchors:
        return None
    for match in lexicon.TARGET_RE.finditer(sentence, min(anchors)):
        rest = sentence[match.end() :]
        described = _described_object(rest)
        if described is not None:
            return (
                described[0],
                described[1] + match.end(),
                described[2] + match.end(),
            )
        if _NO_TARGET_RE.match(rest):
            if _THE_COMPANY_RE.match(rest):
                return FOCUS
            continue
        end = lexicon.NP_END_RE.search(rest)
        phrase = rest[: end.start()] if end else rest[:80]
        if not phrase[:1].isupper() and not lexicon.DESCRIPTOR_NAME_RE.search(phrase):
            continue
        after_comma = end is not None and rest[end.start()] == ","
        found = name_in_phrase(phrase)
        appositive = after_comma and (
            found is None
            and re.search(
                r"(?:platform|startup|company|firm|rival|app|service)\s*$", phrase
            )
            or found is not None
            and re.match(r"['’]s?\b", phrase[found[2] : found[2] + 2])
        )
        if appositive and end is not None:
            runs = name_runs(rest[end.end() : end.end() + 60])
            if runs and runs[0][1] <= 2:
                base = match.end() + end.end()
                return (runs[0][0], runs[0][1] + base, runs[0][2] + base)
        if found is None or found[0].lower() in lexicon.MONTHS:
            continue
        return (found[0], found[1] + match.end(), found[2] + match.end())
    return None


def _described_object(rest: str) -> Name | None:
    # "the Chinese AI startup Acme", "a Berlin-based fintech called Acme": the name after the
    # description ("a startup, Acme said" is another clause)
    described = lexicon.DESCRIBED_OBJECT_RE.match(rest)
    if described is None:
        return None
    tail = rest[described.end() : described.end() + 80]
    runs = name_runs(tail)
    if not runs or runs[0][1] != 0:
        return None
    name, start, end = runs[0]
    if (
        name.lower() in lexicon.MONTHS
        or not is_valid_name(name)
        or ("," in described.group(0) and lexicon.CLAUSE_VERB_RE.match(tail, end))
    ):
        return None
    return (name, start + described.end(), end + described.end())


# A new clause starts after an amount ("$5 million and B put in") or ", and a group of"
_AMOUNT_AND_RE = re.compile(
    r"(?:million|billion|crore|lakh|won|yen|yuan|euros?|dollars|\d[MmBbKk]n?)\s+(?:and|while|whereas)\s"
    r"|,\s+and\s+(?=[a-z])"
)
_TRAILING_AUXILIARIES_RE = re.compile(
    r"(?:\s*\b(?:has|have|had|is|are|was|were|also|both|all|will|would|too)\b)+\s*$"
)


def clause_before(sentence: str, position: int) -> str:
    # The subject of a verb: back to the clause start ("In July, A and B led" -> "A and B")
    left = sentence[:position]
    cuts = [
        left.rfind(word) + len(word)
        for word in (
            "; ",
            " but ",
            " while ",
            " whereas ",
            " that ",
            " dass ",
            " when ",
            " after ",
        )
        if word in left
    ]
    amount_and = list(_AMOUNT_AND_RE.finditer(left))
    if amount_and:
        cuts.append(amount_and[-1].end())
    cut = max(c for c in cuts) if cuts else -1
    if cut > 0:
        left = left[cut:]
    segments = left.split(",")
    while len(segments) > 1 and (
        lexicon.LEADING_ADVERBIAL_RE.match(segments[0].strip())
        or lexicon.OPENING_CLAUSE_RE.match(segments[0].strip())
    ):
        segments = segments[1:]
    left = ",".join(segments)
    return _TRAILING_AUXILIARIES_RE.sub(lambda match: " " * len(match.group(0)), left)


def iter_if(
    condition: bool, pattern: re.Pattern[str], text: str
) -> Iterator[re.Match[str]]:
    # A cheap substring test first: most sentences cannot match the pattern at all
    return pattern.finditer(text) if condition else iter(())


def shifted_list(sentence: str, offset: int, limit: int | None = None) -> list[Name]:
    segment = (
        sentence[offset : offset + limit] if limit is not None else sentence[offset:]
    )
    return [(n, s + offset, e + offset) for n, s, e in names_in_list(segment)]


def shift_names(names: list[Name], offset: int) -> list[Name]:
    return [(n, s + offset, e + offset) for n, s, e in names]
